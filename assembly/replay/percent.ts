// Percent-encoding normalisation of a path or query (RFC 3986 §6.2.2):
// %XX of an unreserved character (ALPHA DIGIT - . _ ~) is decoded, every
// other %XX is written with upper-case hex, and a byte RFC 3986 does not
// allow in a URI (controls, space, non-ASCII, " < > \ ^ ` { | }) is
// percent-encoded, so a raw target on a socket and the same target after a
// URL parser (fetch hosts) normalise alike. A '%' not followed by two hex
// digits stays as is, and so does '+' (a query's "+" and "%20" differ).
// Paths also lose their dot segments (RFC 3986 §5.2.4, as URL parsers do).
// In a query (and form fields) "'" is encoded too, as the WHATWG URL parser
// does for http(s) queries.

/** 0-15 for a hex digit, -1 otherwise. */
function hexValue(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const lower = c | 0x20;
  if (lower - 97 < 6) return <i32>(lower - 87);
  return -1;
}

function isUnreserved(c: u32): bool {
  const lower = c | 0x20;
  return (lower - 97 < 26) || (c - 48 < 10) || c == 45 || c == 46 || c == 95 || c == 126;
}

/** Unreserved, reserved (gen-delims, sub-delims) or '%': the bytes kept as they are ("'" not in a query). */
function isAllowed(c: u32, query: bool): bool {
  if (isUnreserved(c)) return true;
  if (c == 39) return !query;
  switch (c) {
    case 33: case 35: case 36: case 37: case 38: case 40: case 41: case 42: case 43: case 44:
    case 47: case 58: case 59: case 61: case 63: case 64: case 91: case 93:
      return true;
  }
  return false;
}

/** Upper-case hex digit of 0-15. */
// @ts-ignore: decorator
@inline function hexDigit(v: u32): u8 {
  return <u8>(v < 10 ? 48 + v : 55 + v);
}

/** The byte of a valid %XX at p (i + 2 < len checked by the caller), or -1. */
function escapedByte(p: usize): i32 {
  const hi = hexValue(load<u8>(p + 1));
  const lo = hexValue(load<u8>(p + 2));
  return hi >= 0 && lo >= 0 ? hi << 4 | lo : -1;
}

/** Bytes normalisePercent writes for src[0, len). */
export function normalisedLength(src: usize, len: u32, query: bool): u32 {
  return percentPass(0, src, len, query, false);
}

function writeEscaped(dst: usize, byte: u32): void {
  store<u8>(dst, 37);
  store<u8>(dst + 1, hexDigit(byte >> 4));
  store<u8>(dst + 2, hexDigit(byte & 15));
}

/**
 * The normalised form of src[0, len) (a query's or form's when `query`)
 * written at dst (normalisedLength(src, len, query) bytes of room, not
 * overlapping src). Returns its length.
 */
export function normalisePercent(dst: usize, src: usize, len: u32, query: bool): u32 {
  return percentPass(dst, src, len, query, true);
}

/** One pass over src[0, len): the normalised form's length, written at dst when `write`. */
// @ts-ignore: decorator
@inline
function percentPass(dst: usize, src: usize, len: u32, query: bool, write: bool): u32 {
  let o: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    const c = <u32>load<u8>(src + i);
    let byte = c;
    let escaped = false;
    if (c == 37 && i + 2 < len) {
      const decoded = escapedByte(src + i);
      if (decoded >= 0) {
        byte = <u32>decoded;
        escaped = true;
      }
    }
    // An escaped unreserved byte and an allowed raw byte stay one byte; everything else is %XX.
    const single = escaped ? isUnreserved(byte) : isAllowed(c, query);
    if (single) {
      if (write) store<u8>(dst + o, <u8>byte);
      o += 1;
    } else {
      if (write) writeEscaped(dst + o, byte);
      o += 3;
    }
    i += escaped ? 3 : 1;
  }
  return o;
}

/** True when p[0, n) is "." (n 1) or ".." (n 2). */
function isDots(p: usize, n: u32): bool {
  return (n == 1 && load<u8>(p) == 46) || (n == 2 && load<u16>(p) == 0x2e2e);
}

/**
 * Remove "." and ".." segments of the path at p[0, len) in place
 * ("/a/./b/../c" → "/a/c"; a path that does not start with '/' is left
 * alone). Returns the new length (at least 1).
 */
export function removeDotSegments(p: usize, len: u32): u32 {
  if (len == 0 || load<u8>(p) != 47) return len;
  let o: u32 = 0; // output: "/seg/seg…", never ahead of the input
  let i: u32 = 0;
  while (i < len) {
    let j = i + 1;
    while (j < len && load<u8>(p + j) != 47) j++;
    const seg = j - i - 1;
    const last = j == len;
    if (isDots(p + i + 1, seg)) {
      if (seg == 2) while (o > 0 && load<u8>(p + --o) != 47) {} // drop the last output segment
      if (last) store<u8>(p + o++, 47);
    } else {
      memory.copy(p + o, p + i, j - i);
      o += j - i;
    }
    i = j;
  }
  if (o == 0) store<u8>(p + o++, 47);
  return o;
}
