// request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3)
//
// Stricter than llhttp in two places, both invalid per RFC 9112: exactly one
// SP between the parts (llhttp skips extra spaces), and no HTTP/0.9 form
// (llhttp accepts "GET /" without a version). Versions other than 1.0 and
// 1.1 are refused with 505 (llhttp also takes 0.9 and 2.0).
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { lookupMethod } from "./methods";
import { parseTarget } from "./target";
import { SP } from "./chars";
import { fail } from "./fail";

/** "HTTP/" as a little-endian u32 ("HTTP") followed by '/'. */
const HTTP_: u32 = 0x50545448;
const SLASH: u32 = 0x2F;
const DOT: u32 = 0x2E;
/** Bytes of "HTTP/x.y". */
const VERSION_LEN: u32 = 8;

/** First SP in [i, end), or `end`. */
// @ts-ignore: decorator
@inline function findSpace(buf: usize, i: u32, end: u32): u32 {
  while (i < end && <u32>load<u8>(buf + i) != SP) i++;
  return i;
}

/**
 * Parse the request-line [start, cr) (the scanner has seen its CRLF) into
 * the method, target and version fields. Returns 0 or -code after fail().
 */
export function parseRequestLine(req: RequestHead, buf: usize, start: u32, cr: u32): i32 {
  const sp1 = findSpace(buf, start, cr);
  if (sp1 == cr) return fail(req, ParseError.INVALID_REQUEST_LINE, cr);
  const method = lookupMethod(buf + start, sp1 - start);
  if (method == 0) {
    // The scan has checked every method byte is a tchar: only "empty" is malformed here.
    return fail(req, sp1 == start ? ParseError.MALFORMED_METHOD : ParseError.INVALID_METHOD, start);
  }

  const ts = sp1 + 1;
  const sp2 = findSpace(buf, ts, cr);
  if (sp2 == ts || sp2 == cr) return fail(req, ParseError.INVALID_REQUEST_LINE, sp2);

  const vs = sp2 + 1;
  if (cr - vs != VERSION_LEN) {
    const extra = findSpace(buf, vs, cr);
    return fail(req, extra < cr ? ParseError.INVALID_REQUEST_LINE : ParseError.INVALID_VERSION, vs);
  }
  const major = <u32>load<u8>(buf + vs + 5) - 0x30;
  const minor = <u32>load<u8>(buf + vs + 7) - 0x30;
  if (load<u32>(buf + vs) != HTTP_ || <u32>load<u8>(buf + vs + 4) != SLASH
    || <u32>load<u8>(buf + vs + 6) != DOT || major > 9 || minor > 9) {
    return fail(req, ParseError.INVALID_VERSION, vs);
  }
  if (major != 1 || minor > 1) return fail(req, ParseError.UNSUPPORTED_VERSION, vs);

  req.flags = 0;
  req.pathLen = 0;
  req.queryLen = 0;
  const target = parseTarget(req, buf, ts, sp2, method);
  if (target < 0) return target;
  req.methodOff = start;
  req.methodLen = sp1 - start;
  req.targetOff = ts;
  req.targetLen = sp2 - ts;
  req.versionMinor = minor;
  req.methodId = method; // last: a non-zero methodId means "request-line done"
  return 0;
}

/** Where the header lines start, from the request-line fields. */
// @ts-ignore: decorator
@inline export function requestLineEnd(req: RequestHead): u32 {
  return req.targetOff + req.targetLen + 1 + VERSION_LEN + 2;
}
