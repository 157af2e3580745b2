import { lookupMethod, METHOD_OTHER, METHOD_GET, METHOD_MSEARCH, METHOD_UNSUBSCRIBE } from "../methods";
import { internHeader, HEADER_OTHER, HEADER_HOST, HEADER_COUNT } from "../headers";
import { put } from "./helpers.include";

// Node 20's http.METHODS with the ids of methods.ts, written out here so the
// lookup table is checked against an independent list.
const METHODS: StaticArray<string> = [
  "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
  "COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "BIND",
  "REBIND", "UNBIND", "ACL", "REPORT", "MKACTIVITY", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE",
  "PURGE", "MKCALENDAR", "LINK", "UNLINK", "SOURCE", "QUERY", "CHECKOUT", "MERGE", "M-SEARCH",
];
const METHOD_IDS: StaticArray<u32> = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21,
  22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
];

const HEADERS: StaticArray<string> = [
  "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Accept",
  "Accept-Encoding", "Accept-Language", "Authorization", "Cookie", "User-Agent",
  "Cache-Control", "Origin", "Referer", "If-None-Match", "If-Modified-Since", "Expect",
  "Upgrade", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-ID",
  "Content-Encoding", "Range", "Pragma", "TE", "Trailer", "Keep-Alive", "Sec-Fetch-Mode",
  "Sec-Fetch-Site", "Sec-Fetch-Dest", "If-Match", "Forwarded", "X-Real-IP",
  "Upgrade-Insecure-Requests", "Sec-CH-UA", "Access-Control-Request-Method",
  "Access-Control-Request-Headers", "If-Unmodified-Since", "If-Range", "Sec-CH-UA-Mobile",
  "Sec-CH-UA-Platform", "Sec-Fetch-User",
];

function method(s: string): u32 { return lookupMethod(put(s), s.length); }
function header(s: string): u16 { return internHeader(put(s), s.length); }

describe("lookupMethod", () => {
  it("finds every Node method with its id", () => {
    for (let i = 0; i < METHODS.length; i++) {
      expect(method(METHODS[i])).toBe(METHOD_IDS[i], METHODS[i]);
    }
  });

  it("is case-sensitive, like llhttp", () => {
    expect(method("get")).toBe(METHOD_OTHER);
    expect(method("Get")).toBe(METHOD_OTHER);
    expect(method("m-search")).toBe(METHOD_OTHER);
  });

  it("refuses prefixes, extensions and unknown tokens", () => {
    expect(method("GE")).toBe(METHOD_OTHER);
    expect(method("GETS")).toBe(METHOD_OTHER);
    expect(method("UNSUBSCRIBES")).toBe(METHOD_OTHER);
    expect(method("PRI")).toBe(METHOD_OTHER);
    expect(method("BREW")).toBe(METHOD_OTHER);
    expect(method("G")).toBe(METHOD_OTHER);
    expect(method("")).toBe(METHOD_OTHER);
    expect(method("UNSUBSCRIBX")).toBe(METHOD_OTHER);
    expect(method("MSEARCH")).toBe(METHOD_OTHER);
  });

  it("reads only the given bytes", () => {
    const p = put("GETX");
    expect(lookupMethod(p, 3)).toBe(METHOD_GET);
    const q = put("M-SEARCH---");
    expect(lookupMethod(q, 8)).toBe(METHOD_MSEARCH);
    expect(lookupMethod(put("UNSUBSCRIBE"), 11)).toBe(METHOD_UNSUBSCRIBE);
  });
});

describe("internHeader", () => {
  it("interns every common header to its id, in any case", () => {
    for (let i = 0; i < HEADERS.length; i++) {
      const id = <u16>(i + 1);
      expect(header(HEADERS[i])).toBe(id, HEADERS[i]);
      expect(header(HEADERS[i].toLowerCase())).toBe(id, HEADERS[i]);
      expect(header(HEADERS[i].toUpperCase())).toBe(id, HEADERS[i]);
    }
    expect(<i32>HEADERS.length).toBe(<i32>HEADER_COUNT - 1);
  });

  it("returns 0 for other names and near misses", () => {
    expect(header("X-Custom")).toBe(HEADER_OTHER);
    expect(header("Hosts")).toBe(HEADER_OTHER);
    expect(header("Hos")).toBe(HEADER_OTHER);
    expect(header("Content_Length")).toBe(HEADER_OTHER);
    expect(header("Content-Lengths")).toBe(HEADER_OTHER);
    expect(header("T")).toBe(HEADER_OTHER);
    expect(header("")).toBe(HEADER_OTHER);
    expect(header("Sec-Fetch-Usr")).toBe(HEADER_OTHER);
    expect(header("Upgrade-Insecure-Requestz")).toBe(HEADER_OTHER);
    expect(header("Upgrade-Insecure-Requests-And-More")).toBe(HEADER_OTHER);
    expect(header("Access-Control-Request-Methods")).toBe(HEADER_OTHER);
    expect(header("Sec-CH-UA-Model")).toBe(HEADER_OTHER);
  });

  it("reads only the given bytes", () => {
    expect(internHeader(put("Hostname"), 4)).toBe(HEADER_HOST);
  });
});
