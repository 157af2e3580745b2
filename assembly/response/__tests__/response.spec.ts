import { writeStatusLine, statusLineLength } from "../status";
import { setClock, writeDateLine, DATE_LINE_LENGTH } from "../date";
import {
  writeHeadBefore, responseLength, HEAD_ROOM, RESPOND_CLOSE, RESPOND_KEEP_ALIVE, RESPOND_OMIT_BODY, RESPOND_CHUNKED, RESPOND_UNSIZED,
} from "../writer";
import { CONTENT_TEXT, CONTENT_JSON, CONTENT_NONE, CONTENT_TYPE_COUNT } from "../lines";
import { writeDecimal, decimalLength } from "../../util/bytes";

const buf = heap.alloc(4096);

function text(ptr: usize, len: u32): string {
  return String.UTF8.decodeUnsafe(ptr, len);
}

function statusLine(code: u32): string {
  return text(buf, writeStatusLine(buf, code));
}

function dateLine(seconds: i64): string {
  setClock(seconds);
  return text(buf, writeDateLine(buf));
}

/** Writes head + "\r\n" + body at region and returns the whole response text. */
function response(status: u32, contentType: u32, body: string, options: u32): string {
  const region = buf + HEAD_ROOM;
  store<u16>(region, 0x0a0d);
  const bodyLen = <u32>String.UTF8.encodeUnsafe(changetype<usize>(body), body.length, region + 2);
  const start = writeHeadBefore(region, status, contentType, bodyLen, options);
  if (start == 0) return "<invalid>";
  return text(start, responseLength(start, region, 0, bodyLen, status, options));
}

describe("status lines", () => {
  it("are pre-serialized with Node's reason phrases", () => {
    expect(statusLine(200)).toBe("HTTP/1.1 200 OK\r\n");
    expect(statusLine(404)).toBe("HTTP/1.1 404 Not Found\r\n");
    expect(statusLine(431)).toBe("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    expect(statusLine(511)).toBe("HTTP/1.1 511 Network Authentication Required\r\n");
  });
  it("have an empty reason for unregistered codes in range", () => {
    expect(statusLine(299)).toBe("HTTP/1.1 299 \r\n");
    expect(statusLine(599)).toBe("HTTP/1.1 599 \r\n");
  });
  it("are refused outside 100-599", () => {
    expect(statusLineLength(99)).toBe(0);
    expect(statusLineLength(600)).toBe(0);
    expect(statusLineLength(0)).toBe(0);
  });
});

describe("Date line", () => {
  it("formats IMF-fixdate", () => {
    expect(dateLine(0)).toBe("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
    expect(dateLine(784111777)).toBe("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    expect(dateLine(951782400)).toBe("Date: Tue, 29 Feb 2000 00:00:00 GMT\r\n");
    expect(dateLine(4102444799)).toBe("Date: Thu, 31 Dec 2099 23:59:59 GMT\r\n");
    expect(DATE_LINE_LENGTH).toBe(37);
  });
  it("keeps the cached line when the second did not change", () => {
    dateLine(1000);
    const first = dateLine(1000);
    expect(first).toBe("Date: Thu, 01 Jan 1970 00:16:40 GMT\r\n");
  });
});

describe("decimal", () => {
  it("writes numbers of every width", () => {
    expect(text(buf, writeDecimal(buf, 0))).toBe("0");
    expect(text(buf, writeDecimal(buf, 9))).toBe("9");
    expect(text(buf, writeDecimal(buf, 10))).toBe("10");
    expect(text(buf, writeDecimal(buf, 4294967295))).toBe("4294967295");
    expect(decimalLength(1000000)).toBe(7);
  });
});

describe("head writer", () => {
  it("writes status, date, type, length and the body contiguously", () => {
    setClock(0);
    expect(response(200, CONTENT_TEXT, "Hello, World!", 0)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: 13\r\n\r\nHello, World!");
  });
  it("adds Connection lines as asked", () => {
    setClock(0);
    expect(response(200, CONTENT_JSON, "{}", RESPOND_CLOSE)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    expect(response(200, CONTENT_NONE, "", RESPOND_KEEP_ALIVE)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Length: 0\r\nConnection: keep-alive\r\n\r\n");
  });
  it("omits the body for HEAD but keeps its length", () => {
    setClock(0);
    expect(response(200, CONTENT_TEXT, "abc", RESPOND_OMIT_BODY)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: 3\r\n\r\n");
  });
  it("sends neither body nor Content-Length for 204, 304 and 1xx", () => {
    setClock(0);
    expect(response(204, CONTENT_NONE, "ignored", 0)).toBe(
      "HTTP/1.1 204 No Content\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n");
    expect(response(304, CONTENT_NONE, "x", 0)).toBe(
      "HTTP/1.1 304 Not Modified\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n");
  });
  it("sends no body but Content-Length: 0 for 205, streamed or not (rules.ts)", () => {
    setClock(0);
    expect(response(205, CONTENT_TEXT, "xyz", 0)).toBe(
      "HTTP/1.1 205 Reset Content\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: 0\r\n\r\n");
    expect(response(205, CONTENT_NONE, "", RESPOND_CHUNKED)).toBe(
      "HTTP/1.1 205 Reset Content\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: 0\r\n\r\n");
  });
  it("announces a streamed body as chunked, or with no length at all, and ends at the head", () => {
    setClock(0);
    expect(response(200, CONTENT_TEXT, "not sent here", RESPOND_CHUNKED)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n" +
      "Content-Type: text/plain; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n");
    expect(response(200, CONTENT_NONE, "x", RESPOND_UNSIZED | RESPOND_CLOSE)).toBe(
      "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nConnection: close\r\n\r\n");
    expect(response(204, CONTENT_NONE, "", RESPOND_CHUNKED)).toBe(
      "HTTP/1.1 204 No Content\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n");
  });

  it("refuses bad statuses and content types", () => {
    expect(response(99, CONTENT_TEXT, "", 0)).toBe("<invalid>");
    expect(response(200, CONTENT_TYPE_COUNT, "", 0)).toBe("<invalid>");
  });
});
