// Finding the end of a field section (the head's header lines or the chunked
// trailers) while bytes trickle in. Only new bytes are looked at: the scan
// position is kept in req.scanned (picohttpparser's last_len idea), and the
// errors a slowloris client could otherwise hide are reported as soon as the
// offending byte arrives: a CR not followed by LF, a LF without CR, and a
// section that outgrows its limit.
//
// Invariant the field parser relies on: inside a scanned section every CR is
// followed by LF and every LF follows a CR.
import { RequestHead } from "./request";
import { ParseError } from "./errors";
import { CR, LF } from "./chars";
import { fail } from "./fail";

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;
const CRS: u64 = 0x0D0D0D0D0D0D0D0D;
const LFS: u64 = 0x0A0A0A0A0A0A0A0A;

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
 * Scan field lines from `i` (a line start, right after a CRLF) for the blank
 * line that ends the section. Bytes at index `limit` and beyond may not
 * belong to the section: reaching them is `tooLarge` at `limit`.
 * Returns the index just past the blank line (> 0), 0 when more bytes are
 * needed (req.scanned = where to resume), or -code after fail().
 */
export function scanFieldSection(req: RequestHead, buf: usize, i: u32, len: u32, limit: u32, tooLarge: ParseError): i32 {
  const end = len < limit ? len : limit;
  while (true) {
    i = findLineBreak(buf, i, end);
    if (i >= end) break;
    if (<u32>load<u8>(buf + i) == LF) return fail(req, ParseError.BARE_LF, i);
    if (i + 1 >= end) break; // CR is the last byte we may look at: wait (or too large)
    if (<u32>load<u8>(buf + i + 1) != LF) return fail(req, ParseError.BARE_CR, i);
    // A CRLF right after a CRLF is the blank line. The section starts after a
    // CRLF, so buf[i - 1] exists.
    if (<u32>load<u8>(buf + i - 1) == LF) return <i32>(i + 2);
    i += 2;
  }
  if (len > limit) return fail(req, tooLarge, limit);
  req.scanned = i;
  return 0;
}
