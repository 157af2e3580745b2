// Error responses for ParseError codes, built in static buffers: the slot's
// arena may be the very thing that overflowed. Hosts copy them out before
// the next call.

import { metricsParseError } from "../metrics/metrics";
import { errorStatus, errorReason as reasonOf } from "../http/errors";
import { writeAscii } from "../util/bytes";
import { writeHeadBefore, responseLength, HEAD_ROOM, RESPOND_CLOSE } from "./writer";
import { CONTENT_TEXT } from "./lines";

// Scratch space for errorReason: not hot path, one caller at a time.
const REASON_BUF = memory.data(64);

/**
 * Write the ASCII reason of a ParseError code to errorReasonPtr() and return
 * its length (at most 64 bytes).
 */
export function errorReason(code: u32): u32 {
  return writeAscii(REASON_BUF, reasonOf(code), 64);
}

/** Where errorReason() writes. */
export function errorReasonPtr(): usize {
  return REASON_BUF;
}

const ERROR_RESPONSE_CAP: u32 = 512;
export const ERROR_RESPONSE_PTR: usize = memory.data(ERROR_RESPONSE_CAP);

/**
 * Write the complete response for a ParseError code (its status, a
 * text/plain reason, Connection: close) at ERROR_RESPONSE_PTR; returns its
 * length.
 */
export function respondError(code: u32): u32 {
  metricsParseError(code);
  const region = ERROR_RESPONSE_PTR + HEAD_ROOM;
  store<u16>(region, 0x0a0d); // end of head
  const bodyLen = errorReason(code);
  memory.copy(region + 2, REASON_BUF, bodyLen);
  const status = errorStatus(code);
  const start = writeHeadBefore(region, status, CONTENT_TEXT, bodyLen, RESPOND_CLOSE);
  const length = responseLength(start, region, 0, bodyLen, status, RESPOND_CLOSE);
  memory.copy(ERROR_RESPONSE_PTR, start, length); // left-align: the host reads from the fixed pointer
  return length;
}
