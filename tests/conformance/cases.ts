/**
 * The reference app's contract as data: request → expected response. Every
 * host's suite (Node sockets, app.fetch, Workers/miniflare, the WASI
 * component) replays this list and must answer the same.
 *
 * Headers are given in lower-case, sorted order so that hosts whose request
 * Headers are sorted by the platform (Fetch API) echo them identically. A
 * Web `Headers` also merges repeated fields, so "in received order" holds only
 * where the host reads the raw request: cases marked `rawHeaders` check that,
 * and fetch-style hosts replay FETCH_CONFORMANCE, the list without them.
 */

export interface ConformanceCase {
  name: string;
  method: string;
  target: string;
  /** Sent after "Host: localhost". */
  headers?: [string, string][];
  body?: string;
  /** Needs the header fields as received (order, repeats): not for fetch-style hosts. */
  rawHeaders?: true;
  /** The message of the error a TypeScript app's default onError logs (console.error) for this case. */
  logs?: string;
  expect: {
    status: number;
    /** Exact Content-Type when given. */
    contentType?: string;
    /** Headers that must be present with these values. */
    headers?: Record<string, string>;
    /** Exact body text. */
    text?: string;
    /** Body parsed as JSON deep-equals this. */
    json?: unknown;
    /** Body parsed as JSON contains these top-level fields. */
    jsonFields?: Record<string, unknown>;
  };
}

import { bigJson, canonicalOf, zeros } from "./big-json.js";

const TEXT = "text/plain; charset=UTF-8";
const JSON_TYPE = "application/json";

export const CONFORMANCE: ConformanceCase[] = [
  { name: "plaintext", method: "GET", target: "/plaintext", expect: { status: 200, contentType: TEXT, text: "Hello, World!" } },
  { name: "json", method: "GET", target: "/json", expect: { status: 200, contentType: JSON_TYPE, text: '{"message":"Hello, World!"}' } },
  { name: "user by id", method: "GET", target: "/users/42", expect: { status: 200, contentType: JSON_TYPE, text: '{"id":"42","name":"user-42"}' } },
  { name: "user id is percent-decoded", method: "GET", target: "/users/a%20b", expect: { status: 200, json: { id: "a b", name: "user-a b" } } },
  { name: "user id with UTF-8", method: "GET", target: "/users/%C3%A9t%C3%A9", expect: { status: 200, json: { id: "été", name: "user-été" } } },
  {
    name: "echo GET with query and headers", method: "GET", target: "/echo?a=1&b=2&a=3&c=x%20y&d=p+q&e",
    headers: [["x-one", "1"], ["x-two", "two words"]],
    expect: {
      status: 200, contentType: JSON_TYPE,
      json: {
        method: "GET", url: "/echo?a=1&b=2&a=3&c=x%20y&d=p+q&e", path: "/echo",
        query: { a: ["1", "3"], b: "2", c: "x y", d: "p q", e: "" },
        headers: [["host", "localhost"], ["x-one", "1"], ["x-two", "two words"]], body: "",
      },
    },
  },
  {
    name: "echo headers in received order, repeats kept", method: "GET", target: "/echo/order",
    headers: [["x-zeta", "1"], ["X-Alpha", "2"], ["x-zeta", "3"], ["accept", "*/*"]], rawHeaders: true,
    expect: {
      status: 200,
      jsonFields: { headers: [["host", "localhost"], ["x-zeta", "1"], ["x-alpha", "2"], ["x-zeta", "3"], ["accept", "*/*"]] },
    },
  },
  {
    name: "echo keeps query names that are Object.prototype keys", method: "GET", target: "/echo?__proto__=1&constructor=2&toString=3",
    // A computed key: a literal `__proto__:` would set the prototype instead of a field.
    expect: { status: 200, jsonFields: { query: { ["__proto__"]: "1", constructor: "2", toString: "3" } } },
  },
  {
    name: "echo wildcard path", method: "GET", target: "/echo/deep/path/here",
    expect: { status: 200, json: { method: "GET", url: "/echo/deep/path/here", path: "/echo/deep/path/here", query: {}, headers: [["host", "localhost"]], body: "" } },
  },
  {
    name: "echo POST body", method: "POST", target: "/echo/x?y=1", headers: [["content-type", "text/plain"]], body: "héllo body",
    expect: { status: 200, jsonFields: { method: "POST", url: "/echo/x?y=1", path: "/echo/x", query: { y: "1" }, body: "héllo body" } },
  },
  { name: "echo PUT", method: "PUT", target: "/echo", body: "{}", expect: { status: 200, jsonFields: { method: "PUT", body: "{}" } } },
  { name: "echo DELETE", method: "DELETE", target: "/echo/1", expect: { status: 200, jsonFields: { method: "DELETE", path: "/echo/1" } } },
  {
    name: "canonical JSON", method: "POST", target: "/json/canonical", headers: [["content-type", "application/json"]],
    body: '{ "b" : [1, 2.50, 1e2, -0, 1E-7, "\\u00e9\\n"], "a": {"x": true, "y": null} }',
    expect: { status: 200, contentType: JSON_TYPE, text: '{"b":[1,2.5,100,0,1e-7,"é\\n"],"a":{"x":true,"y":null}}' },
  },
  {
    name: "canonical JSON rejects a trailing comma", method: "POST", target: "/json/canonical", body: '{"a": [1, 2,]}',
    expect: { status: 400, contentType: JSON_TYPE, json: { error: "trailing comma", offset: 12 } },
  },
  {
    name: "canonical JSON rejects a leading zero", method: "POST", target: "/json/canonical", body: "[01]",
    expect: { status: 400, json: { error: "leading zero in number", offset: 1 } },
  },
  // Bodies past a fixed scratch share of one arena (≈ 3.9 KB once), in a small slot but worked
  // out in a large one (32 KiB; 56 KiB, whose output does not fit beside it either), past one
  // arena (64 KiB: the request moves to a large slot), and near the 1 MiB body limit; the
  // answer is V8's own round trip.
  ...[4096, 32 * 1024, 56 * 1024, 65536, 900 * 1024].map((bytes): ConformanceCase => {
    const body = bigJson(bytes);
    return {
      name: `canonical JSON of ${bytes} bytes`, method: "POST", target: "/json/canonical", headers: [["content-type", "application/json"]],
      body, expect: { status: 200, contentType: JSON_TYPE, text: canonicalOf(body) },
    };
  }),
  (() => {
    const valid = bigJson(65536);
    const at = valid.lastIndexOf("\n]"); // the error is near the end of a large-slot body
    const body = `${valid.slice(0, at)},${valid.slice(at)}`;
    return {
      name: "canonical JSON of 64 KiB rejects a trailing comma at its end", method: "POST", target: "/json/canonical", body,
      expect: { status: 400, contentType: JSON_TYPE, json: { error: "trailing comma", offset: Buffer.byteLength(valid.slice(0, at)) + 2 } },
    };
  })(),
  {
    // Valid and under the 1 MiB body limit, but its tape (6 MB) does not fit a large slot's JSON room.
    name: "canonical JSON too large to work out answers 413", method: "POST", target: "/json/canonical", body: zeros(1_000_001),
    expect: { status: 413, contentType: JSON_TYPE, json: { error: "JSON text too large", offset: 0 } },
  },
  { name: "not found", method: "GET", target: "/nope", expect: { status: 404, contentType: TEXT, text: "404 Not Found" } },
  { name: "wrong method is not found", method: "POST", target: "/plaintext", expect: { status: 404 } },
  { name: "throwing handler answers 500", method: "GET", target: "/error", logs: "reference app: deliberate failure", expect: { status: 500, text: "Internal Server Error" } },
  { name: "items list", method: "GET", target: "/api/v1/items", expect: { status: 200, headers: { "x-api-version": "1" }, jsonFields: { items: [{ id: "1", name: "apple", price: 1.25 }, { id: "2", name: "bread", price: 2.5 }, { id: "3", name: "cheese", price: 7.75 }] } } },
  { name: "item by id", method: "GET", target: "/api/v1/items/7", expect: { status: 200, headers: { "x-api-version": "1" }, json: { id: "7", kind: "item" } } },
  { name: "create item", method: "POST", target: "/api/v1/items", body: "abcdef", expect: { status: 201, json: { created: true, length: 6 } } },
  { name: "update item", method: "PUT", target: "/api/v1/items/9", body: "x", expect: { status: 200, json: { id: "9", updated: true } } },
  { name: "patch item", method: "PATCH", target: "/api/v1/items/9", body: "x", expect: { status: 200, json: { id: "9", patched: true } } },
  { name: "delete item", method: "DELETE", target: "/api/v1/items/9", expect: { status: 204, text: "" } },
  { name: "options items", method: "OPTIONS", target: "/api/v1/items", expect: { status: 204, headers: { allow: "GET, POST, OPTIONS" } } },
  { name: "order", method: "GET", target: "/api/v1/orders/o-1", expect: { status: 200, json: { orderId: "o-1" } } },
  { name: "order line", method: "GET", target: "/api/v1/orders/o-1/lines/5", expect: { status: 200, json: { orderId: "o-1", lineId: "5" } } },
  { name: "comments", method: "GET", target: "/api/v1/users/u/posts/p/comments", expect: { status: 200, json: { userId: "u", postId: "p", comments: [] } } },
  { name: "wildcard in the middle", method: "GET", target: "/api/v2/anything/health", expect: { status: 200, text: "ok" } },
  { name: "static wildcard", method: "GET", target: "/static/css/site.css", expect: { status: 200, text: "static:css/site.css" } },
  { name: "regex param matches", method: "GET", target: "/files/notes_1.md", expect: { status: 200, text: "file:notes_1.md" } },
  { name: "regex param rejects", method: "GET", target: "/files/notes.exe", expect: { status: 404 } },
  { name: "optional param present", method: "GET", target: "/teams/red/members/ann", expect: { status: 200, json: { team: "red", member: "ann" } } },
  { name: "optional param absent", method: "GET", target: "/teams/red/members", expect: { status: 200, json: { team: "red", member: null } } },
  { name: "status from param", method: "GET", target: "/status/418", expect: { status: 418, text: "status 418" } },
  { name: "status from param, lowest", method: "GET", target: "/status/200", expect: { status: 200, text: "status 200" } },
  { name: "status from param, highest", method: "GET", target: "/status/599", expect: { status: 599, text: "status 599" } },
  // The route's regex admits any three digits; codes a response cannot carry are the client's error.
  { name: "status beyond 599 is refused", method: "GET", target: "/status/999", expect: { status: 400, contentType: TEXT, text: "invalid status 999" } },
  { name: "status 600 is refused", method: "GET", target: "/status/600", expect: { status: 400, text: "invalid status 600" } },
  { name: "status below 100 is refused", method: "GET", target: "/status/099", expect: { status: 400, text: "invalid status 099" } },
  { name: "informational status is refused", method: "GET", target: "/status/101", expect: { status: 400, text: "invalid status 101" } },
  { name: "search query", method: "GET", target: "/search?q=wasm&tag=a&tag=b", expect: { status: 200, json: { q: "wasm", tags: ["a", "b"] } } },
  { name: "search without query", method: "GET", target: "/search", expect: { status: 200, json: { q: null, tags: [] } } },
  { name: "html", method: "GET", target: "/html", expect: { status: 200, contentType: "text/html; charset=UTF-8", text: "<!doctype html><h1>Hello</h1>" } },
  { name: "redirect", method: "GET", target: "/redirect", expect: { status: 302, headers: { location: "/json" }, text: "" } },
  { name: "async handler", method: "GET", target: "/async/json", expect: { status: 200, json: { message: "Hello, World!", async: true } } },
  { name: "HEAD falls back to GET without a body", method: "HEAD", target: "/json", expect: { status: 200, contentType: JSON_TYPE, headers: { "content-length": "27" }, text: "" } },
];

/** The cases a fetch-style host can answer (its request headers are a Web `Headers`). */
export const FETCH_CONFORMANCE = CONFORMANCE.filter((c) => !c.rawHeaders);
