// Response writer: the head is written straight in front of a body that is
// already in memory, so head and body leave as one contiguous span without
// copying the body.
//
//            HEAD_ROOM reserved by responseRegion()
//   ┌─────────────────────────────┬──────────────────────┬──────┬──────────┐
//   │ (unused)  │ fixed head      │ extra header lines   │ \r\n │ body     │
//   └───────────┴─────────────────┴──────────────────────┴──────┴──────────┘
//               ▲ start           ▲ region (host writes from here)
//
// fixed head = status line, Date, Content-Type (by id), Content-Length (from
// the body length; or Transfer-Encoding: chunked / nothing for a body the
// host streams), Connection (close / keep-alive as the request and the host
// decide). The body rules are response/rules.ts (HEAD requests and
// 1xx/204/205/304 responses end before the body; 205 says Content-Length: 0).

import { writeStatusLine, statusLineLength } from "./status";
import { writeDateLine, DATE_LINE_LENGTH } from "./date";
import {
  writeLine, lineLength, CONTENT_NONE, CONTENT_TYPE_COUNT,
  LINE_CONNECTION_CLOSE, LINE_CONNECTION_KEEP_ALIVE, LINE_CONTENT_LENGTH, LINE_CRLF, LINE_TRANSFER_CHUNKED,
} from "./lines";
import { decimalLength, writeDecimal } from "../util/bytes";
import { bodyRule, BODY_ALLOWED, BODY_EMPTY, BODY_NONE } from "./rules";

/** Bytes reserved in front of a body region: the largest fixed head fits. */
export const HEAD_ROOM: u32 = 256;

/** Response options (bits). */
export const RESPOND_CLOSE: u32 = 1 << 0;      // send Connection: close
export const RESPOND_KEEP_ALIVE: u32 = 1 << 1; // send Connection: keep-alive (HTTP/1.0 clients)
export const RESPOND_OMIT_BODY: u32 = 1 << 2;  // HEAD request: headers only
export const RESPOND_CHUNKED: u32 = 1 << 3;    // body streamed by the host in chunks: Transfer-Encoding: chunked
export const RESPOND_UNSIZED: u32 = 1 << 4;    // body streamed until close (HTTP/1.0): no length at all

/**
 * Write the fixed head so that it ends exactly at `region` and return where
 * it starts; 0 for an invalid status or content type. The caller has placed
 * `extraLen` bytes of header lines at `region`, then CRLF, then the body.
 */
export function writeHeadBefore(region: usize, status: u32, contentType: u32, bodyLen: u32, options: u32): usize {
  const statusLen = statusLineLength(status);
  if (statusLen == 0 || contentType >= CONTENT_TYPE_COUNT) return 0;
  const rule = bodyRule(status);
  // 205: "Content-Length: 0" whatever the host meant to send (rules.ts).
  if (rule == BODY_EMPTY) {
    bodyLen = 0;
    options &= ~(RESPOND_CHUNKED | RESPOND_UNSIZED);
  }
  const framed = rule != BODY_NONE; // 1xx/204/304 carry no framing line at all
  let size = statusLen + DATE_LINE_LENGTH;
  if (contentType != CONTENT_NONE) size += lineLength(contentType);
  const streamed = (options & (RESPOND_CHUNKED | RESPOND_UNSIZED)) != 0;
  if (options & RESPOND_CHUNKED && framed) size += lineLength(LINE_TRANSFER_CHUNKED);
  else if (framed && !streamed) size += lineLength(LINE_CONTENT_LENGTH) + decimalLength(bodyLen) + 2;
  const connection = connectionLine(options);
  if (connection) size += lineLength(connection);

  const start = region - size;
  let p = start;
  p += writeStatusLine(p, status);
  p += writeDateLine(p);
  if (contentType != CONTENT_NONE) p += writeLine(p, contentType);
  if (options & RESPOND_CHUNKED && framed) {
    p += writeLine(p, LINE_TRANSFER_CHUNKED);
  } else if (framed && !streamed) {
    p += writeLine(p, LINE_CONTENT_LENGTH);
    p += writeDecimal(p, bodyLen);
    p += writeLine(p, LINE_CRLF);
  }
  if (connection) writeLine(p, connection);
  return start;
}

function connectionLine(options: u32): u32 {
  if (options & RESPOND_CLOSE) return LINE_CONNECTION_CLOSE;
  if (options & RESPOND_KEEP_ALIVE) return LINE_CONNECTION_KEEP_ALIVE;
  return 0;
}

/**
 * Length of the whole response whose head starts at `start`, given the
 * region layout above (the head alone when the host streams the body).
 */
export function responseLength(start: usize, region: usize, extraLen: u32, bodyLen: u32, status: u32, options: u32): u32 {
  let end = region + extraLen + 2;
  const streamed = (options & (RESPOND_CHUNKED | RESPOND_UNSIZED)) != 0;
  if (!(options & RESPOND_OMIT_BODY) && bodyRule(status) == BODY_ALLOWED && !streamed) end += bodyLen;
  return <u32>(end - start);
}
