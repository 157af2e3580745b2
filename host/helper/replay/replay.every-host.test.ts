// A recording made here (Node) replayed by app.request, the Node socket host
// and workerd (the Workers build): the same answers, the same miss report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { App } from "../../app/app.js";
import { Recording, replay } from "./index.js";

let hosts: EveryHost;
beforeAll(async () => {
  hosts = await everyHost("host/helper/replay/replay.fixture.ts", { workerFixture: "host/helper/replay/replay.worker.fixture.ts" });
  // Record what a plain handler answers (replay() works in front of any handler, not only a proxy).
  const recording = Recording.empty();
  const recorder = new App().all("*", replay({ recording, mode: "record" }), async (c) => {
    if (c.req.path === "/empty") return c.body(null, 204);
    const body = c.req.method === "POST" ? await c.req.text() : "";
    return c.json({ path: c.req.path, query: c.req.query(), body }, 200, { "x-recorded": "yes", "set-cookie": ["a=1", "b=2"] });
  });
  await (await recorder.request("/users/1?y=2&x=1")).text();
  await (await recorder.request("/items", { method: "POST", body: '{"b":1,"a":2}', headers: { "content-type": "application/json" } })).text();
  await (await recorder.request("/empty")).text();
  const load = await hosts.ask({ method: "POST", path: "/_load", body: recording.toBytes() });
  for (const [host, shape] of Object.entries(load)) expect(shape.body.toString(), host).toBe("3");
});
afterAll(() => hosts.close());

describe("replay on every host", () => {
  it("answers a recorded request (query order aside) with the recorded status, headers and body", async () => {
    const answers = await hosts.ask({ path: "/users/1?x=1&y=2" });
    for (const [host, shape] of Object.entries(answers)) {
      expect(shape.status, host).toBe(200);
      expect(JSON.parse(shape.body.toString()), host).toEqual({ path: "/users/1", query: { y: "2", x: "1" }, body: "" });
      const header = (name: string) => shape.headers.filter(([n]) => n === name).map(([, v]) => v);
      expect(header("x-recorded"), host).toEqual(["yes"]);
      expect(header("set-cookie"), host).toEqual(["[REDACTED]", "[REDACTED]"]);
    }
  });

  it("matches a JSON body whatever its member order; replays a bodyless 204", async () => {
    const items = await hosts.ask({ method: "POST", path: "/items", body: '{ "a": 2, "b": 1 }', headers: [["content-type", "application/json"]] });
    for (const [host, shape] of Object.entries(items)) expect(JSON.parse(shape.body.toString()).body, host).toBe('{"b":1,"a":2}');
    const empty = await hosts.ask({ path: "/empty" });
    for (const [host, shape] of Object.entries(empty)) {
      expect(shape.status, host).toBe(204);
      expect(shape.body.length, host).toBe(0);
    }
  });

  it("answers a miss with 404 and the same report everywhere", async () => {
    const answers = await hosts.ask({ path: "/users/2?x=1&y=2" });
    const reports = Object.values(answers).map((shape) => ({ status: shape.status, report: JSON.parse(shape.body.toString()) }));
    for (const { status, report } of reports) {
      expect(status).toBe(404);
      expect(report.closest.url).toBe("/users/1?y=2&x=1");
      expect(report.closest.differences).toEqual(["path: /users/2, recorded /users/1"]);
    }
    // app.request and the socket share the Node app's counts, so their occurrences differ; nothing else may.
    expect(new Set(reports.map((r) => JSON.stringify({ ...r.report, request: { ...r.report.request, occurrence: 0 } }))).size).toBe(1);
  });
});
