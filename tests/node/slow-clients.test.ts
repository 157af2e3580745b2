// Slow clients over real sockets: connections trickling a head or a body
// hold no slot, so a small pool keeps serving everyone else; parked bytes
// come back intact; the parking budget, maxConnections and timeouts hold.
import { describe, expect, it } from "vitest";
import { serve, type Server, type ServeOptions } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { Client, pause, until } from "../support/raw-client.js";
import { lineSink } from "../support/logged.js";

async function withServer(options: ServeOptions, run: (server: Server) => Promise<void>): Promise<void> {
  const server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1", ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function openClients(port: number, count: number, first: string | Buffer): Promise<Client[]> {
  const clients = Array.from({ length: count }, () => new Client(port));
  await Promise.all(clients.map((client) => client.send(first)));
  return clients;
}

const PARTIAL_HEAD = "GET /plaintext HTTP/1.1\r\nHost: a\r\n";
const GET_PLAIN = rawRequest("GET", "/plaintext");

describe("slow clients hold no slot", () => {
  it("serves normal clients while 40 connections hold partial heads in a 4-slot pool, then answers them", async () => {
    await withServer({ slots: 4, maxSlots: 4, largeSlots: 1 }, async (server) => {
      const slow = await openClients(server.port, 40, PARTIAL_HEAD);
      await pause(50);
      const normal = await Promise.all(Array.from({ length: 20 }, () => exchange(server.port, [GET_PLAIN])));
      expect(normal.map((e) => e.responses[0]?.status)).toEqual(Array(20).fill(200));
      expect(normal.map((e) => e.responses[0]?.body.toString())).toEqual(Array(20).fill("Hello, World!"));
      // Every slow head is still good: finishing it gets the normal answer.
      await Promise.all(slow.map((client) => client.send("\r\n")));
      const answers = await Promise.all(slow.map((client) => client.waitFor(1)));
      expect(answers.map((r) => r[0]?.status)).toEqual(Array(40).fill(200));
      expect(server.stats!().parked).toBeGreaterThanOrEqual(36);
      expect(server.stats!().parkedBytes).toBe(0);
      slow.forEach((client) => client.close());
    });
  });

  it("serves normal clients while 40 connections trickle bodies, and each body arrives intact", async () => {
    await withServer({ slots: 4, maxSlots: 4, largeSlots: 1 }, async (server) => {
      const body = (i: number) => `body-${String(i).padStart(3, "0")}-${"x".repeat(40)}`;
      const slow = Array.from({ length: 40 }, () => new Client(server.port));
      await Promise.all(slow.map((client, i) => {
        const full = rawRequest("POST", `/echo/slow${i}`, [], body(i));
        return client.send(full.subarray(0, full.length - 30));
      }));
      await pause(50);
      const normal = await Promise.all(Array.from({ length: 20 }, (_, i) => exchange(server.port, [rawRequest("GET", `/users/${i}`)])));
      expect(normal.map((e) => e.responses[0]?.body.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `{"id":"${i}","name":"user-${i}"}`));
      await Promise.all(slow.map((client, i) => {
        const full = rawRequest("POST", `/echo/slow${i}`, [], body(i));
        return client.send(full.subarray(full.length - 30));
      }));
      const answers = await Promise.all(slow.map((client) => client.waitFor(1)));
      expect(answers.map((r) => JSON.parse(r[0]?.body.toString() ?? "{}").body)).toEqual(Array.from({ length: 40 }, (_, i) => body(i)));
      slow.forEach((client) => client.close());
    });
  });

  it("parses correctly when two connections sharing one slot trickle chunked requests a byte at a time", async () => {
    await withServer({ slots: 1, maxSlots: 1, largeSlots: 1 }, async (server) => {
      const request = (tag: string) => Buffer.from(
        `POST /echo/${tag}?q=${tag} HTTP/1.1\r\nHost: x\r\nX-Tag: ${tag}\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `3;ext=1\r\n${tag}!\r\n5\r\n-tail\r\n0\r\nTrailer-A: 1\r\n\r\n`, "latin1");
      const a = new Client(server.port);
      const b = new Client(server.port);
      const bytesA = request("aa");
      const bytesB = request("bb");
      for (let i = 0; i < Math.max(bytesA.length, bytesB.length); i++) {
        if (i < bytesA.length) await a.send(bytesA.subarray(i, i + 1));
        await pause(1);
        if (i < bytesB.length) await b.send(bytesB.subarray(i, i + 1));
        await pause(1);
      }
      const [ra, rb] = await Promise.all([a.waitFor(1), b.waitFor(1)]);
      expect(JSON.parse(ra[0].body.toString())).toMatchObject({ method: "POST", path: "/echo/aa", body: "aa!-tail", query: { q: "aa" } });
      expect(JSON.parse(rb[0].body.toString())).toMatchObject({ method: "POST", path: "/echo/bb", body: "bb!-tail", query: { q: "bb" } });
      expect(server.stats!().parked).toBeGreaterThan(50);
      a.close();
      b.close();
    });
  }, 30_000);

  it("parks a body that outgrew a small slot, lends the large slot, and resumes it intact", async () => {
    await withServer({ slots: 2, maxSlots: 2, largeSlots: 1, maxLargeSlots: 1 }, async (server) => {
      const first = rawRequest("POST", "/api/v1/items", [], "a".repeat(200_000));
      const slow = new Client(server.port);
      await slow.send(first.subarray(0, 120_000)); // past one 64 KiB arena: in the large slot
      await pause(50);
      const other = await exchange(server.port, [rawRequest("POST", "/api/v1/items", [], "b".repeat(150_000))]);
      expect(other.responses[0]?.status).toBe(201);
      expect(JSON.parse(other.responses[0].body.toString())).toEqual({ created: true, length: 150_000 });
      await slow.send(first.subarray(120_000));
      const [answer] = await slow.waitFor(1);
      expect(answer?.status).toBe(201);
      expect(JSON.parse(answer.body.toString())).toEqual({ created: true, length: 200_000 });
      expect(server.stats!().parked).toBe(1);
      slow.close();
    });
  });

  it("sends 100 Continue once even when the request is parked and resumed", async () => {
    await withServer({ slots: 1, maxSlots: 1 }, async (server) => {
      const waiting = new Client(server.port);
      await waiting.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      await pause(50);
      const other = await exchange(server.port, [GET_PLAIN]);
      expect(other.responses[0]?.status).toBe(200);
      await waiting.send("pi");
      await pause(20);
      expect((await exchange(server.port, [GET_PLAIN])).responses[0]?.status).toBe(200);
      await waiting.send("ng");
      const responses = await waiting.waitFor(2);
      expect(responses.map((r) => r.status)).toEqual([100, 200]);
      expect(JSON.parse(responses[1].body.toString()).body).toBe("ping");
      waiting.close();
    });
  });
});

describe("slow clients and pool growth", () => {
  it("keeps slow clients to half the pool, so whole requests find a free slot without parking anyone", async () => {
    await withServer({ slots: 8, maxSlots: 8 }, async (server) => {
      const slow = await openClients(server.port, 20, PARTIAL_HEAD);
      await pause(50);
      expect(server.stats!().slotsInUse).toBe(4);
      const parked = server.stats!().parked;
      const normal = await Promise.all(Array.from({ length: 10 }, () => exchange(server.port, [GET_PLAIN])));
      expect(normal.map((e) => e.responses[0]?.status)).toEqual(Array(10).fill(200));
      expect(server.stats!().parked).toBe(parked);
      slow.forEach((client) => client.close());
    });
  });

  it("parks slow clients rather than growing the pool; grows for requests being answered", async () => {
    await withServer({ slots: 2, maxSlots: 8 }, async (server) => {
      const slow = await openClients(server.port, 20, PARTIAL_HEAD);
      // The server reads the 20 heads as the event loop gets to them (slowly on a loaded machine).
      await until(() => server.stats!().parked >= 18);
      expect(server.stats!()).toMatchObject({ slots: 2, slotsMax: 8 });
      expect(server.stats!().parked).toBeGreaterThanOrEqual(18);
      // Requests the app answers asynchronously hold their slots: the pool grows for them.
      const answers = await Promise.all(Array.from({ length: 6 }, () => exchange(server.port, [rawRequest("GET", "/async/json")])));
      expect(answers.map((e) => e.responses[0]?.status)).toEqual(Array(6).fill(200));
      expect(server.stats!().slotsExhausted).toBe(0);
      slow.forEach((client) => client.close());
    });
  });
});

describe("limits on slow clients", () => {
  it("answers 503 and closes a connection whose parking would pass maxParkedBytes", async () => {
    // One parked request costs its parser state (≈ 1.7 KiB with 100 header
    // entries) plus its ≈ 640 bytes: room for one under 3000 bytes, not two.
    await withServer({ slots: 1, maxSlots: 1, maxParkedBytes: 3000 }, async (server) => {
      const head = (n: number) => `GET /plaintext HTTP/1.1\r\nHost: a\r\nX-Pad: ${"p".repeat(n)}\r\n`;
      const a = new Client(server.port);
      await a.send(head(600)); // holds the slot
      const b = new Client(server.port);
      await b.send(head(600)); // parks a
      await pause(30);
      const c = new Client(server.port);
      await c.send(head(600)); // parking b too would pass the budget: b is refused
      await b.closed;
      expect(b.responses.map((r) => r.status)).toEqual([503]);
      expect(server.stats!()).toMatchObject({ parked: 1, parkRefused: 1 });
      // a (parked) and c (in the slot) still complete.
      await a.send("\r\n");
      await c.send("\r\n");
      expect((await a.waitFor(1))[0]?.status).toBe(200);
      expect((await c.waitFor(1))[0]?.status).toBe(200);
      a.close();
      c.close();
    });
  });

  it("still answers 408 to a parked connection whose head does not arrive in time", async () => {
    await withServer({ slots: 1, maxSlots: 1, headersTimeout: 300 }, async (server) => {
      const slow = new Client(server.port);
      await slow.send(PARTIAL_HEAD);
      await pause(30);
      expect((await exchange(server.port, [GET_PLAIN])).responses[0]?.status).toBe(200); // parks `slow`
      await slow.closed;
      expect(slow.responses.map((r) => r.status)).toEqual([408]);
      expect(server.stats!()).toMatchObject({ timedOut: 1, parkedBytes: 0 });
    });
  });

  it("ends 300 connections that expire together (in batches), 408 to the partial ones", async () => {
    await withServer({ keepAliveTimeout: 300, headersTimeout: 300 }, async (server) => {
      const idle = await openClients(server.port, 150, GET_PLAIN);
      const partial = await openClients(server.port, 150, PARTIAL_HEAD);
      await Promise.all([...idle, ...partial].map((client) => client.closed));
      expect(idle.map((c) => c.responses.map((r) => r.status).join())).toEqual(Array(150).fill("200"));
      expect(partial.map((c) => c.responses.map((r) => r.status).join())).toEqual(Array(150).fill("408"));
      for (let i = 0; i < 100 && server.stats!().connections > 0; i++) await pause(10); // the server's side of each close
      expect(server.stats!()).toMatchObject({ connections: 0, timedOut: 150 });
    });
  });

  it("closes connections beyond maxConnections at once and counts them", async () => {
    const { lines: logged, sink } = lineSink();
    const log = { sink };
    await withServer({ maxConnections: 3, log }, async (server) => {
      const open = await openClients(server.port, 3, "");
      await pause(50);
      const extra = new Client(server.port);
      await extra.closed;
      expect(extra.responses).toEqual([]);
      expect(server.stats!()).toMatchObject({ connections: 3, refused: 1 });
      expect(logged).toEqual(["asedge: over maxConnections (3): closed 1 new connection(s) since the last such line"]);
      // The open ones are served.
      await open[0].send(GET_PLAIN);
      expect((await open[0].waitFor(1))[0]?.status).toBe(200);
      open.forEach((client) => client.close());
    });
  });
});
