// Finding the end of a field section (the head's header lines or the chunked
// trailers) while bytes trickle in. Only new bytes are looked at: the scan
// position is kept in req.scanned (picohttpparser's last_len idea), and the
// errors a slowloris client could otherwise hide are reported as soon as the
// offending byte arrives: a CR not followed by LF, a LF without CR, a section
// that outgrows its limit, and (checkFieldBytes) any byte that no field line
// may hold where it stands: as llhttp, a bad name byte, SP/HTAB before the
// colon, a line starting with SP/HTAB, a CTL or DEL in a value.
//
// The byte checks run only when the section is not complete in this call
// (more bytes needed, or a scan error): a head that arrives whole is checked
// once, by the field parser, and the fast path stays a CR/LF search. Each
// byte is checked at most once by checkFieldBytes; its position within the
// current line survives calls in req.lineState:
//
//   lineState  0 = at a line start, 1 = in the value (after the colon),
//              n ≥ 2 = in the name, which starts at n (lines start after a CRLF)
//
// The verdict does not depend on how the bytes arrived: the first offending
// byte decides (a CR in a name at once, any other CR with the byte after
// it: BARE_CR or a line end), and the meaning
// checks that need whole fields (Content-Length, Host, counts) come after
// every byte of the section is known to be well-formed (see fields.ts).
//
// Invariant the field parser relies on: inside a scanned section every CR is
// followed by LF and every LF follows a CR.
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { classOf, isOws, C_TOKEN, C_VALUE, CR, LF } from "./chars";
import { fail } from "./fail";

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;
const CRS: u64 = 0x0D0D0D0D0D0D0D0D;
const LFS: u64 = 0x0A0A0A0A0A0A0A0A;
const SPACES: u64 = 0x2020202020202020;
const DELS: u64 = 0x7F7F7F7F7F7F7F7F;
const COLON: u32 = 0x3A;
/** HeaderEntry.nameLen is a u16. */
export const MAX_NAME_LEN: u32 = 0xFFFF;
const LINE_START: u32 = 0;
const IN_VALUE: u32 = 1;

/**
 * Index of the first CR or LF in [i, end), or `end`. Eight bytes at a time
 * (SWAR): (x - 0x01…) & ~x & 0x80… has its lowest set bit in the first zero
 * byte of x, so the lowest bit over both masks is the first CR or LF.
 * Reads stay below `end`.
 */
// @ts-ignore: decorator
@inline export function findLineBreak(buf: usize, i: u32, end: u32): u32 {
  while (i + 8 <= end) {
    const x = load<u64>(buf + i);
    const a = x ^ CRS;
    const b = x ^ LFS;
    const hits = (((a - ONES) & ~a) | ((b - ONES) & ~b)) & HIGHS;
    if (hits) return i + <u32>(ctz(hits) >> 3);
    i += 8;
  }
  while (i < end) {
    const c = <u32>load<u8>(buf + i);
    if (c == CR || c == LF) return i;
    i++;
  }
  return end;
}

/**
 * Skip value bytes eight at a time while none is a CTL (< 0x20, which
 * includes HTAB and the CR ending the line) or DEL; the byte loop after it
 * classifies the rest exactly. Reads stay below `end`.
 */
// @ts-ignore: decorator
@inline export function skipPlainValue(buf: usize, p: u32, end: u32): u32 {
  while (p + 8 <= end) {
    const x = load<u64>(buf + p);
    const d = x ^ DELS;
    if ((((x - SPACES) | (d - ONES)) & ~x & HIGHS) != 0) break;
    p += 8;
  }
  return p;
}

/**
 * Scan field lines from `i` (a line start, right after a CRLF) for the blank
 * line that ends the section. Bytes at index `limit` and beyond may not
 * belong to the section: reaching them is `tooLarge` at `limit`.
 * Returns the index just past the blank line (> 0), 0 when more bytes are
 * needed (req.scanned = where to resume), or -code after fail().
 */
export function scanFieldSection(req: RequestHead, buf: usize, i: u32, len: u32, limit: u32, tooLarge: ParseError): i32 {
  const end = len < limit ? len : limit;
  const from = i;
  let code = ParseError.NONE;
  while (true) {
    i = findLineBreak(buf, i, end);
    if (i >= end) break;
    if (<u32>load<u8>(buf + i) == LF) { code = ParseError.BARE_LF; break; }
    if (i + 1 >= end) break; // CR is the last byte we may look at: wait (or too large)
    if (<u32>load<u8>(buf + i + 1) != LF) { code = ParseError.BARE_CR; break; }
    // A CRLF right after a CRLF is the blank line. The section starts after a
    // CRLF, so buf[i - 1] exists.
    if (<u32>load<u8>(buf + i - 1) == LF) {
      req.lineState = LINE_START;
      return <i32>(i + 2);
    }
    i += 2;
  }
  // Not complete: the bytes before where the scan stopped decide first.
  const r = checkFieldBytes(req, buf, from, i);
  if (r < 0) return r;
  // A CR in a name is wrong whatever follows it (llhttp: at the CR).
  if (i < end && <u32>load<u8>(buf + i) == CR && req.lineState >= 2) {
    return fail(req, ParseError.INVALID_HEADER_NAME, i);
  }
  if (code != ParseError.NONE) return fail(req, code, i);
  if (len > limit) return fail(req, tooLarge, limit);
  req.scanned = i;
  return 0;
}

/**
 * Check the field-line bytes [i, end) as they stand, resuming from
 * req.lineState, and save the state at `end`. Every CR in the range is
 * followed by LF inside it (the scan has seen to that). Codes and offsets are
 * the ones parseFieldLines gives for the same byte. Returns 0 or -code.
 */
export function checkFieldBytes(req: RequestHead, buf: usize, i: u32, end: u32): i32 {
  let state = req.lineState;
  while (i < end) {
    if (state == IN_VALUE) {
      i = skipPlainValue(buf, i, end);
      if (i >= end) break;
    }
    const c = <u32>load<u8>(buf + i);
    if (c == CR) {
      // The line ends (the blank line cannot be in the range).
      if (state >= 2) return fail(req, ParseError.INVALID_HEADER_NAME, i); // no colon
      state = LINE_START;
      i += 2;
      continue;
    }
    if (state == IN_VALUE) {
      if (!(classOf(c) & C_VALUE)) return fail(req, ParseError.INVALID_HEADER_VALUE, i);
    } else if (classOf(c) & C_TOKEN) {
      if (state == LINE_START) state = i;
    } else if (state == LINE_START) {
      return fail(req, isOws(c) ? ParseError.OBS_FOLD : ParseError.INVALID_HEADER_NAME, i);
    } else if (c == COLON) {
      if (i - state > MAX_NAME_LEN) return fail(req, ParseError.INVALID_HEADER_NAME, state);
      state = IN_VALUE;
    } else {
      return fail(req, isOws(c) ? ParseError.WHITESPACE_BEFORE_COLON : ParseError.INVALID_HEADER_NAME, i);
    }
    i++;
  }
  req.lineState = state;
  return 0;
}
