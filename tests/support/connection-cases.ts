/**
 * What every socket host (Node, tests/node/connection.test.ts; Bun,
 * tests/bun/connection.test.ts) must do on a connection, as vitest cases over
 * real sockets to the reference app on `port()`: keep-alive, pipelining,
 * split reads, bodies, 100-continue, every parser rejection.
 */
import { describe, expect, it } from "vitest";
import { exchange, header, rawRequest } from "./raw-http.js";
import { Client, pause } from "./raw-client.js";
import { PARSE_ERRORS, ParseError, type ParseErrorName } from "../../host/core/abi.js";
import { FROM_BYTES } from "../http/codes.js";

const GET_JSON = rawRequest("GET", "/json");
const GET_PLAIN = rawRequest("GET", "/plaintext");

// One request for each parse error that input bytes produce (FROM_BYTES, from the table).
const REJECTIONS: Partial<Record<ParseErrorName, string>> = {
  INVALID_METHOD: "FETCH / HTTP/1.1\r\nHost: x\r\n\r\n",
  INVALID_REQUEST_LINE: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
  INVALID_TARGET: "GET a/b HTTP/1.1\r\nHost: x\r\n\r\n",
  TARGET_TOO_LONG: `GET /${"a".repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  INVALID_VERSION: "GET / HTTP/1.x\r\nHost: x\r\n\r\n",
  UNSUPPORTED_VERSION: "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
  BARE_CR: "GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n",
  BARE_LF: "GET / HTTP/1.1\nHost: x\r\n\r\n",
  INVALID_HEADER_NAME: "GET / HTTP/1.1\r\nHost: x\r\nBad(Name): 1\r\n\r\n",
  WHITESPACE_BEFORE_COLON: "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
  OBS_FOLD: "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n",
  INVALID_HEADER_VALUE: "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
  HEADERS_TOO_LARGE: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(17_000)}\r\n\r\n`,
  TOO_MANY_HEADERS: `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 101 }, (_, i) => `X-${i}: 1\r\n`).join("")}\r\n`,
  INVALID_CONTENT_LENGTH: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n",
  CONTENT_LENGTH_OVERFLOW: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
  DUPLICATE_CONTENT_LENGTH: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
  TE_WITH_CONTENT_LENGTH: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  TE_NOT_CHUNKED: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
  BODY_TOO_LARGE: `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`,
  INVALID_CHUNK_SIZE: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
  CHUNK_SIZE_OVERFLOW: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
  INVALID_CHUNK_EXTENSION: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;a@\r\nx\r\n0\r\n\r\n",
  INVALID_CHUNK_DATA: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n",
  INVALID_TRAILER: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 1\r\n\r\n",
  MISSING_HOST: "GET / HTTP/1.1\r\n\r\n",
  DUPLICATE_HOST: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
  MALFORMED_METHOD: "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
  CHUNK_EXTENSIONS_TOO_LARGE: `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(100_000)}\r\nx\r\n0\r\n\r\n`,
};

/** The cases, for a host serving the reference app on `port()`. */
export function connectionCases(port: () => number): void {
  describe("keep-alive and pipelining", () => {
    it("serves several requests on one connection", async () => {
      const { responses, closed } = await exchange(port(), [GET_JSON, GET_PLAIN, rawRequest("GET", "/users/7")], { expect: 3, gapMs: 20 });
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(responses[2].body.toString()).toBe('{"id":"7","name":"user-7"}');
      expect(closed).toBe(false);
    });

    it("answers 100 pipelined requests sent in one write, in order", async () => {
      const batch = Buffer.concat(Array.from({ length: 100 }, (_, i) => rawRequest("GET", `/users/${i}`)));
      const { responses } = await exchange(port(), [batch], { expect: 100 });
      expect(responses).toHaveLength(100);
      responses.forEach((response, i) => expect(response.body.toString()).toBe(`{"id":"${i}","name":"user-${i}"}`));
    });

    it("answers a read that fills a whole arena with pipelined requests: the router and the answer keep room", async () => {
      // ≈ 100 KB in one write: reads of up to 64 KiB, each more than a request arena holds.
      const PAD = "y".repeat(200);
      const batch = Buffer.concat(Array.from({ length: 400 }, (_, i) => rawRequest("GET", `/users/${i}${PAD}`)));
      const { responses, closed } = await exchange(port(), [batch], { expect: 400 });
      expect(responses.map((r) => r.status).filter((status) => status !== 200)).toEqual([]);
      const wrong = responses.findIndex((response, i) => response.body.toString() !== `{"id":"${i}${PAD}","name":"user-${i}${PAD}"}`);
      expect(wrong).toBe(-1);
      expect(closed).toBe(false);
    });

    it("sends every answer of many pipelined reads whole and in order to a client that reads late", async () => {
      // 100 writes of 300 requests: ≈ 14 MB of answers gathered into shared
      // output buffers, more than the kernel takes while the client does not
      // read: later batches wait behind earlier ones (in the runtime or in the
      // host), and the shared output regions must not be reused under them.
      const PAD = "x".repeat(200);
      const client = new Client(port());
      await client.connected;
      client.socket.pause();
      const BATCHES = 100;
      const PER_BATCH = 300;
      for (let b = 0; b < BATCHES; b++) {
        void client.send(Buffer.concat(Array.from({ length: PER_BATCH }, (_, i) => rawRequest("GET", `/users/${b * PER_BATCH + i}${PAD}`))));
        await pause(2);
      }
      await pause(300);
      client.socket.resume();
      const responses = await client.waitFor(BATCHES * PER_BATCH);
      const wrong = responses.findIndex((response, i) => response.body.toString() !== `{"id":"${i}${PAD}","name":"user-${i}${PAD}"}`);
      expect(wrong).toBe(-1);
      client.close();
    }, 30_000);

    it("keeps order when async and sync handlers are pipelined together", async () => {
      const batch = Buffer.concat([rawRequest("GET", "/async/json"), GET_PLAIN, rawRequest("GET", "/async/json"), GET_JSON]);
      const { responses } = await exchange(port(), [batch], { expect: 4 });
      expect(responses.map((r) => r.body.toString())).toEqual([
        '{"message":"Hello, World!","async":true}', "Hello, World!", '{"message":"Hello, World!","async":true}', '{"message":"Hello, World!"}',
      ]);
    });

    it("parses requests that arrive one byte at a time", async () => {
      const bytes = Buffer.concat([rawRequest("POST", "/echo/split?q=1", [["x-a", "b"]], "body-bytes"), GET_PLAIN]);
      const chunks = [...bytes].map((b) => Buffer.from([b]));
      const { responses } = await exchange(port(), chunks, { expect: 2, timeoutMs: 20_000 });
      expect(JSON.parse(responses[0].body.toString())).toMatchObject({ method: "POST", path: "/echo/split", body: "body-bytes", query: { q: "1" } });
      expect(responses[1].body.toString()).toBe("Hello, World!");
    }, 30_000);

    it("closes after a request that asks for Connection: close, ignoring what follows", async () => {
      const { responses, closed } = await exchange(port(), [Buffer.concat([rawRequest("GET", "/json", [["Connection", "close"]]), GET_PLAIN])], { waitForClose: true });
      expect(responses).toHaveLength(1);
      expect(header(responses[0], "connection")).toBe("close");
      expect(closed).toBe(true);
    });

    it("HTTP/1.0 closes by default and keeps alive on request", async () => {
      const closing = await exchange(port(), ["GET /plaintext HTTP/1.0\r\n\r\n"], { waitForClose: true });
      expect(closing.responses[0].status).toBe(200);
      expect(closing.closed).toBe(true);
      const kept = await exchange(port(), ["GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"], { expect: 2, gapMs: 20 });
      expect(kept.responses.map((r) => header(r, "connection"))).toEqual(["keep-alive", "keep-alive"]);
    });
  });

  describe("bodies", () => {
    it("decodes a chunked body", async () => {
      const request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-A: 1\r\n\r\n";
      const { responses } = await exchange(port(), [request]);
      expect(JSON.parse(responses[0].body.toString()).body).toBe("hello world");
    });

    it("accepts a body larger than a request arena (moves to a large slot)", async () => {
      const body = "x".repeat(300_000);
      const { responses } = await exchange(port(), [rawRequest("POST", "/api/v1/items", [], body)]);
      expect(responses[0].status).toBe(201);
      expect(JSON.parse(responses[0].body.toString())).toEqual({ created: true, length: 300_000 });
    });

    it("sends a response larger than the arena", async () => {
      const body = "y".repeat(200_000);
      const { responses } = await exchange(port(), [rawRequest("POST", "/echo", [], body)]);
      expect(JSON.parse(responses[0].body.toString()).body).toBe(body);
    });

    it("answers Expect: 100-continue before the body arrives", async () => {
      const head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
      const { raw } = await exchange(port(), [head, "ping"], { expect: 2, gapMs: 100 });
      expect(raw.toString()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    });
  });

  describe("malformed requests", () => {
    it("has a request for every code input bytes produce", () => {
      expect(Object.keys(REJECTIONS)).toEqual(FROM_BYTES);
    });

    it.each(Object.entries(REJECTIONS))("%s gets its status and a closed connection", async (name, request) => {
      const [, status, reason] = PARSE_ERRORS[ParseError[name as ParseErrorName]];
      const { responses, closed } = await exchange(port(), [request], { waitForClose: true });
      expect(responses).toHaveLength(1);
      expect(responses[0].status).toBe(status);
      expect(responses[0].body.toString()).toBe(reason);
      expect(header(responses[0], "connection")).toBe("close");
      expect(closed).toBe(true);
    });

    it("answers the good requests before a bad one in the same packet", async () => {
      const { responses, closed } = await exchange(port(), [Buffer.concat([GET_PLAIN, GET_JSON, Buffer.from("GET / HTTP/1.1\nHost: x\r\n\r\n")])], { waitForClose: true });
      expect(responses.map((r) => r.status)).toEqual([200, 200, 400]);
      expect(closed).toBe(true);
    });
  });
}
