// field-line = field-name ":" OWS field-value OWS CRLF (RFC 9112 §5), for a
// whole field section that scan.ts has already delimited (so every line ends
// in CRLF and the section ends with a blank line). One pass, one HeaderEntry
// per line; interned ids let framing.ts act on the fields it cares about.
//
// Errors (as llhttp strict), the same codes in headers and trailers: a line
// starting with SP/HTAB (obs-fold), empty name or non-tchar in the name,
// SP/HTAB before the colon, CTL or DEL in the value.
//
// Byte errors win over meaning errors wherever they are in the section: a
// section that arrives in pieces has its bytes checked as they come
// (scan.ts) before any field is interpreted, so a whole section must give
// the same verdict. parseFieldSection() re-checks the bytes after a meaning
// error (an error path only: a good section is read once).
import { RequestHead, HEADER_ENTRY_SIZE } from "./request";
import { ParseError } from "./errors";
import { limits } from "./limits";
import { internHeader } from "./headers";
import { classOf, isOws, C_TOKEN, C_VALUE, CR } from "./chars";
import { applyHeader, checkTrailer } from "./framing";
import { checkFieldBytes, skipPlainValue, MAX_NAME_LEN } from "./scan";
import { fail } from "./fail";

const COLON: u32 = 0x3A;

/**
 * Parse the field lines in [p, end) (`end` is just past the blank line) into
 * entries `index`… of `table`. Returns the index after the last entry, or
 * -code after fail(); a byte error anywhere in the section wins over a
 * meaning error (Content-Length, Host, too many fields, a trailer's name).
 */
export function parseFieldSection(
  req: RequestHead, table: usize, buf: usize, p: u32, end: u32, index: u32, trailer: bool,
): i32 {
  const r = parseFieldLines(req, table, buf, p, end, index, trailer);
  if (r >= 0) return r;
  req.lineState = 0;
  const bytes = checkFieldBytes(req, buf, p, end - 2);
  return bytes < 0 ? bytes : r;
}

/** parseFieldSection without the byte re-check: errors in line order. */
function parseFieldLines(
  req: RequestHead, table: usize, buf: usize, p: u32, end: u32, index: u32, trailer: bool,
): i32 {
  const blank = end - 2;
  const max = limits.maxHeaders;
  while (p < blank) {
    const nameStart = p;
    let c = <u32>load<u8>(buf + p);
    if (isOws(c)) return fail(req, ParseError.OBS_FOLD, p);
    // The line's CR stops both loops below: it is neither tchar nor value.
    while (classOf(c) & C_TOKEN) c = <u32>load<u8>(buf + ++p);
    const nameLen = p - nameStart;
    if (c != COLON || nameLen == 0) {
      const code = nameLen != 0 && isOws(c) ? ParseError.WHITESPACE_BEFORE_COLON : ParseError.INVALID_HEADER_NAME;
      return fail(req, code, p);
    }
    if (nameLen > MAX_NAME_LEN) return fail(req, ParseError.INVALID_HEADER_NAME, nameStart);
    p++;
    while (isOws(<u32>load<u8>(buf + p))) p++;
    const valueStart = p;
    p = skipPlainValue(buf, p, end);
    while (classOf(load<u8>(buf + p)) & C_VALUE) p++;
    if (<u32>load<u8>(buf + p) != CR) return fail(req, ParseError.INVALID_HEADER_VALUE, p);
    const lineEnd = p;
    let valueEnd = p;
    while (valueEnd > valueStart && isOws(<u32>load<u8>(buf + valueEnd - 1))) valueEnd--;
    p += 2;

    if (index >= max) return fail(req, ParseError.TOO_MANY_HEADERS, nameStart);
    const id = internHeader(buf + nameStart, nameLen);
    const entry = table + <usize>index * HEADER_ENTRY_SIZE;
    store<u32>(entry, nameStart);                           // nameOff
    store<u32>(entry, valueStart, 4);                       // valueOff
    store<u32>(entry, valueEnd - valueStart, 8);            // valueLen
    store<u32>(entry, nameLen | (<u32>id << 16), 12);       // nameLen (u16), id (u16)
    index++;
    if (id != 0) {
      const r = trailer
        ? checkTrailer(req, id, nameStart)
        : applyHeader(req, id, buf, nameStart, valueStart, valueEnd, lineEnd);
      if (r < 0) return r;
    }
  }
  return <i32>index;
}
