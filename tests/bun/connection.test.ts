// Connection behaviour of the Bun host (Bun.listen, the built asedge/bun in
// a Bun child process) over real sockets: the cases every socket host passes
// (../support/connection-cases.ts), then partial writes and drain, streams,
// a throwing handler, a core trap, limits, timeouts, the slot lender and
// graceful close, as the Node host's tests check them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { exchange, header, rawRequest } from "../support/raw-http.js";
import { Client, pause, until } from "../support/raw-client.js";
import { startBunHost, type BunHost } from "../support/bun-host.js";
import { connectionCases } from "../support/connection-cases.js";
import type { ServeOptions } from "../../host/index.js";

const GET_JSON = rawRequest("GET", "/json");
const GET_PLAIN = rawRequest("GET", "/plaintext");
const PARTIAL_HEAD = "GET /plaintext HTTP/1.1\r\nHost: a\r\n";
const BIG_BYTES = 4 * 1024 * 1024;

async function withHost(options: ServeOptions, run: (host: BunHost) => Promise<void>): Promise<void> {
  const host = await startBunHost(options);
  try {
    await run(host);
  } finally {
    await host.close();
  }
}

describe("the Bun host", () => {
  let host: BunHost;
  beforeAll(async () => {
    host = await startBunHost();
  });
  afterAll(() => host.close());

  connectionCases(() => host.port);

  it("sends pipelined responses larger than the socket takes at once, whole and in order, to a client that reads late", async () => {
    // Bun's write() takes only what the kernel's buffer takes: the rest waits for drain.
    const client = new Client(host.port);
    await client.connected;
    client.socket.pause();
    await client.send(Buffer.concat([rawRequest("GET", "/big"), rawRequest("GET", "/big"), GET_PLAIN]));
    await pause(300);
    client.socket.resume();
    const responses = await client.waitFor(3);
    expect(responses.map((r) => r.body.length)).toEqual([BIG_BYTES, BIG_BYTES, 13]);
    expect(responses.slice(0, 2).every((r) => r.body.every((byte) => byte === 97))).toBe(true);
    expect(responses[2].body.toString()).toBe("Hello, World!");
    client.close();
  });

  it("streams a body chunked, and answers a pipelined request after it", async () => {
    const { responses } = await exchange(host.port, [Buffer.concat([rawRequest("GET", "/stream"), GET_PLAIN])], { expect: 2 });
    expect(header(responses[0], "transfer-encoding")).toBe("chunked");
    expect(responses.map((r) => r.body.toString())).toEqual(["one two three", "Hello, World!"]);
  });

  it("a throwing handler answers 500, is logged, and the connection keeps serving", async () => {
    const { responses, closed } = await exchange(host.port, [rawRequest("GET", "/error"), GET_PLAIN], { expect: 2, gapMs: 20 });
    expect(responses.map((r) => r.status)).toEqual([500, 200]);
    expect(closed).toBe(false);
    await until(() => host.child.stderr().includes("reference app: deliberate failure"));
    expect(host.child.stderr()).toContain("reference app: deliberate failure");
  });

  it("replaces a core that trapped: that request answers 500, the next one is served by a new core", async () => {
    const { responses } = await exchange(host.port, [rawRequest("GET", "/trap")], { waitForClose: true });
    expect(responses.map((r) => r.status)).toEqual([500]);
    await until(() => host.child.stderr().includes("replaced it with a new instance"));
    expect((await exchange(host.port, [GET_JSON])).responses[0]?.body.toString()).toBe('{"message":"Hello, World!"}');
    expect((await host.stats()).coreRestarts).toBe(1);
  });

  it("counts connections and requests in stats()", async () => {
    const before = await host.stats();
    await exchange(host.port, [GET_PLAIN]);
    const after = await host.stats();
    expect(after.accepted - before.accepted).toBe(2); // that one and the /stats one
    const plain = (stats: typeof after) => stats.requests.routes.find((r) => r.route === "/plaintext")?.requests ?? 0;
    expect(plain(after) - plain(before)).toBe(1);
  });
});

describe("limits on the Bun host", () => {
  it("answers 413, 414 and 431 past the configured body, URL and header limits", async () => {
    await withHost({ maxBodyBytes: 1000, maxUrlLength: 100, maxHeaderBytes: 2048 }, async (host) => {
      const tooLong = await exchange(host.port, [rawRequest("POST", "/echo", [], "x".repeat(1001))], { waitForClose: true });
      const fits = await exchange(host.port, [rawRequest("POST", "/echo", [], "x".repeat(1000))]);
      const url = await exchange(host.port, [rawRequest("GET", `/${"u".repeat(100)}`)], { waitForClose: true });
      const headers = await exchange(host.port, [rawRequest("GET", "/json", [["x-pad", "p".repeat(2100)]])], { waitForClose: true });
      expect([tooLong, url, headers].map((e) => [e.responses[0]?.status, e.closed])).toEqual([[413, true], [414, true], [431, true]]);
      expect(JSON.parse(fits.responses[0].body.toString()).body).toHaveLength(1000);
    });
  });

  it("closes after maxRequestsPerSocket, and closes connections beyond maxConnections at once", async () => {
    await withHost({ maxRequestsPerSocket: 2, maxConnections: 3 }, async (host) => {
      const { responses, closed } = await exchange(host.port, [Buffer.concat([GET_PLAIN, GET_PLAIN, GET_PLAIN])], { waitForClose: true });
      expect(responses).toHaveLength(2);
      expect(header(responses[1], "connection")).toBe("close");
      expect(closed).toBe(true);
      const open = [new Client(host.port), new Client(host.port), new Client(host.port)];
      await Promise.all(open.map((client) => client.connected));
      await pause(50);
      const extra = new Client(host.port);
      await extra.closed;
      expect(extra.responses).toEqual([]);
      await open[0].send(GET_PLAIN);
      expect((await open[0].waitFor(1))[0]?.status).toBe(200);
      open.forEach((client) => client.close());
      await until(async () => (await host.stats()).connections === 1);
      expect(await host.stats()).toMatchObject({ refused: 1, connections: 1 });
    });
  });
});

describe("timeouts on the Bun host", () => {
  it("answers 408 to a head or a body not in time, and closes an idle keep-alive connection", async () => {
    await withHost({ headersTimeout: 300, requestTimeout: 600, keepAliveTimeout: 300 }, async (host) => {
      const started = Date.now();
      const [head, body, first, idle] = await Promise.all([
        exchange(host.port, ["GET /json HTTP/1.1\r\nHost: x\r\n"], { waitForClose: true }),
        exchange(host.port, ["POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n", "abc"], { gapMs: 100, waitForClose: true }),
        exchange(host.port, [], { waitForClose: true }),
        exchange(host.port, [GET_PLAIN], { waitForClose: true }),
      ]);
      expect([head, body, first].map((e) => [e.responses.map((r) => r.status), e.closed])).toEqual([[[408], true], [[408], true], [[408], true]]);
      expect([idle.responses.map((r) => r.status), idle.closed]).toEqual([[200], true]);
      expect(Date.now() - started).toBeLessThan(4000);
      expect((await host.stats()).timedOut).toBe(3);
    });
  });
});

describe("slow clients on the Bun host hold no slot", () => {
  it("serves normal clients while 40 connections hold partial heads in a 4-slot pool, then answers them", async () => {
    await withHost({ slots: 4, maxSlots: 4, largeSlots: 1 }, async (host) => {
      const slow = Array.from({ length: 40 }, () => new Client(host.port));
      await Promise.all(slow.map((client) => client.send(PARTIAL_HEAD)));
      await pause(100);
      const normal = await Promise.all(Array.from({ length: 20 }, () => exchange(host.port, [GET_PLAIN])));
      expect(normal.map((e) => e.responses[0]?.body.toString())).toEqual(Array(20).fill("Hello, World!"));
      await Promise.all(slow.map((client) => client.send("\r\n")));
      const answers = await Promise.all(slow.map((client) => client.waitFor(1)));
      expect(answers.map((r) => r[0]?.status)).toEqual(Array(40).fill(200));
      const stats = await host.stats();
      expect(stats.parked).toBeGreaterThanOrEqual(36);
      expect(stats.parkedBytes).toBe(0);
      slow.forEach((client) => client.close());
    });
  });
});

describe("graceful close of the Bun host", () => {
  it("ends idle connections at once, finishes a request whose body is arriving with Connection: close, refuses new ones", async () => {
    const host = await startBunHost();
    const idle = new Client(host.port);
    const upload = new Client(host.port);
    await upload.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc");
    await idle.connected;
    await pause(50);
    host.child.process.stdin.write("close\n");
    await host.child.waitFor(/closing/);
    await idle.closed;
    expect(idle.responses).toEqual([]);
    await expect(new Promise((resolve, reject) => {
      const socket = net.connect(host.port, "127.0.0.1");
      socket.on("connect", () => { socket.destroy(); resolve("connected"); });
      socket.on("error", reject);
    })).rejects.toThrow();
    await upload.send("def");
    await upload.closed;
    expect(upload.responses.map((r) => [r.status, header(r, "connection"), JSON.parse(r.body.toString()).body])).toEqual([[200, "close", "abcdef"]]);
    await host.child.waitFor(/closed/);
    expect((await host.child.exited).code).toBe(0);
  });

  it("destroys what is left at closeTimeout, and close() resolves", async () => {
    const host = await startBunHost({ closeTimeout: 300 });
    const stuck = new Client(host.port);
    await stuck.send(rawRequest("GET", "/hang"));
    await pause(50);
    const started = Date.now();
    await host.close();
    await stuck.closed;
    expect(stuck.responses).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
