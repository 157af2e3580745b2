// The HTTP rules every host applies to a response, AssemblyScript side. The
// decisions and their RFC reasons are written once, in host/core/http-rules.ts;
// tests/response/rules.test.ts checks this file against it both ways (the
// name lists below, and bodyRule() through respond() for every status).
//
//   bodyRule(status)   BODY_ALLOWED  content as the handler gave it
//                      BODY_NONE     1xx, 204, 304: no content, no Content-Length
//                      BODY_EMPTY    205: no content, Content-Length: 0
//   a HEAD request     the GET's framing lines, no content (RESPOND_OMIT_BODY)

import { equalsIgnoreCase } from "../util/bytes";

export const BODY_ALLOWED: u32 = 0;
export const BODY_NONE: u32 = 1;
export const BODY_EMPTY: u32 = 2;

/** What a response with `status` may carry (see above). */
// @ts-ignore: decorator
@inline export function bodyRule(status: u32): u32 {
  if (status - 100 < 100 || status == 204 || status == 304) return BODY_NONE;
  return status == 205 ? BODY_EMPTY : BODY_ALLOWED;
}

/** No content for this status (1xx, 204, 205, 304). */
// @ts-ignore: decorator
@inline export function isBodyless(status: u32): bool {
  return bodyRule(status) != BODY_ALLOWED;
}

// host/core/http-rules.ts TRANSPORT_HEADERS, lower case; the first FRAMING_COUNT
// are its FRAMING_HEADERS.
const TRANSPORT_NAMES: StaticArray<string> = ["content-length", "transfer-encoding", "connection", "keep-alive", "date"];
const FRAMING_COUNT: i32 = 2;

/** The `len` bytes at `name` are a header name the writer owns (ASCII case-insensitive). */
export function isTransportHeader(name: usize, len: u32): bool {
  return nameIn(name, len, TRANSPORT_NAMES.length);
}

/** The name frames a body (Content-Length, Transfer-Encoding). */
export function isFramingHeader(name: usize, len: u32): bool {
  return nameIn(name, len, FRAMING_COUNT);
}

function nameIn(name: usize, len: u32, count: i32): bool {
  for (let i = 0; i < count; i++) {
    if (equalsIgnoreCase(name, len, unchecked(TRANSPORT_NAMES[i]))) return true; // i < count ≤ length
  }
  return false;
}
