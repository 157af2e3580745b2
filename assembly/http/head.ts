// The request head (request-line + header section), parsed as bytes arrive:
//
//   1. skip empty lines before the request-line (llhttp skips any CR/LF);
//   2. scan the request-line for its CRLF, rejecting each byte that makes
//      the line invalid whatever follows, as it arrives (llhttp does the
//      same): the method's bytes (tchar, 400), its length and, at the SP
//      after it, whether it is a known method (501); each target byte (a
//      byte no target may hold, or one no target with this prefix may hold
//      next: FORM_* below), the target length (414) and, at the SP after it,
//      the whole target once (target.ts); each
//      version byte (requestline.ts); the head size (431), bare CR and bare
//      LF; then store the line's fields;
//   3. scan the header lines for the blank line (scan.ts), same checks;
//   4. parse all header lines in one pass (fields.ts, framing.ts).
//
// Only new bytes are scanned on each call: `scanned` is where the scan
// resumes; the checks at a SP look back once at the method or the target,
// whose lengths the limits bound. Until the request-line is parsed
// (methodId == 0) five head fields are scratch: methodOff = where the
// request-line starts, targetOff = where the target starts (0 = the SP after
// the method has not come yet), targetLen = where the version starts (0 =
// the SP after the target has not come yet), methodLen = the method's id once
// its SP has come, lineState = the target's FORM_* so far.
//
// The first offending byte decides the verdict, so it does not depend on how
// the bytes arrived; a CR after a target is judged together with the byte
// after it (BARE_CR, or the line's verdict: "GET /" has no version). Judged
// later than llhttp, each within a bounded number of bytes: a method at its
// SP (at most MAX_METHOD_LEN bytes: "BREW" is 501, "BR@W" 400, and only the
// SP tells them apart) and a CONNECT target's port at the SP after it (a later
// ':' may still make "a:8x:80" valid), both bounded by the limits.
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { limits } from "./limits";
import { classOf, C_TOKEN, C_TARGET, C_AUTHORITY, C_ALPHA, CR, LF, SP } from "./chars";
import { finishRequestLine, requestLineEnd, checkVersionByte, VERSION_LEN } from "./requestline";
import { lookupMethod, METHOD_CONNECT, METHOD_OPTIONS } from "./methods";
import { parseTarget } from "./target";
import { scanFieldSection } from "./scan";
import { parseFieldSection } from "./fields";
import { resetFraming, finishFraming } from "./framing";
import { fail } from "./fail";

const SLASH: u32 = 0x2F;
const STAR: u32 = 0x2A;

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
  const count = parseFieldSection(req, headers, buf, requestLineEnd(req), <u32>headEnd, 0, false);
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
    req.lineState = FORM_START;
  }
  const lineStart = req.methodOff;
  const maxTarget = limits.maxTargetLength;
  let targetStart = req.targetOff;
  let versionStart = req.targetLen;
  let method = targetStart != 0 ? req.methodLen : 0;
  let form = req.lineState;
  while (i < end) {
    const c = <u32>load<u8>(buf + i);
    if (c == CR) {
      // Without a target the line is lost whatever follows (llhttp rejects
      // here too); so is a version cut short, or one we do not serve (the
      // minor digit already said so). A CR after a target may still be a
      // CRLF: its line's verdict waits for the next byte.
      if (targetStart == 0) return fail(req, ParseError.INVALID_REQUEST_LINE, i);
      if (versionStart != 0 && i - versionStart < VERSION_LEN) return fail(req, ParseError.INVALID_VERSION, versionStart);
      if (i + 1 >= end) break; // wait for the LF (or the limit)
      if (<u32>load<u8>(buf + i + 1) != LF) return fail(req, ParseError.BARE_CR, i);
      // "GET /" (HTTP/0.9, which llhttp takes) has no version.
      if (versionStart == 0) return fail(req, ParseError.INVALID_REQUEST_LINE, i);
      finishRequestLine(req, buf, lineStart, targetStart, versionStart, method);
      req.lineState = 0; // the header section starts
      return <i32>(i + 2);
    }
    if (c == LF) return fail(req, ParseError.BARE_LF, i);
    if (targetStart == 0) {
      // The method.
      if (c == SP) {
        if (i == lineStart) return fail(req, ParseError.MALFORMED_METHOD, lineStart);
        method = lookupMethod(buf + lineStart, i - lineStart);
        if (method == 0) return fail(req, ParseError.INVALID_METHOD, lineStart);
        targetStart = i + 1;
      } else {
        if (!(classOf(c) & C_TOKEN)) return fail(req, ParseError.MALFORMED_METHOD, i);
        if (i - lineStart >= MAX_METHOD_LEN) return fail(req, ParseError.INVALID_METHOD, lineStart);
      }
    } else if (versionStart == 0) {
      // The target.
      if (c == SP) {
        if (i == targetStart) return fail(req, ParseError.INVALID_REQUEST_LINE, i);
        // Its form and spans, once (its length is bounded by maxTargetLength).
        req.flags = 0;
        req.pathLen = 0;
        req.queryLen = 0;
        const r = parseTarget(req, buf, targetStart, i, method);
        if (r < 0) return r;
        versionStart = i + 1;
      } else {
        if (i - targetStart >= maxTarget) return fail(req, ParseError.TARGET_TOO_LONG, i);
        form = nextForm(form, buf, targetStart, i, c, method);
        if (form == FORM_FAILS) {
          // parseTarget() over the prefix ending at this byte fails where,
          // and with the code, it would fail over the whole target.
          const r = parseTarget(req, buf, targetStart, i + 1, method);
          if (r < 0) return r;
          form = FORM_ANY; // (not reached)
        }
        if (form == FORM_ANY) {
          // Any byte of the class may follow: skip the run of them, within
          // maxTarget (SP, CR and LF are in neither class).
          const mask = method == METHOD_CONNECT ? C_AUTHORITY : C_TARGET;
          const room = targetStart + maxTarget;
          const stop = room < end ? room : end;
          i++;
          while (i < stop && (classOf(load<u8>(buf + i)) & mask)) i++;
          continue;
        }
      }
    } else {
      // The version: "HTTP/" DIGIT "." DIGIT, then only the CR.
      const k = i - versionStart;
      const r = checkVersionByte(req, c, k, versionStart, k > 5 ? <u32>load<u8>(buf + versionStart + 5) : 0);
      if (r < 0) return r;
    }
    i++;
  }
  if (len > maxHead) return fail(req, ParseError.HEADERS_TOO_LARGE, maxHead);
  req.targetOff = targetStart;
  req.targetLen = versionStart;
  req.methodLen = method;
  req.lineState = form;
  req.scanned = i;
  return 0;
}

// Where a target's prefix stands (lineState while the request-line is
// scanned): enough to refuse, at the byte, every prefix that no target
// extends. An absolute-form target is followed through "scheme://authority"
// (parseAbsoluteForm's rules); after that, and in origin-form, any target
// byte may follow any other.
const FORM_START: u32 = 0;     // no target byte yet
const FORM_ANY: u32 = 1;       // any target byte may follow (origin-form, CONNECT, past the authority)
const FORM_STAR: u32 = 2;      // "*": only the SP may follow
const FORM_SCHEME: u32 = 3;    // ALPHA+
const FORM_COLON: u32 = 4;     // scheme ":"
const FORM_SLASH: u32 = 5;     // scheme ":/"
const FORM_AUTH_START: u32 = 6; // scheme "://"
const FORM_AUTH: u32 = 7;      // scheme "://" 1*authority-byte
const FORM_FAILS: u32 = 8;     // no target starts with these bytes

const COLON: u32 = 0x3A;
const QUESTION: u32 = 0x3F;

/**
 * The form state after target byte `c` at `i` (the target starts at `ts`),
 * or FORM_FAILS. When it fails, parseTarget() over the prefix ending at `i`
 * fails where, and with the code, it fails over any longer target.
 */
// @ts-ignore: decorator
@inline function nextForm(form: u32, buf: usize, ts: u32, i: u32, c: u32, method: u32): u32 {
  const cls = classOf(c);
  if (method == METHOD_CONNECT) return cls & C_AUTHORITY ? FORM_ANY : FORM_FAILS;
  if (!(cls & C_TARGET)) return FORM_FAILS;
  switch (form) {
    case FORM_START: {
      if (c == SLASH) return FORM_ANY;
      if (c == STAR) return method == METHOD_OPTIONS ? FORM_STAR : FORM_FAILS;
      return cls & C_ALPHA ? FORM_SCHEME : FORM_FAILS;
    }
    case FORM_STAR: return FORM_FAILS;
    case FORM_SCHEME: return cls & C_ALPHA ? FORM_SCHEME : c == COLON ? FORM_COLON : FORM_FAILS;
    case FORM_COLON: return c == SLASH ? FORM_SLASH : FORM_FAILS;
    case FORM_SLASH: return c == SLASH ? FORM_AUTH_START : FORM_FAILS;
    case FORM_AUTH_START: return cls & C_AUTHORITY ? FORM_AUTH : FORM_FAILS;
    case FORM_AUTH: return cls & C_AUTHORITY ? FORM_AUTH : c == SLASH || c == QUESTION ? FORM_ANY : FORM_FAILS;
  }
  return FORM_ANY;
}
