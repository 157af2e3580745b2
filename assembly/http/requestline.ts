// request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3)
//
// The line is checked byte by byte as it arrives (head.ts scans it, target.ts
// judges the target's form); this file holds the version's byte rule and
// stores the parsed line once its CRLF has come.
//
// Stricter than llhttp in two places, both invalid per RFC 9112: exactly one
// SP between the parts (llhttp skips extra spaces), and no HTTP/0.9 form
// (llhttp accepts "GET /" without a version). Versions other than 1.0 and
// 1.1 are refused with 505 (llhttp also takes 0.9 and 2.0).
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { SP } from "./chars";
import { fail } from "./fail";

/** "HTTP" as a little-endian u32, then '/' and '.'. */
const HTTP: u32 = 0x50545448;
const SLASH: u32 = 0x2F;
const DOT: u32 = 0x2E;
const DIGIT_1: u32 = 0x31;
/** Bytes of "HTTP/x.y". */
export const VERSION_LEN: u32 = 8;

/**
 * Version byte `c`, the `k`-th after `vs`, as it arrives (the CR is the
 * caller's; `major` is the byte at vs + 5 once k > 5): a SP is one part too
 * many (INVALID_REQUEST_LINE), any other byte not in "HTTP/" DIGIT "." DIGIT
 * is INVALID_VERSION, and a well-formed version other than 1.0 / 1.1 is
 * UNSUPPORTED_VERSION at its minor digit (llhttp rejects there too), all at
 * `vs`. So "HTTP/1.2x" is 505, judged before the "x" came.
 * Returns 0 or -code.
 */
// @ts-ignore: decorator
@inline export function checkVersionByte(req: RequestHead, c: u32, k: u32, vs: u32, major: u32): i32 {
  if (c == SP) return fail(req, ParseError.INVALID_REQUEST_LINE, vs);
  let ok: bool;
  if (k < 4) ok = c == (HTTP >> (k << 3) & 0xFF);
  else if (k == 4) ok = c == SLASH;
  else if (k == 6) ok = c == DOT;
  else ok = k < VERSION_LEN && c - 0x30 <= 9; // k == 5 or 7: a digit
  if (!ok) return fail(req, ParseError.INVALID_VERSION, vs);
  if (k == 7 && (major != DIGIT_1 || c > DIGIT_1)) return fail(req, ParseError.UNSUPPORTED_VERSION, vs);
  return 0;
}

/**
 * The request-line [start, cr) is complete and every byte of it has passed
 * (the target starts at `ts`, the version at `vs`, both > 0; the target's
 * spans and form flags are set): store the method and version fields.
 */
export function finishRequestLine(req: RequestHead, buf: usize, start: u32, ts: u32, vs: u32, method: u32): void {
  req.methodOff = start;
  req.methodLen = ts - 1 - start;
  req.targetOff = ts;
  req.targetLen = vs - 1 - ts;
  req.versionMinor = <u32>load<u8>(buf + vs + 7) - 0x30;
  req.methodId = method; // last: a non-zero methodId means "request-line done"
}

/** Where the header lines start, from the request-line fields. */
// @ts-ignore: decorator
@inline export function requestLineEnd(req: RequestHead): u32 {
  return req.targetOff + req.targetLen + 1 + VERSION_LEN + 2;
}
