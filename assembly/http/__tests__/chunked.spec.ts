import { parseRequest } from "../parser";
import { ParseError } from "../errors";
import { MAX_CHUNK_EXTENSION_BYTES } from "../limits";
import { FLAG_CHUNKED } from "../request";
import { put, freshHead, tableOf, parseOnce, parseBytewise, spanOf } from "./helpers.include";

const HEAD = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

function err(code: ParseError): i32 { return -(<i32>code); }

function verdict(body: string): i32 {
  const s = HEAD + body;
  const whole = parseOnce(s);
  expect(parseBytewise(s)).toBe(whole, body);
  return whole;
}

/** The whole request (head and body) is one complete message, whole and byte by byte. */
function expectAccepted(body: string): void {
  expect(verdict(body)).toBe(HEAD.length + body.length, body);
}

describe("chunked decoder", () => {
  it("decodes in place into one span and leaves the next request alone", () => {
    const body = "5;name=val;q=\"a\\\"b\"\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 9\r\n\r\n";
    const s = HEAD + body + "GET / HTTP/1.1\r\n";
    for (let split = 1; split < s.length; split++) {
      const req = freshHead();
      const copy = put(s);
      let r = parseRequest(req, tableOf(req), copy, split);
      if (r == 0) r = parseRequest(req, tableOf(req), copy, s.length);
      expect(r).toBe(HEAD.length + body.length);
      expect(req.flags & FLAG_CHUNKED).toBe(FLAG_CHUNKED);
      expect(spanOf(copy, req.bodyOff, req.bodyLen)).toBe("hello 0123456789");
      expect(req.trailerCount).toBe(1);
      const t = tableOf(req) + 16 * req.headerCount;
      expect(spanOf(copy, load<u32>(t), load<u16>(t, 12))).toBe("X-Sum");
      expect(spanOf(copy, load<u32>(t, 4), load<u32>(t, 8))).toBe("9");
      expect(spanOf(copy, r, s.length - r)).toBe("GET / HTTP/1.1\r\n");
    }
  });

  it("accepts hex in both cases and leading zeros", () => {
    expectAccepted("0000a\r\n0123456789\r\nA\r\n0123456789\r\n00\r\n\r\n");
  });

  it("rejects bad chunk-size syntax", () => {
    expect(verdict("0x1\r\n")).toBe(err(ParseError.INVALID_CHUNK_SIZE));
    expect(verdict("1\nx\r\n")).toBe(err(ParseError.BARE_LF));
    expect(verdict("1\rx")).toBe(err(ParseError.BARE_CR));
  });

  it("rejects sizes that overflow or exceed maxBodyBytes", () => {
    expect(verdict("fffffffff\r\n")).toBe(err(ParseError.CHUNK_SIZE_OVERFLOW));
    expect(verdict("100001\r\n")).toBe(err(ParseError.BODY_TOO_LARGE));
  });

  it("rejects bad chunk extensions", () => {
    expect(verdict("1; a\r\nx\r\n0\r\n\r\n")).toBe(err(ParseError.INVALID_CHUNK_EXTENSION));
    expect(verdict("1;a=\"b\nc\"\r\nx\r\n0\r\n\r\n")).toBe(err(ParseError.BARE_LF));
  });

  it("limits each chunk's extensions to MAX_CHUNK_EXTENSION_BYTES, counted as llhttp counts", () => {
    const max = <i32>MAX_CHUNK_EXTENSION_BYTES;
    // Name and value bytes count; the ';' and '=' between them do not.
    expectAccepted("1;" + "a".repeat(max) + "\r\nx\r\n0\r\n\r\n");
    expectAccepted("1;" + "a".repeat(max / 2) + ";" + "b".repeat(max / 2 - 2) + "=c\r\nx\r\n0\r\n\r\n");
    expect(verdict("1;" + "a".repeat(max / 2) + ";" + "b".repeat(max / 2) + "=c\r\nx\r\n0\r\n\r\n")).toBe(err(ParseError.CHUNK_EXTENSIONS_TOO_LARGE));
    // A quoted value counts its quotes and whatever is inside them.
    expectAccepted("1;a=\"" + "b".repeat(max - 3) + "\"\r\nx\r\n0\r\n\r\n");
    expect(verdict("1;a=\"" + ";=".repeat((max - 2) / 2) + "\"\r\nx\r\n0\r\n\r\n")).toBe(err(ParseError.CHUNK_EXTENSIONS_TOO_LARGE));
    // Per chunk, the last chunk included.
    const near = "a".repeat(max - 1);
    expectAccepted("1;" + near + "\r\nx\r\n1;" + near + "\r\ny\r\n0;" + near + "\r\n\r\n");
    expect(verdict("0;" + "a".repeat(max + 1) + "\r\n\r\n")).toBe(err(ParseError.CHUNK_EXTENSIONS_TOO_LARGE));
    // Reported at the first byte over the limit, before the line ends.
    const s = HEAD + "1;" + "a".repeat(max + 1);
    const req = freshHead();
    expect(parseRequest(req, tableOf(req), put(s), s.length)).toBe(err(ParseError.CHUNK_EXTENSIONS_TOO_LARGE));
    expect(req.errorOffset).toBe(<u32>(s.length - 1));
  });

  it("rejects data not followed by CRLF", () => {
    expect(verdict("1\r\nxy\r\n")).toBe(err(ParseError.INVALID_CHUNK_DATA));
    expect(verdict("1\r\nx\rx")).toBe(err(ParseError.BARE_CR));
  });

  it("rejects bad trailer lines with the header codes", () => {
    expect(verdict("0\r\nA b: c\r\n\r\n")).toBe(err(ParseError.WHITESPACE_BEFORE_COLON));
    expect(verdict("0\r\nA: b\r\n c\r\n\r\n")).toBe(err(ParseError.OBS_FOLD));
    expect(verdict("0\r\nContent-Length: 1\r\n\r\n")).toBe(err(ParseError.INVALID_TRAILER));
  });
});
