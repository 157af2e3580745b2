// The request head (request-line + header section), parsed as bytes arrive:
//
//   1. skip empty lines before the request-line (llhttp skips any CR/LF);
//   2. scan the request-line for its CRLF, checking as each byte arrives the
//      method's bytes (tchar, 400) and length (501), the target length (414),
//      the head size (431), bare CR and bare LF; then parse it (requestline.ts);
//   3. scan the header lines for the blank line (scan.ts), same checks;
//   4. parse all header lines in one pass (fields.ts, framing.ts).
//
// Only new bytes are scanned on each call: `scanned` is where the scan
// resumes. Until the request-line is parsed (methodId == 0) three head
// fields are scratch: methodOff = where the request-line starts, targetOff =
// where the target starts (0 = the SP after the method has not come yet),
// targetLen = 1 once the SP after the target has come.
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { limits } from "./limits";
import { classOf, C_TOKEN, CR, LF, SP } from "./chars";
import { parseRequestLine, requestLineEnd } from "./requestline";
import { scanFieldSection } from "./scan";
import { parseFieldLines } from "./fields";
import { resetFraming, finishFraming } from "./framing";
import { fail } from "./fail";

/** Longest method name (UNSUBSCRIBE): a longer first word cannot be one. */
const MAX_METHOD_LEN: u32 = 11;

/**
 * Parse what has arrived of the head. Returns headEnd (> 0) once the head is
 * complete and valid, 0 for more bytes, or -code after fail().
 */
export function parseHead(req: RequestHead, headers: usize, buf: usize, len: u32): i32 {
  const maxHead = limits.maxHeaderBytes;
  let i = req.scanned;
  if (req.methodId == 0) {
    const r = scanRequestLine(req, buf, i, len, maxHead);
    if (r <= 0) return r;
    i = <u32>r;
  }
  const headEnd = scanFieldSection(req, buf, i, len, maxHead, ParseError.HEADERS_TOO_LARGE);
  if (headEnd <= 0) return headEnd;
  req.headEnd = <u32>headEnd;
  resetFraming();
  const count = parseFieldLines(req, headers, buf, requestLineEnd(req), <u32>headEnd, 0, false);
  if (count < 0) return count;
  req.headerCount = <u32>count;
  const r = finishFraming(req, <u32>headEnd);
  return r < 0 ? r : headEnd;
}

/**
 * Steps 1-2. Returns the index after the request-line's CRLF (> 0), 0 for
 * more bytes (scratch fields and `scanned` saved), or -code.
 */
function scanRequestLine(req: RequestHead, buf: usize, i: u32, len: u32, maxHead: u32): i32 {
  const end = len < maxHead ? len : maxHead;
  if (i == req.methodOff) {
    // Nothing of the request-line seen yet: what is here may be empty lines.
    while (i < end) {
      const c = <u32>load<u8>(buf + i);
      if (c != CR && c != LF) break;
      i++;
    }
    req.methodOff = i;
  }
  const lineStart = req.methodOff;
  const maxTarget = limits.maxTargetLength;
  let targetStart = req.targetOff;
  let targetEnded = req.targetLen != 0;
  while (i < end) {
    const c = <u32>load<u8>(buf + i);
    if (c == SP) {
      if (targetStart == 0) targetStart = i + 1;
      else targetEnded = true;
    } else if (c == CR) {
      if (i + 1 >= end) break; // wait for the LF (or the limit)
      if (<u32>load<u8>(buf + i + 1) != LF) return fail(req, ParseError.BARE_CR, i);
      const r = parseRequestLine(req, buf, lineStart, i);
      return r < 0 ? r : <i32>(i + 2);
    } else if (c == LF) {
      return fail(req, ParseError.BARE_LF, i);
    } else if (targetStart == 0) {
      if (!(classOf(c) & C_TOKEN)) return fail(req, ParseError.MALFORMED_METHOD, i);
      if (i - lineStart >= MAX_METHOD_LEN) return fail(req, ParseError.INVALID_METHOD, lineStart);
    } else if (!targetEnded && i - targetStart >= maxTarget) {
      return fail(req, ParseError.TARGET_TOO_LONG, i);
    }
    i++;
  }
  if (len > maxHead) return fail(req, ParseError.HEADERS_TOO_LARGE, maxHead);
  req.targetOff = targetStart;
  req.targetLen = targetEnded ? 1 : 0;
  req.scanned = i;
  return 0;
}
