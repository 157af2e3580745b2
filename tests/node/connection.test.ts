// Connection behaviour of the Node host over real sockets: the cases every
// socket host passes (keep-alive, pipelining, split reads, bodies,
// rejections: ../support/connection-cases.ts), then errors, limits,
// timeouts, shutdown and streams.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { App, serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { exchange, header, rawRequest } from "../support/raw-http.js";
import { connectionCases } from "../support/connection-cases.js";
import { capturingErrors, lineSink, loggedMessages } from "../support/logged.js";

let server: Server;
beforeAll(async () => {
  server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
});
afterAll(() => server.close());

const GET_PLAIN = rawRequest("GET", "/plaintext");

connectionCases(() => server.port);

describe("errors do not stop the server", () => {
  it("a throwing handler answers 500 and the connection keeps serving", async () => {
    const { result: { responses }, logged } = await capturingErrors(() => exchange(server.port, [rawRequest("GET", "/error"), GET_PLAIN], { expect: 2, gapMs: 20 }));
    expect(responses.map((r) => r.status)).toEqual([500, 200]);
    expect(loggedMessages(logged)).toEqual(["reference app: deliberate failure"]);
  });

  it("a rejecting async handler answers 500", async () => {
    const app = new App().get("/boom", async () => { await Promise.resolve(); throw new Error("async boom"); })
      .onError((error, c) => c.json({ error: error.message }, 500));
    const local = await serve(app, { port: 0, hostname: "127.0.0.1" });
    try {
      const { responses } = await exchange(local.port, [rawRequest("GET", "/boom"), rawRequest("GET", "/boom")], { expect: 2, gapMs: 20 });
      expect(responses.map((r) => r.body.toString())).toEqual(['{"error":"async boom"}', '{"error":"async boom"}']);
    } finally {
      await local.close();
    }
  });
});

describe("limits and timeouts", () => {
  it("answers 503 when every slot is busy, and recovers", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const app = new App().get("/slow", async (c) => { await gate; return c.text("done"); }).get("/fast", (c) => c.text("fast"));
    const { lines: logged, sink } = lineSink();
    const log = { sink };
    const local = await serve(app, { port: 0, hostname: "127.0.0.1", slots: 2, maxSlots: 2, largeSlots: 1, log });
    try {
      const slow = [exchange(local.port, [rawRequest("GET", "/slow")]), exchange(local.port, [rawRequest("GET", "/slow")])];
      await new Promise((r) => setTimeout(r, 100));
      const busy = await exchange(local.port, [rawRequest("GET", "/fast")], { waitForClose: true });
      expect(busy.responses[0].status).toBe(503);
      expect(logged).toEqual(["asedge: no request slot free: answered 503 (1 since the last such line; raise maxSlots or arenaBytes)"]);
      release();
      expect((await Promise.all(slow)).map((e) => e.responses[0].body.toString())).toEqual(["done", "done"]);
      const after = await exchange(local.port, [rawRequest("GET", "/fast")]);
      expect(after.responses[0].body.toString()).toBe("fast");
    } finally {
      await local.close();
    }
  });

  it("answers 408 when the head does not arrive in time", async () => {
    const local = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", headersTimeout: 200 });
    try {
      const started = Date.now();
      const { responses, closed } = await exchange(local.port, ["GET /json HTTP/1.1\r\nHost: x\r\n"], { waitForClose: true, timeoutMs: 5000 });
      expect(responses[0].status).toBe(408);
      expect(closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await local.close();
    }
  });

  it("answers 408 when the body does not arrive within requestTimeout", async () => {
    const local = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", requestTimeout: 300 });
    try {
      const started = Date.now();
      const head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n";
      const { responses, closed } = await exchange(local.port, [head, "abc", "def"], { gapMs: 100, waitForClose: true, timeoutMs: 5000 });
      expect(responses).toHaveLength(1);
      expect(responses[0].status).toBe(408);
      expect(closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await local.close();
    }
  });

  it("gives a new connection headersTimeout to send its first head, then 408 (as Node does)", async () => {
    const local = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", headersTimeout: 200, keepAliveTimeout: 60_000 });
    try {
      const started = Date.now();
      const { responses, closed } = await exchange(local.port, [], { waitForClose: true, timeoutMs: 5000 });
      expect(responses[0]?.status).toBe(408);
      expect(closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await local.close();
    }
  });

  it("closes an idle keep-alive connection after keepAliveTimeout", async () => {
    const local = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", keepAliveTimeout: 200 });
    try {
      const { responses, closed } = await exchange(local.port, [GET_PLAIN], { waitForClose: true, timeoutMs: 5000 });
      expect(responses[0].status).toBe(200);
      expect(closed).toBe(true);
    } finally {
      await local.close();
    }
  });

  it("closes after maxRequestsPerSocket", async () => {
    const local = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", maxRequestsPerSocket: 2 });
    try {
      const { responses, closed } = await exchange(local.port, [Buffer.concat([GET_PLAIN, GET_PLAIN, GET_PLAIN])], { waitForClose: true });
      expect(responses).toHaveLength(2);
      expect(header(responses[1], "connection")).toBe("close");
      expect(closed).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, closes idle connections, refuses new ones", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const app = new App().get("/slow", async (c) => { await gate; return c.text("finished"); }).get("/", (c) => c.text("root"));
    const local = await serve(app, { port: 0, hostname: "127.0.0.1" });
    const idle = await new Promise<net.Socket>((resolve) => { const s = net.connect(local.port, "127.0.0.1", () => resolve(s)); });
    const idleClosed = new Promise<void>((resolve) => idle.on("close", () => resolve()));
    const inFlight = exchange(local.port, [rawRequest("GET", "/slow")], { waitForClose: true });
    await new Promise((r) => setTimeout(r, 100));
    const closing = local.close();
    await idleClosed;
    await expect(new Promise((resolve, reject) => {
      const s = net.connect(local.port, "127.0.0.1");
      s.on("connect", () => { s.destroy(); resolve("connected"); });
      s.on("error", reject);
    })).rejects.toThrow();
    release();
    const { responses, closed } = await inFlight;
    expect(responses[0].body.toString()).toBe("finished");
    expect(closed).toBe(true);
    await closing;
  });
});

describe("streamed responses", () => {
  /** A stream of `parts`, one every few ms; `failAfter` makes it error midway. */
  function parts(texts: string[], failAfter?: number): ReadableStream<Uint8Array> {
    let i = 0;
    return new ReadableStream({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 5));
        if (failAfter !== undefined && i === failAfter) return controller.error(new Error("stream failed on purpose"));
        if (i === texts.length) return controller.close();
        controller.enqueue(new TextEncoder().encode(texts[i++]));
      },
    });
  }

  let local: Server;
  beforeAll(async () => {
    const app = new App()
      .get("/events", (c) => c.body(parts(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]), 200, { "Content-Type": "text/event-stream" }))
      .get("/web", () => new Response(parts(["a", "b"]), { headers: { "x-kind": "web" } }))
      .get("/broken", (c) => c.body(parts(["first"], 1)))
      .get("/plain", (c) => c.text("after"));
    local = await serve(app, { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => local.close());

  it("sends a stream body chunked, and answers a pipelined request after it", async () => {
    const { responses, raw } = await exchange(local.port, [Buffer.concat([rawRequest("GET", "/events"), rawRequest("GET", "/plain")])], { expect: 2 });
    expect(header(responses[0], "transfer-encoding")).toBe("chunked");
    expect(header(responses[0], "content-length")).toBeUndefined();
    expect(header(responses[0], "content-type")).toBe("text/event-stream");
    expect(responses[0].body.toString()).toBe("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    expect(raw.toString()).toContain("9\r\ndata: 1\n\n\r\n");
    expect(responses[1].body.toString()).toBe("after");
  });

  it("streams a Web Response body", async () => {
    const { responses } = await exchange(local.port, [rawRequest("GET", "/web")]);
    expect(header(responses[0], "x-kind")).toBe("web");
    expect(responses[0].body.toString()).toBe("ab");
  });

  it("ends an HTTP/1.0 stream by closing the connection", async () => {
    const { raw, closed } = await exchange(local.port, ["GET /events HTTP/1.0\r\n\r\n"], { waitForClose: true });
    const text = raw.toString();
    expect(text).not.toContain("Transfer-Encoding");
    expect(text).toContain("Connection: close");
    expect(text).toMatch(/\r\n\r\ndata: 1\n\ndata: 2\n\ndata: 3\n\n$/);
    expect(closed).toBe(true);
  });

  it("sends no body for HEAD", async () => {
    const { responses, raw } = await exchange(local.port, [rawRequest("HEAD", "/events"), rawRequest("GET", "/plain")], { expect: 2, gapMs: 50, headRequests: new Set([0]) });
    expect(raw.toString()).not.toContain("data:");
    expect(responses[1].body.toString()).toBe("after");
  });

  it("aborts the connection when the stream fails midway, and keeps serving", async () => {
    const { result: { raw, closed }, logged } = await capturingErrors(() => exchange(local.port, [rawRequest("GET", "/broken")], { waitForClose: true }));
    expect(closed).toBe(true);
    expect(loggedMessages(logged)).toEqual(["asedge: response stream failed: stream failed on purpose"]);
    expect(raw.toString()).toContain("5\r\nfirst\r\n");
    expect(raw.toString()).not.toContain("0\r\n\r\n");
    const after = await exchange(local.port, [rawRequest("GET", "/plain")]);
    expect(after.responses[0].body.toString()).toBe("after");
  });
});
