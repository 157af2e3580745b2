// String escaping exactly as JSON.stringify (ES2019 well-formed) escapes:
//   "  \  → \" \\          \b \f \n \r \t → short forms
//   other U+0000…U+001F   → \u00XX, lower-case hex
//   lone surrogates       → \udXXX, lower-case hex (input as WTF-8: ED A0…BF xx)
//   everything else       → copied (U+007F, U+2028 included)
// A WTF-8 high+low surrogate pair is joined into one 4-byte UTF-8 sequence
// (JavaScript would see one astral character). Bytes that are not UTF-8 at
// all cannot come from a JS string; each one becomes U+FFFD (EF BF BD), as
// TextDecoder would.

import { copyBytes } from "./copy";
// ESCAPE_CLASS, per byte: 0 copy · 1 non-ASCII, decode · 117 ('u') \u00XX · else \ +
// this byte (generated: scripts/byte-tables.mjs → tables/string_class.ts).
import { ESCAPE_CLASS } from "./tables/string_class";

// "0123456789abcdef"
export const HEX_LOWER = memory.data<u8>([48,49,50,51,52,53,54,55,56,57,97,98,99,100,101,102]);

/** Write \uXXXX for code unit cu at dst (6 bytes). */
// @ts-ignore: decorator
@inline export function writeUnicodeEscape(dst: usize, cu: u32): void {
  store<u16>(dst, 0x755c); // "\u"
  store<u8>(dst, load<u8>(HEX_LOWER + (cu >> 12)), 2);
  store<u8>(dst, load<u8>(HEX_LOWER + ((cu >> 8) & 15)), 3);
  store<u8>(dst, load<u8>(HEX_LOWER + ((cu >> 4) & 15)), 4);
  store<u8>(dst, load<u8>(HEX_LOWER + (cu & 15)), 5);
}

/** Write the escape for ASCII byte c of class e at dst; returns its length. */
// @ts-ignore: decorator
@inline export function writeAsciiEscape(dst: usize, c: u32, e: u32): u32 {
  if (e == 117) {
    writeUnicodeEscape(dst, c);
    return 6;
  }
  store<u8>(dst, 92);
  store<u8>(dst, <u8>e, 1);
  return 2;
}

// @ts-ignore: decorator
@inline function isCont(b: u32): bool {
  return (b & 0xc0) == 0x80;
}

/**
 * Length of the sequence starting at src[i] (lead byte ≥ 0x80) when it is
 * valid UTF-8, a WTF-8 surrogate (returns 3 and sets surrogateUnit), or 0
 * when invalid.
 */
export let surrogateUnit: u32 = 0;
export function utf8SequenceLength(src: usize, i: u32, len: u32): u32 {
  const c = <u32>load<u8>(src + i);
  const left = len - i;
  surrogateUnit = 0;
  if (c < 0xc2) return 0;
  if (c < 0xe0) return left >= 2 && isCont(load<u8>(src + i + 1)) ? 2 : 0;
  if (c < 0xf0) {
    if (left < 3) return 0;
    const b1 = <u32>load<u8>(src + i + 1);
    const b2 = <u32>load<u8>(src + i + 2);
    if (!isCont(b1) || !isCont(b2)) return 0;
    if (c == 0xe0 && b1 < 0xa0) return 0; // overlong
    if (c == 0xed && b1 >= 0xa0) surrogateUnit = 0xd000 | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
    return 3;
  }
  if (c < 0xf5) {
    if (left < 4) return 0;
    const b1 = <u32>load<u8>(src + i + 1);
    if (!isCont(b1) || !isCont(load<u8>(src + i + 2)) || !isCont(load<u8>(src + i + 3))) return 0;
    if (c == 0xf0 && b1 < 0x90) return 0; // overlong
    if (c == 0xf4 && b1 >= 0x90) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}

/** Write code point cp (≥ 0x10000) as 4-byte UTF-8 at dst. */
// @ts-ignore: decorator
@inline export function writeUtf8Astral(dst: usize, cp: u32): void {
  store<u8>(dst, <u8>(0xf0 | (cp >> 18)));
  store<u8>(dst, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(dst, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(dst, <u8>(0x80 | (cp & 0x3f)), 3);
}

// SWAR constants: a byte value repeated in every byte of a u64.
const ONES: u64 = 0x0101010101010101;
const HIGH_BITS: u64 = 0x8080808080808080;

/**
 * The high bit of each byte of x (8 input bytes) that JSON.stringify would
 * not copy as is: below 0x20, '"', '\' or ≥ 0x80 (non-ASCII: checked one
 * sequence at a time). Subtraction borrows can only mark bytes after a marked
 * one, so the lowest mark (the first in memory) is exact.
 */
// @ts-ignore: decorator
@inline function specialBytes(x: u64): u64 {
  const control = (x - ONES * 0x20) & ~x;
  return ((control | x) & HIGH_BITS) | bytesEqual(x, 0x22) | backslashBytes(x);
}

/** The high bit of each byte of x equal to b (exact up to the first one, as above). */
// @ts-ignore: decorator
@inline function bytesEqual(x: u64, b: u64): u64 {
  const y = x ^ (ONES * b);
  return (y - ONES) & ~y & HIGH_BITS;
}

/** The high bit of each backslash byte in x (exact up to the first one). */
// @ts-ignore: decorator
@inline export function backslashBytes(x: u64): u64 {
  return bytesEqual(x, 0x5c);
}

/**
 * Escape src[0, len) (UTF-8 / WTF-8) into dst, which has room for `room`
 * bytes. Returns bytes written, or -1 when they do not fit (dst then holds a
 * partial result the caller discards). No quotes are added.
 */
export function escapeString(dst: usize, room: u32, src: usize, len: u32): i32 {
  let o: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    // Plain bytes 8 at a time: each word is stored whole; the bytes after a
    // special one are overwritten by what follows.
    if (len - i >= 8 && room - o >= 8) {
      const x = load<u64>(src + i);
      store<u64>(dst + o, x);
      const special = specialBytes(x);
      if (special == 0) {
        i += 8;
        o += 8;
        continue;
      }
      const plain = <u32>ctz(special) >> 3;
      i += plain;
      o += plain;
    } else {
      // The last few bytes (or the last few bytes of room): one at a time.
      const c = load<u8>(src + i);
      if (load<u8>(ESCAPE_CLASS + c) == 0) {
        if (o == room) return -1;
        store<u8>(dst + o, c);
        o++;
        i++;
        continue;
      }
    }
    // src[i] is special: each branch checks the room it needs (one compare).
    const c = <u32>load<u8>(src + i);
    const e = <u32>load<u8>(ESCAPE_CLASS + c);
    if (e != 1) {
      if (room - o < (e == 117 ? 6 : 2)) return -1;
      o += writeAsciiEscape(dst + o, c, e);
      i++;
      continue;
    }
    const n = utf8SequenceLength(src, i, len);
    if (n == 0) {
      if (room - o < 3) return -1;
      store<u16>(dst + o, 0xbfef); // U+FFFD = EF BF BD
      store<u8>(dst + o, 0xbd, 2);
      o += 3;
      i++;
    } else if (surrogateUnit == 0) {
      if (room - o < n) return -1;
      copyBytes(dst + o, src + i, n);
      o += n;
      i += n;
    } else {
      const hi = surrogateUnit;
      // A high surrogate directly followed by a low one is one astral character.
      if (hi < 0xdc00 && i + 3 < len && utf8SequenceLength(src, i + 3, len) == 3 && surrogateUnit >= 0xdc00) {
        if (room - o < 4) return -1;
        writeUtf8Astral(dst + o, 0x10000 + ((hi - 0xd800) << 10) + (surrogateUnit - 0xdc00));
        o += 4;
        i += 6;
      } else {
        if (room - o < 6) return -1;
        writeUnicodeEscape(dst + o, hi);
        o += 6;
        i += 3;
      }
    }
  }
  return <i32>o;
}
