// Workers specifics in real workerd (miniflare): env bindings, waitUntil,
// request body streams and limits, streamed responses, HEAD, errors,
// concurrency, core options, and no arena slot held after routing.
import net from "node:net";
import { ReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import { runtimeLog, sourceWorker } from "./miniflare.js";

let mf: Miniflare;
let port: number;
/** What workerd writes for the fixture app: asserted by the tests that provoke it, never printed. */
const workerd = runtimeLog();
/** tests/worker/options-app.ts: a core of one slot and 1 KiB bodies, set through toWorker. */
let configured: Miniflare;

beforeAll(async () => {
  mf = sourceWorker("tests/worker/fixture-app.ts", {
    bindings: { GREETING: "hello from env" }, kvNamespaces: ["KV"], host: "127.0.0.1", port: 0,
    handleRuntimeStdio: workerd.handleRuntimeStdio,
  });
  configured = sourceWorker("tests/worker/options-app.ts");
  port = Number((await mf.ready).port);
  await configured.ready;
});
afterAll(() => Promise.all([mf?.dispose(), configured?.dispose()]));

const get = (path: string, init?: Parameters<Miniflare["dispatchFetch"]>[1]) => mf.dispatchFetch(`http://localhost${path}`, init);

interface Slots { inUse: number; capacity: number; highWater: number; exhausted: number }

/** Pool counters seen by a request's handler: it holds no slot (routing gave its own back). */
async function slots(): Promise<Slots> {
  return (await get("/slots")).json() as Promise<Slots>;
}

/**
 * GET `path` over a raw socket (dispatchFetch buffers streamed bodies): the
 * response bytes as they arrived, until workerd closes the connection.
 */
function arrivals(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const parts: string[] = [];
    socket.on("data", (data) => {
      parts.push(data.toString("latin1"));
      if (parts.join("").endsWith("\r\n0\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => resolve(parts));
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  });
}

/** A request body that arrives in `chunks` pieces with no Content-Length. */
function streamedBody(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
}

/** The payload of a chunked body (ignores how it ended). */
function dechunk(raw: string): string {
  let rest = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  let text = "";
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = eol === -1 ? 0 : parseInt(rest.slice(0, eol), 16);
    if (!size) return text;
    text += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}

async function expectNoSlotLeak(): Promise<void> {
  expect((await slots()).inUse).toBe(0);
}

describe("bindings and the execution context", () => {
  it("c.env holds the Worker's bindings", async () => {
    expect(await (await get("/env")).json()).toEqual({ greeting: "hello from env" });
  });

  it("c.executionCtx.waitUntil keeps work running after the response", async () => {
    const response = await get("/wait/job-1");
    expect(await response.text()).toBe("answered");
    let value: unknown = null;
    for (let i = 0; i < 50 && value === null; i++) {
      value = ((await (await get("/kv/job-1")).json()) as { value: unknown }).value;
      if (value === null) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(value).toBe("done after the response");
  });
});

describe("bodies", () => {
  it("reads a 300 KB request body whole", async () => {
    const body = new Uint8Array(300 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
    let sum = 0;
    for (const byte of body) sum = (sum + byte) % 65521;
    const response = await get("/body/size", { method: "POST", body });
    expect(await response.json()).toEqual({ length: body.length, sum });
    await expectNoSlotLeak();
  });

  it("reads a request body as a stream", async () => {
    const parts = ["first,", "second,", "third"];
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const part = parts.shift();
        if (part === undefined) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 5));
        controller.enqueue(encoder.encode(part));
      },
    });
    const response = await get("/body/chunks", { method: "POST", body: stream, duplex: "half" });
    const { length, chunks } = (await response.json()) as { length: number; chunks: number };
    expect(length).toBe("first,second,third".length);
    expect(chunks).toBeGreaterThanOrEqual(1);
  });

  it("answers 413 to a body over maxBodyBytes (1 MiB by default), declared or streamed", async () => {
    const limit = 1024 * 1024;
    const exact = await get("/body/size", { method: "POST", body: new Uint8Array(limit) });
    expect(((await exact.json()) as { length: number }).length).toBe(limit);
    const declared = await get("/body/size", { method: "POST", body: new Uint8Array(limit + 1) });
    expect([declared.status, await declared.text()]).toEqual([413, "body too large"]);
    const streamed = await get("/body/size", { method: "POST", body: streamedBody(17, 64 * 1024), duplex: "half" });
    expect([streamed.status, await streamed.text()]).toEqual([413, "body too large"]);
    await expectNoSlotLeak();
  });

  it("streams a response body chunk by chunk", async () => {
    const parts = await arrivals("/stream/20");
    const raw = parts.join("");
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw.toLowerCase()).toContain("transfer-encoding: chunked");
    expect(dechunk(raw)).toBe(Array.from({ length: 20 }, (_, i) => `part-${i}\n`).join(""));
    // The handler's stream waits a timer tick per chunk: they cannot all arrive at once.
    expect(parts.length).toBeGreaterThan(2);
    await expectNoSlotLeak();
  });

  it("answers HEAD on a streamed route with headers and no body", async () => {
    const response = await get("/stream/3", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe("");
    await expectNoSlotLeak();
  });

  it("a stream that fails midway ends the response and leaks nothing", async () => {
    const raw = (await arrivals("/broken-stream")).join("");
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(dechunk(raw)).toBe("part-0\npart-1\npart-2\n");
    expect(await workerd.waitFor("fixture: stream failed on purpose")).toContain("Uncaught exception");
    await expectNoSlotLeak();
  });
});

describe("errors", () => {
  it("an async handler's rejection answers 500 and frees its slot", async () => {
    const response = await get("/reject");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
    // The default onError logged it (console.error inside workerd).
    expect(await workerd.waitFor("Error: fixture: async failure")).toContain("Error: fixture: async failure");
    await expectNoSlotLeak();
  });
});

describe("concurrency in one isolate", () => {
  it("300 concurrent requests awaiting timers all succeed, each with its own params", async () => {
    const { capacity } = await slots();
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    expect(ids.length).toBeGreaterThan(capacity);
    const answers = await Promise.all(ids.map(async (id) => (await get(`/slow/${id}`)).json()));
    expect(answers).toEqual(ids.map((id) => ({ id, again: id })));
    const after = await slots();
    // Routing is synchronous and gives its slot back: never more than one in use, never none free.
    expect([after.highWater, after.exhausted, after.inUse]).toEqual([1, 0, 0]);
  });
});

describe("core options through toWorker", () => {
  const ask = (path: string, init?: Parameters<Miniflare["dispatchFetch"]>[1]) => configured.dispatchFetch(`http://localhost${path}`, init);

  it("a core of one slot serves 300 concurrent requests awaiting timers", async () => {
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    const answers = await Promise.all(ids.map(async (id) => {
      const response = await ask(`/wait/${id}`);
      return `${response.status} ${await response.text()}`;
    }));
    expect(answers).toEqual(ids.map((id) => `200 ${id}`));
    expect(await (await ask("/slots")).json()).toEqual({ capacity: 1, highWater: 1, exhausted: 0 });
  });

  it("maxBodyBytes applies to c.req: 1 KiB passes, 1 KiB + 1 is 413, declared or streamed", async () => {
    expect(await (await ask("/body", { method: "POST", body: "x".repeat(1024) })).text()).toBe("1024");
    const declared = await ask("/body", { method: "POST", body: "x".repeat(1025) });
    expect([declared.status, await declared.text()]).toEqual([413, "body too large"]);
    const streamed = await ask("/body", { method: "POST", body: streamedBody(3, 400), duplex: "half" });
    expect([streamed.status, await streamed.text()]).toEqual([413, "body too large"]);
  });
});

describe("validator() in workerd", () => {
  it("coerces params and checks the JSON body; the body stays readable", async () => {
    const body = '{"name":"pen"}';
    const ok = await get("/validated/42", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await ok.json()).toEqual({ param: { id: 42 }, json: { name: "pen" }, text: body });
    const bad = await get("/validated/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "validation failed", target: "param", issues: [{ path: "/id", message: "expected integer" }] });
    const invalid = await get("/validated/1", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":1}' });
    expect(await invalid.json()).toEqual({ error: "validation failed", target: "json", issues: [{ path: "/name", message: "expected string" }] });
    await expectNoSlotLeak();
  });
});
