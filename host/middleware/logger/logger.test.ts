import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { everyHost, type EveryHost, type HostName } from "../../../tests/support/every-host.js";
import { BatchSink, formatJson, formatText, logger, ERR_LOG_FORMAT } from "./index.js";
import { utf8Length } from "../../app/response.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/logger/logger.fixture.ts"); });
afterAll(() => hosts.close());

const HOSTS: HostName[] = ["fetch", "socket", "workerd"];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Ask one host, then read back the lines its app logged. */
async function logged(host: HostName, request: Parameters<EveryHost["ask"]>[0]): Promise<string[]> {
  await hosts.ask({ path: "/log" }); // drop what earlier requests left
  const answers = await hosts.ask(request);
  expect(answers[host].status).toBeGreaterThanOrEqual(200);
  // Every host answered: each logged one line. Read them all, in order of the hosts.
  const read = await hosts.ask({ path: "/log" });
  const all = JSON.parse(read.fetch.body.toString()) as string[];
  const node = all; // fetch and socket share the Node app (and its lines); workerd has its own
  const worker = JSON.parse(read.workerd.body.toString()) as string[];
  return host === "workerd" ? worker : node;
}

describe.each(HOSTS)("logger() on %s", (host) => {
  it("writes one JSON line per request: time, method, path, status, bytes, duration, request id", async () => {
    const lines = await logged(host, { path: "/app/users/42", headers: [["X-Request-Id", "req-7"]] });
    const entries = lines.map((line) => JSON.parse(line));
    const mine = entries.filter((e) => e.path === "/app/users/42");
    expect(mine.length).toBe(host === "workerd" ? 1 : 2); // Node: the fetch path and the socket
    for (const e of mine) {
      expect(e).toEqual({ time: expect.stringMatching(ISO), method: "GET", path: "/app/users/42", status: 200, bytes: 11, duration_ms: expect.any(Number), request_id: "req-7" });
      expect(e.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Object.keys(e)).toEqual(["time", "method", "path", "status", "bytes", "duration_ms", "request_id"]);
    }
  });

  it("counts bytes as UTF-8, and a stream as unknown (null)", async () => {
    const unicode = (await logged(host, { path: "/app/unicode" })).map((l) => JSON.parse(l)).find((e) => e.path === "/app/unicode");
    expect(unicode.bytes).toBe(10);
    const stream = (await logged(host, { path: "/app/stream" })).map((l) => JSON.parse(l)).find((e) => e.path === "/app/stream");
    expect(stream.bytes).toBe(null);
  });

  it("logs a handler's error in its line with the stack, and the status the client got", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const entries = (await logged(host, { path: "/app/boom" })).map((l) => JSON.parse(l)).filter((e) => e.path === "/app/boom");
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.status).toBe(500);
        expect(e.error).toBe("boom in handler");
        expect(e.stack).toMatch(/^Error: boom in handler\n\s+at /);
      }
      // Node: written once, by the logger; the default onError did not log it again.
      if (host !== "workerd") expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("writes text lines when asked", async () => {
    const lines = (await logged(host, { path: "/text/plain" })).filter((l) => l.includes("/text/plain"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/text\/plain 200 2B \d+(\.\d+)?ms$/);
  });
});

describe("formats", () => {
  const entry = { time: Date.UTC(2026, 11, 3, 10, 15), method: "GET", path: '/a"b', status: 404, bytes: null, durationMs: 1.23456, requestId: "id\n1", error: undefined };

  it("json escapes strings and keeps microseconds", () => {
    expect(formatJson(entry)).toBe('{"time":"2026-12-03T10:15:00.000Z","method":"GET","path":"/a\\"b","status":404,"bytes":null,"duration_ms":1.235,"request_id":"id\\n1"}');
  });

  it("text escapes control characters, so a value cannot forge a line", () => {
    expect(formatText(entry)).toBe('2026-12-03T10:15:00.000Z GET /a"b 404 - 1.235ms id\\n1');
  });

  it("an unknown format is refused when the middleware is made", () => {
    expect(() => logger({ format: "xml" as never })).toThrow(`${ERR_LOG_FORMAT}: "xml"`);
  });
});

describe("utf8Length", () => {
  it.each([["", 0], ["abc", 3], ["é", 2], ["€", 3], ["😀", 4], ["\ud800", 3], ["a\udc00b", 5]])("%j is %i bytes", (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(Buffer.byteLength(text));
  });
});

describe("BatchSink", () => {
  it("writes the lines of one event-loop turn as one chunk", async () => {
    const writes: string[] = [];
    const sink = new BatchSink({ write: (text: string) => writes.push(text) });
    for (let i = 0; i < 100; i++) sink.write(`line ${i}`);
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join("")]);
  });

  it("writes at once past maxBytes, and flush() writes what it holds", () => {
    const writes: string[] = [];
    const sink = new BatchSink({ write: (text: string) => writes.push(text) }, 10);
    sink.write("0123456789"); // 11 bytes with its newline
    expect(writes).toEqual(["0123456789\n"]);
    sink.write("a");
    sink.flush();
    expect(writes).toEqual(["0123456789\n", "a\n"]);
    sink.flush();
    expect(writes.length).toBe(2);
  });
});
