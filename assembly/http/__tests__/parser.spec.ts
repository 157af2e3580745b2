import { parseRequest } from "../parser";
import { ParseError } from "../errors";
import { limits } from "../limits";
import {
  PHASE_DONE, PHASE_ERROR, FLAG_KEEP_ALIVE, FLAG_HAS_QUERY, FLAG_UPGRADE, FLAG_EXPECT_CONTINUE,
  FLAG_CONNECTION_CLOSE, FLAG_CONTENT_LENGTH,
} from "../request";
import { METHOD_POST } from "../methods";
import { HEADER_CONTENT_LENGTH } from "../headers";
import { put, freshHead, tableOf, parseOnce, parseBytewise, spanOf } from "./helpers.include";

const HOST = "Host: a\r\n";

function err(code: ParseError): i32 { return -(<i32>code); }

/** Same verdict whole and byte by byte. */
function verdict(s: string): i32 {
  const whole = parseOnce(s);
  expect(parseBytewise(s)).toBe(whole, s);
  return whole;
}

describe("parseRequest: accepted requests", () => {
  it("fills method, target, path, query, version and header spans", () => {
    const s = "POST /a/b?x=1&y HTTP/1.1\r\nHost: example.com\r\nContent-Length:  3 \r\nX-Empty:\r\n\r\nabcNEXT";
    const req = freshHead();
    const buf = put(s);
    const r = parseRequest(req, tableOf(req), buf, s.length);
    expect(r).toBe(s.length - 4);
    expect(req.phase).toBe(PHASE_DONE);
    expect(req.methodId).toBe(METHOD_POST);
    expect(spanOf(buf, req.targetOff, req.targetLen)).toBe("/a/b?x=1&y");
    expect(spanOf(buf, req.pathOff, req.pathLen)).toBe("/a/b");
    expect(spanOf(buf, req.queryOff, req.queryLen)).toBe("x=1&y");
    expect(req.versionMinor).toBe(1);
    expect(req.headerCount).toBe(3);
    expect(req.flags).toBe(FLAG_KEEP_ALIVE | FLAG_HAS_QUERY | FLAG_CONTENT_LENGTH);
    expect(spanOf(buf, req.bodyOff, req.bodyLen)).toBe("abc");
    const cl = tableOf(req) + 16;
    expect(spanOf(buf, load<u32>(cl), load<u16>(cl, 12))).toBe("Content-Length");
    expect(spanOf(buf, load<u32>(cl, 4), load<u32>(cl, 8))).toBe("3");
    expect(load<u16>(cl, 14)).toBe(HEADER_CONTENT_LENGTH);
  });

  it("needs more until the last byte, then returns the same length every call", () => {
    const s = "GET / HTTP/1.1\r\n" + HOST + "\r\n";
    const req = freshHead();
    const buf = put(s);
    for (let n = 0; n < s.length; n++) expect(parseRequest(req, tableOf(req), buf, n)).toBe(0);
    expect(parseRequest(req, tableOf(req), buf, s.length)).toBe(s.length);
    expect(parseRequest(req, tableOf(req), buf, s.length)).toBe(s.length);
  });

  it("computes keep-alive, close, expect and upgrade flags", () => {
    const req = freshHead();
    const s = "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n";
    parseRequest(req, tableOf(req), put(s), s.length);
    expect(req.flags & FLAG_KEEP_ALIVE).toBe(FLAG_KEEP_ALIVE);

    const c = freshHead();
    const t = "GET / HTTP/1.1\r\n" + HOST + "Connection: keep-alive, close\r\nExpect: 100-continue\r\n\r\n";
    parseRequest(c, tableOf(c), put(t), t.length);
    expect(c.flags & (FLAG_KEEP_ALIVE | FLAG_CONNECTION_CLOSE | FLAG_EXPECT_CONTINUE))
      .toBe(FLAG_CONNECTION_CLOSE | FLAG_EXPECT_CONTINUE);

    const u = freshHead();
    const w = "GET /ws HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x00";
    expect(parseRequest(u, tableOf(u), put(w), w.length)).toBe(w.length - 2);
    expect(u.flags & FLAG_UPGRADE).toBe(FLAG_UPGRADE);
  });
});

describe("parseRequest: rejections (more, checked harder, in tests/http/cases/*.cases)", () => {
  it("request-line errors", () => {
    expect(verdict("UNSUBSCRIBEX / HTTP/1.1\r\n\r\n")).toBe(err(ParseError.INVALID_METHOD));
    expect(verdict("GET / HTTP/1.x\r\n" + HOST + "\r\n")).toBe(err(ParseError.INVALID_VERSION));
  });

  it("line-ending errors", () => {
    expect(verdict("GET / HTTP/1.1\n")).toBe(err(ParseError.BARE_LF));
  });

  it("field errors", () => {
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + "A@b: c\r\n\r\n")).toBe(err(ParseError.INVALID_HEADER_NAME));
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + ": c\r\n\r\n")).toBe(err(ParseError.INVALID_HEADER_NAME));
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + "A: b\r\n c\r\n\r\n")).toBe(err(ParseError.OBS_FOLD));
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + "A: b\x01\r\n\r\n")).toBe(err(ParseError.INVALID_HEADER_VALUE));
    expect(verdict("GET / HTTP/1.1\r\n\r\n")).toBe(err(ParseError.MISSING_HOST));
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + HOST + "\r\n")).toBe(err(ParseError.DUPLICATE_HOST));
  });

  it("framing errors", () => {
    const p = "POST / HTTP/1.1\r\n" + HOST;
    expect(verdict(p + "Content-Length: 1x\r\n\r\n")).toBe(err(ParseError.INVALID_CONTENT_LENGTH));
    expect(verdict(p + "Content-Length: 99999999999999999\r\n\r\n")).toBe(err(ParseError.CONTENT_LENGTH_OVERFLOW));
    expect(verdict(p + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")).toBe(err(ParseError.TE_WITH_CONTENT_LENGTH));
    expect(verdict(p + "Transfer-Encoding: chunked, gzip\r\n\r\n")).toBe(err(ParseError.TE_NOT_CHUNKED));
  });

  it("keeps the first error on later calls", () => {
    const s = "GET / HTTP/1.1\r\nHost : a\r\n\r\n";
    const req = freshHead();
    const buf = put(s);
    const r = parseRequest(req, tableOf(req), buf, s.length);
    expect(r).toBe(err(ParseError.WHITESPACE_BEFORE_COLON));
    expect(req.phase).toBe(PHASE_ERROR);
    expect(req.errorOffset).toBe(20);
    expect(parseRequest(req, tableOf(req), buf, s.length)).toBe(r);
  });
});

describe("parseRequest: limits are enforced as bytes arrive", () => {
  it("414 once the target outgrows maxTargetLength, before the line ends", () => {
    const saved = limits.maxTargetLength;
    limits.maxTargetLength = 16;
    const req = freshHead();
    const s = "GET /" + "a".repeat(15) + "b";
    const buf = put(s);
    expect(parseRequest(req, tableOf(req), buf, s.length - 1)).toBe(0);
    expect(parseRequest(req, tableOf(req), buf, s.length)).toBe(err(ParseError.TARGET_TOO_LONG));
    limits.maxTargetLength = saved;
  });

  it("431 once the head outgrows maxHeaderBytes, before it ends", () => {
    const saved = limits.maxHeaderBytes;
    limits.maxHeaderBytes = 64;
    const s = "GET / HTTP/1.1\r\n" + HOST + "X: " + "v".repeat(60);
    const req = freshHead();
    const buf = put(s);
    expect(parseRequest(req, tableOf(req), buf, 64)).toBe(0);
    expect(parseRequest(req, tableOf(req), buf, 65)).toBe(err(ParseError.HEADERS_TOO_LARGE));
    limits.maxHeaderBytes = saved;
  });

  it("431 for more than maxHeaders fields", () => {
    const saved = limits.maxHeaders;
    limits.maxHeaders = 2;
    expect(verdict("GET / HTTP/1.1\r\n" + HOST + "A: 1\r\nB: 2\r\n\r\n")).toBe(err(ParseError.TOO_MANY_HEADERS));
    limits.maxHeaders = saved;
  });
});
