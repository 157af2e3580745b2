// Record through the proxy to a real upstream, replay from the file with the
// upstream gone: real sockets, the real core, a real recording file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, serve, type Server } from "../../index.js";
import { proxy } from "../proxy/node.js";
import { openRecording, replay, Recording, ERR_REPLAY_MODE, ERR_REPLAY_RECORDING, ERR_NO_RECORDED_ANSWER, type ReplayOptions } from "./index.js";
import { startUpstream, type Upstream } from "../../../tests/support/upstream.js";

let upstream: Upstream;
let dir: string;
const servers: Server[] = [];
beforeAll(async () => {
  upstream = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), "asedge-replay-"));
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let files = 0;
const newPath = () => join(dir, `r${++files}.asrr`);

/** A Node server: replay() in front of the proxy to the upstream (or nothing behind it). */
async function server(options: Omit<ReplayOptions, "recording"> & { recording: ReplayOptions["recording"] }, toUpstream = true) {
  const middleware = replay(options);
  const app = toUpstream ? new App().all("*", middleware, proxy(upstream.url)) : new App().all("*", middleware);
  const s = await serve(app, { port: 0, hostname: "127.0.0.1" });
  servers.push(s);
  const ask = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${s.port}${path}`, init);
  return { ask, middleware };
}

describe("record, then replay from the file without the upstream", () => {
  it("answers what was recorded: status, headers, body; the recorded Authorization is redacted", async () => {
    const path = newPath();
    const file = openRecording(path, { create: true });
    const recorder = await server({ recording: file, mode: "record" });
    const live = await recorder.ask("/things?b=2&a=1", { headers: { authorization: "Bearer top-secret" } });
    const liveBody = await live.json() as { url: string };
    expect(liveBody.url).toBe("/things?b=2&a=1");
    const posted = await (await recorder.ask("/items", { method: "POST", body: '{"b":1,"a":[1,2]}', headers: { "content-type": "application/json" } })).json() as { body: string };
    expect(posted.body).toBe('{"b":1,"a":[1,2]}');
    expect((await recorder.ask("/status/204")).status).toBe(204);
    expect(recorder.middleware.stats()).toMatchObject({ recorded: 3, hits: 0 });
    file.close();
    const stored = [...Recording.from(readFileSync(path)).entries()];
    expect(stored[0].request.headers).toContainEqual(["authorization", "[REDACTED]"]);
    // This upstream echoes request headers in its body: only the secrets check (below) catches that.
    expect(new TextDecoder().decode(stored[0].response.body)).toContain("top-secret");

    const hitsBefore = upstream.hits.get("/things");
    const replayer = await server({ recording: Recording.from(readFileSync(path)) }, false);
    // Query order and JSON member order and whitespace do not matter.
    const again = await replayer.ask("/things?a=1&b=2");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-upstream")).toBe("1");
    expect(again.headers.get("content-type")).toBe("application/json");
    expect(await again.json()).toEqual(liveBody);
    const item = await replayer.ask("/items", { method: "POST", body: '{ "a": [1, 2], "b": 1 }', headers: { "content-type": "application/json" } });
    expect(((await item.json()) as { body: string }).body).toBe('{"b":1,"a":[1,2]}');
    const empty = await replayer.ask("/status/204");
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
    expect(upstream.hits.get("/things")).toBe(hitsBefore); // nothing went upstream
    expect(replayer.middleware.stats()).toMatchObject({ hits: 3, misses: 0 });
  });

  it("a miss is 404 with the closest recorded request and what differed; lockdown answers 502", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record" });
    await (await recorder.ask("/users?page=1&sort=name")).text();
    const replayer = await server({ recording }, false);
    const miss = await replayer.ask("/users?page=2&sort=name");
    expect(miss.status).toBe(404);
    const report = await miss.json() as { error: string; closest: { url: string; differences: string[] } };
    expect(report.error).toBe(ERR_NO_RECORDED_ANSWER);
    expect(report.closest.url).toBe("/users?page=1&sort=name");
    expect(report.closest.differences).toEqual(["query page: 2, recorded 1"]);
    const locked = await server({ recording, mode: "lockdown" }, false);
    expect((await locked.ask("/nowhere")).status).toBe(502);
  });
});

describe("repeated identical requests", () => {
  it("replay in recorded order; replay repeats the last answer, lockdown refuses one too many", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record" });
    const before = Number(await (await recorder.ask("/counter")).text());
    expect(await (await recorder.ask("/counter")).text()).toBe(String(before + 1));
    expect(await (await recorder.ask("/counter")).text()).toBe(String(before + 2));

    const replayer = await server({ recording }, false);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await (await replayer.ask("/counter")).text());
    expect(answers).toEqual([before, before + 1, before + 2, before + 2].map(String));

    const locked = await server({ recording, mode: "lockdown" }, false);
    for (let i = 0; i < 3; i++) expect(await (await locked.ask("/counter")).text()).toBe(String(before + i));
    const extra = await locked.ask("/counter");
    expect(extra.status).toBe(502);
    expect(((await extra.json()) as { closest: { differences: string[] } }).closest.differences[0]).toMatch(/^occurrence: this is request #4/);
    locked.middleware.reset();
    expect(await (await locked.ask("/counter")).text()).toBe(String(before));
  });

  it("counts each X-Asedge-Session apart; reset(session) starts one session again", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record" });
    const session = (id: string) => ({ headers: { "x-asedge-session": id } });
    const a1 = await (await recorder.ask("/counter", session("a"))).text();
    const b1 = await (await recorder.ask("/counter", session("b"))).text();
    const a2 = await (await recorder.ask("/counter", session("a"))).text();
    const replayer = await server({ recording, mode: "lockdown" }, false);
    expect(await (await replayer.ask("/counter", session("b"))).text()).toBe(b1);
    expect(await (await replayer.ask("/counter", session("a"))).text()).toBe(a1);
    expect(await (await replayer.ask("/counter", session("a"))).text()).toBe(a2);
    replayer.middleware.reset("a");
    expect(await (await replayer.ask("/counter", session("a"))).text()).toBe(a1);
    expect((await replayer.ask("/counter", session("b"))).status).toBe(502); // b was not reset
  });

  it("chain mode: a request's place in its session's sequence counts", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record", chain: true });
    await (await recorder.ask("/a")).text();
    await (await recorder.ask("/b")).text();
    const replayer = await server({ recording, mode: "lockdown", chain: true }, false);
    expect((await replayer.ask("/b")).status).toBe(502); // /b first is another sequence
    replayer.middleware.reset();
    expect((await replayer.ask("/a")).status).toBe(200);
    expect((await replayer.ask("/b")).status).toBe(200);
  });
});

describe("replay-or-record", () => {
  it("replays what is recorded and records only new episodes", async () => {
    const path = newPath();
    const file = openRecording(path, { create: true });
    const both = await server({ recording: file, mode: "replay-or-record" });
    const first = await (await both.ask("/counter?k=x")).text();
    both.middleware.reset();
    expect(await (await both.ask("/counter?k=x")).text()).toBe(first); // replayed
    expect(await (await both.ask("/counter?k=x")).text()).not.toBe(first); // the 2nd occurrence is new: recorded
    expect(both.middleware.stats()).toMatchObject({ hits: 1, recorded: 2 });
    file.close();
    expect(openRecording(path).recording.size).toBe(2);
  });
});

describe("what is stored", () => {
  it("a gzip body is stored decoded with its encoding noted, and replayed plain", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record" });
    const live = await recorder.ask("/gzip?text=hello%20world");
    expect(await live.text()).toBe("hello world"); // fetch decodes what the proxy passed on
    const [x] = [...recording.entries()];
    expect(x.response.encoding).toBe("gzip");
    expect(new TextDecoder().decode(x.response.body)).toBe("hello world");
    expect(x.response.headers.some(([name]) => name === "content-encoding")).toBe(false);
    const replayer = await server({ recording }, false);
    const again = await replayer.ask("/gzip?text=hello%20world");
    expect(again.headers.get("content-encoding")).toBeNull();
    expect(await again.text()).toBe("hello world");
  });

  it("refuses to record an exchange that still holds a configured secret; the client still gets its answer", async () => {
    const recording = Recording.empty();
    const refused: string[] = [];
    const recorder = await server({ recording, mode: "record", redact: { secrets: ["sk_live_123"] }, onRefused: (e) => refused.push(e.message) });
    const answer = await recorder.ask("/echo", { method: "POST", body: "key=sk_live_123" });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { body: string }).body).toBe("key=sk_live_123");
    expect(recording.size).toBe(0);
    expect(refused).toEqual([expect.stringMatching(/found in the request body/)]);
    expect(recorder.middleware.stats()).toMatchObject({ refused: 1, recorded: 0 });
  });

  it("redacted query parameters leave the fingerprint, so a new token still replays", async () => {
    const recording = Recording.empty();
    const recorder = await server({ recording, mode: "record", redact: { query: ["token"] } });
    await (await recorder.ask("/q?id=1&token=abc")).text();
    expect([...recording.entries()][0].request.url).toBe("/q?id=1&token=%5BREDACTED%5D");
    const replayer = await server({ recording, redact: { query: ["token"] } }, false);
    expect((await replayer.ask("/q?id=1&token=other")).status).toBe(200);
  });

  it("an allow-listed header counts in the fingerprint; redacted with a key it still matches", async () => {
    const recording = Recording.empty();
    const options = { fingerprint: { headers: ["authorization"] }, redact: { key: "k" } };
    const recorder = await server({ recording, mode: "record", ...options });
    await (await recorder.ask("/h", { headers: { authorization: "Bearer one" } })).text();
    expect([...recording.entries()][0].request.headers.find(([n]) => n === "authorization")?.[1]).toMatch(/^hmac:[0-9a-f]{32}$/);
    const replayer = await server({ recording, mode: "lockdown", ...options }, false);
    expect((await replayer.ask("/h", { headers: { authorization: "Bearer one" } })).status).toBe(200);
    expect((await replayer.ask("/h", { headers: { authorization: "Bearer two" } })).status).toBe(502);
  });
});

describe("passthrough and options", () => {
  it("passthrough records nothing", async () => {
    const recording = Recording.empty();
    const through = await server({ recording, mode: "passthrough" });
    expect((await through.ask("/p")).status).toBe(200);
    expect(recording.size).toBe(0);
    expect(through.middleware.stats().passed).toBe(1);
  });

  it("refuses an unknown mode and a missing recording", () => {
    expect(() => replay({ recording: Recording.empty(), mode: "rewind" as never })).toThrow(ERR_REPLAY_MODE);
    expect(() => replay({} as never)).toThrow(ERR_REPLAY_RECORDING);
  });
});
