// The Node host over real sockets: a request whose bytes so far already break
// it is answered (status from the error table) and closed at once, while the
// client keeps its socket open and sends nothing more, as Node's own server
// does (llhttp rejects at the offending byte). Before, the parser waited for
// the line end and the client held the slot until the headers timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { exchange, header } from "../support/raw-http.js";
import { PARSE_ERRORS, type ParseErrorName } from "../../host/core/abi.js";

let server: Server;
beforeAll(async () => {
  server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
});
afterAll(() => server.close());

const CHUNKED_HEAD = "POST /plaintext HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

/** Unfinished requests, each ending right after its offending byte. */
const PARTIAL: [ParseErrorName, string][] = [
  ["INVALID_VERSION", "GET /plaintext HTTP/F"],
  ["INVALID_VERSION", "GET /plaintext HTTP/1.x"],
  ["UNSUPPORTED_VERSION", "GET /plaintext HTTP/1.2"],
  ["MALFORMED_METHOD", "G@"],
  ["INVALID_METHOD", "BREW "],
  ["INVALID_TARGET", "GET /plain\x01"],
  ["INVALID_HEADER_NAME", "GET /plaintext HTTP/1.1\r\nHo(st"],
  ["WHITESPACE_BEFORE_COLON", "GET /plaintext HTTP/1.1\r\nHost "],
  ["INVALID_HEADER_VALUE", "GET /plaintext HTTP/1.1\r\nHost: x\r\nX-A: a\x01"],
  ["OBS_FOLD", "GET /plaintext HTTP/1.1\r\nHost: x\r\n "],
  ["INVALID_CHUNK_EXTENSION", `${CHUNKED_HEAD}1;a@`],
  ["CHUNK_EXTENSIONS_TOO_LARGE", `${CHUNKED_HEAD}1;${"e".repeat(16 * 1024 + 1)}`],
];

describe("early rejection over a socket the client keeps open", () => {
  const rows = PARTIAL.map(([name, partial]) =>
    [name, partial.length > 80 ? `${partial.slice(0, 70)}… (${partial.length} bytes)` : partial, partial] as const);
  it.each(rows)("%s: %j is answered and closed without more bytes", async (name, _label, partial) => {
    const [, status, reason] = PARSE_ERRORS.find(([n]) => n === name)!;
    const started = Date.now();
    const { responses, closed } = await exchange(server.port, [Buffer.from(partial, "latin1")], { waitForClose: true, timeoutMs: 3000 });
    expect(closed, "server closed the connection").toBe(true);
    expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([[status, reason]]);
    expect(header(responses[0], "connection")).toBe("close");
    expect(Date.now() - started, "well before any timeout").toBeLessThan(2000);
  });
});
