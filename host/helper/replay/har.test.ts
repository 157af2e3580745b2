// HAR 1.2 export and import: round trips, binary bodies, a deterministic
// export, and a Chrome-shaped capture (fixtures/chrome.har: HTTP/2
// pseudo-headers, Chrome's underscore fields, brotli content stored decoded,
// a base64 image, a request blocked with status 0, an HTTP/1.1 POST with
// hop-by-hop fields, a redirect).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERR_HAR_ENTRY, ERR_HAR_SHAPE, fromHar, toHar, toHarText, type HarRequest } from "./har.js";
import { Recording } from "./format.js";
import { BINARY, exchange, mixed } from "./exchanges.fixture.js";
import type { RecordedExchange } from "./types.js";

/**
 * A stand-in for the fingerprint module (another module's job): any
 * deterministic function of the request will do for storage tests.
 */
function fingerprintOf(request: HarRequest): string {
  return createHash("md5").update(`${request.method} ${request.url}\n`).update(request.body).digest("hex");
}

const text = (s: string) => new TextEncoder().encode(s);
const fingerprinted = (xs: RecordedExchange[]) => xs.map((x) => ({ ...x, fingerprint: fingerprintOf(x.request) }));
const byKey = (xs: RecordedExchange[]) => [...xs].sort((a, b) => {
  const ka = `${a.fingerprint} ${a.session} ${a.occurrence}`, kb = `${b.fingerprint} ${b.session} ${b.occurrence}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
});
/** A HAR as JSON.parse gives it. */
type Json = any;

describe("HAR export and import", () => {
  it("round-trips a recording: exchanges → toHar → fromHar are the same exchanges", () => {
    const original = fingerprinted(mixed());
    const back = fromHar(JSON.parse(toHarText(original)), fingerprintOf);
    expect(byKey(back)).toEqual(byKey(original));
  });

  it("round-trips through a Recording loaded from bytes (bodies as views)", () => {
    const r = Recording.empty();
    for (const x of fingerprinted(mixed())) r.add(x);
    const loaded = Recording.from(r.toBytes());
    const back = fromHar(toHar(loaded.entries()), fingerprintOf);
    expect(back.map((x) => x.response.body)).toEqual(fromHar(toHar(fingerprinted(mixed())), fingerprintOf).map((x) => x.response.body));
  });

  it("writes HAR 1.2: creator, absolute URLs, query, timings, asedge's own fields", () => {
    const [x] = fingerprinted([exchange({ url: "/api/items?page=1&tag=a%20b" })]);
    const har = toHar([x], { creator: { version: "0.1.0" }, origin: "https://api.example.com/" }) as Json;
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual({ name: "asedge", version: "0.1.0" });
    const [entry] = har.log.entries;
    expect(Object.keys(entry)).toEqual(["startedDateTime", "time", "request", "response", "cache", "timings", "_fingerprint", "_occurrence", "_session", "_contentEncoding"]);
    expect(entry.startedDateTime).toBe("2026-12-03T12:00:00.250Z");
    expect(entry.time).toBe(42);
    expect(entry.timings).toEqual({ send: 0, wait: 42, receive: 0 });
    expect(entry.request).toEqual({
      method: "GET", url: "https://api.example.com/api/items?page=1&tag=a%20b", httpVersion: "HTTP/1.1", cookies: [],
      headers: [{ name: "accept", value: "application/json" }, { name: "x-trace", value: "a" }, { name: "x-trace", value: "b" }],
      queryString: [{ name: "page", value: "1" }, { name: "tag", value: "a b" }], headersSize: -1, bodySize: 0,
    });
    expect(entry.response.content).toEqual({ size: 17, mimeType: "application/json", text: '{"items":[1,2,3]}' });
    expect(entry.response.bodySize).toBe(-1); // the upstream gzipped it: the wire size is unknown
    expect([entry._fingerprint, entry._occurrence, entry._session, entry._contentEncoding]).toEqual([x.fingerprint, 0, "", "gzip"]);
  });

  it("binary bodies go out as base64 (postData with _encoding, content with encoding) and come back byte-exact", () => {
    const [upload] = fingerprinted(mixed().filter((x) => x.request.method === "POST"));
    const entry = (toHar([upload]) as Json).log.entries[0];
    expect(entry.request.postData).toEqual({ mimeType: "application/octet-stream", text: Buffer.from(BINARY).toString("base64"), _encoding: "base64" });
    expect(entry.response.content).toEqual({ size: 300, mimeType: "image/png", text: Buffer.from(BINARY.subarray(0, 300)).toString("base64"), encoding: "base64" });
    const [back] = fromHar(JSON.parse(JSON.stringify(toHar([upload]))), fingerprintOf);
    expect(back.request.body).toEqual(BINARY);
    expect(back.response.body).toEqual(BINARY.slice(0, 300));
  });

  it("text only when UTF-8 and a text-like type in UTF-8: a BOM is kept, other charsets and invalid UTF-8 are base64", () => {
    const withType = (type: string, body: Uint8Array) => exchange({ response: { status: 200, headers: [["content-type", type]], body, encoding: "" } });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...text("hi")]);
    const cases = fingerprinted([
      withType("text/plain; charset=utf-8", bom), withType("text/plain; charset=iso-8859-1", text("hi")),
      withType("application/json", new Uint8Array([0x7b, 0xff, 0x7d])), withType("application/vnd.api+json", text("{}")),
    ]).map((x, i) => ({ ...x, occurrence: i }));
    const contents = (toHar(cases) as Json).log.entries.map((e: Json) => e.response.content);
    expect(contents.map((c: Json) => c.encoding ?? "text")).toEqual(["text", "base64", "base64", "text"]);
    expect(contents[0].text).toBe("\ufeffhi");
    expect(fromHar(toHar(cases), fingerprintOf).map((x) => [...x.response.body])).toEqual(cases.map((x) => [...x.response.body]));
  });

  it("is deterministic: byte-identical twice, the same for any insertion order, sorted by session, url, method, occurrence", () => {
    const xs = fingerprinted([
      exchange({ url: "/b" }), exchange({ url: "/a", method: "POST" }), exchange({ url: "/a" }),
      exchange({ url: "/a", occurrence: 1 }), exchange({ url: "/a", session: "alice" }), exchange({ url: "/%C3%A9" }),
    ]);
    const first = toHarText(xs);
    expect(toHarText(xs)).toBe(first);
    for (const order of [[...xs].reverse(), [xs[3], xs[0], xs[5], xs[1], xs[4], xs[2]]]) expect(toHarText(order)).toBe(first);
    expect(first.endsWith("}\n")).toBe(true);
    expect(first.split("\n")[1]).toBe('  "log": {'); // 2-space JSON
    const entries = JSON.parse(first).log.entries.map((e: Json) => [e._session, new URL(e.request.url).pathname, e.request.method, e._occurrence]);
    expect(entries).toEqual([
      ["", "/%C3%A9", "GET", 0], ["", "/a", "GET", 0], ["", "/a", "GET", 1], ["", "/a", "POST", 0], ["", "/b", "GET", 0], ["alice", "/a", "GET", 0],
    ]);
  });

  it("imports a Chrome capture: path+query, pseudo-headers and hop-by-hop fields dropped, content decoded, occurrences counted", () => {
    const har = JSON.parse(readFileSync(new URL("./fixtures/chrome.har", import.meta.url), "utf8"));
    const xs = fromHar(har, fingerprintOf);
    expect(xs.map((x) => [x.request.method, x.request.url, x.response.status, x.occurrence])).toEqual([
      ["GET", "/api/items?page=1&sort=name", 200, 0], // the fragment is dropped
      ["GET", "/api/items?page=1&sort=name", 200, 1],
      ["POST", "/cart", 201, 0],
      ["GET", "/img/dot.png", 200, 0],
      // the request blocked by the client (status 0) is skipped
      ["GET", "/old", 301, 0],
    ]);
    const [items, , cart, image, redirect] = xs;
    expect(items.request.headers.map(([n]) => n)).toEqual(["accept", "accept-encoding", "user-agent"]);
    expect(items.response.encoding).toBe("br");
    expect(items.response.headers).toEqual([
      ["cache-control", "no-store"], ["content-type", "application/json; charset=utf-8"], ["date", "Thu, 03 Dec 2026 10:15:30 GMT"], ["vary", "Accept-Encoding"],
    ]);
    expect(new TextDecoder().decode(items.response.body)).toBe('{"items":[{"id":1,"name":"Tea"},{"id":2,"name":"Café"}],"next":null}');
    expect(items.startedAt).toBe(Date.parse("2026-12-03T10:15:30.250Z"));
    expect(items.durationMs).toBe(45.817);
    expect(items.fingerprint).toBe(xs[1].fingerprint);
    expect(cart.request.headers).toEqual([["host", "legacy.example.com:8080"], ["content-type", "application/json"], ["content-length", "22"], ["accept", "*/*"]]);
    expect(new TextDecoder().decode(cart.request.body)).toBe('{"id":2,"quantity":3}\n');
    expect(cart.response.headers).toEqual([["content-type", "text/plain"], ["content-length", "7"], ["set-cookie", "cart=abc; Path=/"], ["set-cookie", "seen=1; Path=/"]]);
    expect(cart.response.encoding).toBe("");
    expect([...image.response.body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(image.response.body.length).toBe(67);
    expect(redirect.response.headers).toEqual([["location", "/new"], ["content-length", "0"]]);
    expect(redirect.session).toBe("");
    // What it imported is what a recording stores and answers with.
    const r = Recording.empty();
    for (const x of xs) r.add(x);
    expect(r.count(items.fingerprint, "")).toBe(2);
    expect(new TextDecoder().decode(Recording.from(r.toBytes()).lookup(cart.fingerprint, "", 0)!.response.body)).toBe("created");
  });

  it("drops a Content-Length that does not match the stored body, keeps it on HEAD and bodyless statuses", () => {
    const entry = (method: string, status: number, text?: string) => ({
      startedDateTime: "2026-12-03T10:00:00Z", time: 1,
      request: { method, url: "https://a.example/x", headers: [] },
      response: { status, headers: [{ name: "Content-Length", value: "100" }], content: { size: 100, mimeType: "text/plain", text } },
    });
    const xs = fromHar({ log: { entries: [entry("GET", 200), entry("GET", 200, "short"), entry("HEAD", 200), entry("GET", 304)] } }, fingerprintOf);
    expect(xs.map((x) => x.response.headers)).toEqual([[], [], [["content-length", "100"]], [["content-length", "100"]]]);
    expect(xs.map((x) => x.response.body.length)).toEqual([0, 5, 0, 0]);
  });

  it("keeps sessions apart on import and counts occurrences per session", () => {
    const xs = fingerprinted([exchange(), exchange({ session: "alice" }), exchange({ occurrence: 1 })]);
    const back = fromHar(JSON.parse(toHarText(xs)), fingerprintOf);
    expect(back.map((x) => [x.session, x.occurrence])).toEqual([["", 0], ["", 1], ["alice", 0]]);
  });

  it("malformed HAR: not a log, and entries with the wrong shapes, each named", () => {
    expect(() => fromHar({}, fingerprintOf)).toThrow(ERR_HAR_SHAPE);
    expect(() => fromHar(null, fingerprintOf)).toThrow(ERR_HAR_SHAPE);
    const ok = { startedDateTime: "2026-12-03T10:00:00Z", request: { method: "GET", url: "/x" }, response: { status: 200 } };
    expect(fromHar({ log: { entries: [ok] } }, fingerprintOf)).toHaveLength(1);
    const bad = (entry: object) => () => fromHar({ log: { entries: [ok, { ...ok, ...entry }] } }, fingerprintOf);
    expect(bad({ request: { method: "GET" } })).toThrow(`${ERR_HAR_ENTRY}: entries[1]: request.method and request.url must be strings`);
    expect(bad({ startedDateTime: "yesterday" })).toThrow(`${ERR_HAR_ENTRY}: entries[1]: startedDateTime is not a date`);
    expect(bad({ response: { status: 200, content: { text: "%%%", encoding: "base64" } } })).toThrow(`${ERR_HAR_ENTRY}: entries[1].response.content: base64 text that does not decode`);
    expect(bad({ response: { status: 200, headers: [{ name: "a" }] } })).toThrow(`${ERR_HAR_ENTRY}: entries[1].response.headers: expected [{ name, value }] with strings`);
  });
});
