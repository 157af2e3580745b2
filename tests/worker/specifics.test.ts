// Workers specifics in real workerd (miniflare): env bindings, waitUntil,
// request body streams, streamed responses, HEAD, errors, concurrency, and
// the arena slots coming back after each of them.
import net from "node:net";
import { ReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import { sourceWorker } from "./miniflare.js";

let mf: Miniflare;
let port: number;

beforeAll(async () => {
  mf = sourceWorker("tests/worker/fixture-app.ts", {
    bindings: { GREETING: "hello from env" }, kvNamespaces: ["KV"], host: "127.0.0.1", port: 0,
  });
  port = Number((await mf.ready).port);
});
afterAll(() => mf?.dispose());

const get = (path: string, init?: Parameters<Miniflare["dispatchFetch"]>[1]) => mf.dispatchFetch(`http://localhost${path}`, init);

interface Slots { inUse: number; capacity: number; highWater: number; exhausted: number }

/** Pool counters seen by a fresh request: its own slot is the only one in use when nothing leaked. */
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
  expect((await slots()).inUse).toBe(1);
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
    await expectNoSlotLeak();
  });
});

describe("errors", () => {
  it("an async handler's rejection answers 500 and frees its slot", async () => {
    const response = await get("/reject");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
    await expectNoSlotLeak();
  });
});

describe("concurrency in one isolate", () => {
  it("as many concurrent requests as slots each keep their own params", async () => {
    const { capacity } = await slots();
    const ids = Array.from({ length: capacity }, (_, i) => String(i));
    const answers = await Promise.all(ids.map(async (id) => (await get(`/slow/${id}`)).json()));
    expect(answers).toEqual(ids.map((id) => ({ id, again: id })));
    const after = await slots();
    expect(after.highWater).toBeGreaterThan(1);
    expect(after.inUse).toBe(1);
  });

  it("beyond the pool, requests get 503 and the pool recovers", async () => {
    const { capacity, exhausted } = await slots();
    const holders = Array.from({ length: capacity }, async () => (await get("/hold/1000")).status);
    let probe = 200;
    for (let i = 0; i < 100 && probe !== 503; i++) {
      probe = (await get("/slots")).status;
      if (probe !== 503) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(probe, "a request beyond the pool").toBe(503);
    expect(await Promise.all(holders)).toEqual(Array(capacity).fill(200));
    const after = await slots();
    expect(after.exhausted).toBeGreaterThan(exhausted);
    expect(after.highWater).toBe(capacity);
    expect(after.inUse).toBe(1);
  });
});
