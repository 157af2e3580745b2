// Strings as they appear in JSON source (between the quotes, escapes intact,
// already validated by the reader). Two consumers:
//   canonicalString: re-escape into JSON.stringify's form (round trip)
//   decodeString:    resolve escapes into WTF-8 bytes (handlers, schemas)

import { backslashBytes, writeAsciiEscape, writeUnicodeEscape, writeUtf8Astral } from "./escape";
import { HEX } from "../util/hex";
import { ESCAPE_CLASS } from "./tables/string_class";

/** The code unit of the four hex digits at p. */
// @ts-ignore: decorator
@inline export function hex4(p: usize): u32 {
  return (<u32>load<u8>(HEX + load<u8>(p)) << 12)
    | (<u32>load<u8>(HEX + load<u8>(p, 1)) << 8)
    | (<u32>load<u8>(HEX + load<u8>(p, 2)) << 4)
    | <u32>load<u8>(HEX + load<u8>(p, 3));
}

/** Single-character escape letter → the byte it stands for (b f n r t " \ /). */
// @ts-ignore: decorator
@inline function simpleEscape(c: u32): u32 {
  switch (c) {
    case 98: return 8;   // \b
    case 102: return 12; // \f
    case 110: return 10; // \n
    case 114: return 13; // \r
    case 116: return 9;  // \t
  }
  return c; // " \ /
}

/** Write code unit cu (not a surrogate) as 1-3 UTF-8 bytes; returns the count. */
// @ts-ignore: decorator
@inline function writeUtf8Bmp(dst: usize, cu: u32): u32 {
  if (cu < 0x80) {
    store<u8>(dst, <u8>cu);
    return 1;
  }
  if (cu < 0x800) {
    store<u8>(dst, <u8>(0xc0 | (cu >> 6)));
    store<u8>(dst, <u8>(0x80 | (cu & 0x3f)), 1);
    return 2;
  }
  store<u8>(dst, <u8>(0xe0 | (cu >> 12)));
  store<u8>(dst, <u8>(0x80 | ((cu >> 6) & 0x3f)), 1);
  store<u8>(dst, <u8>(0x80 | (cu & 0x3f)), 2);
  return 3;
}

// After readEscape: the code point (or lone surrogate unit) and the source bytes used.
let escapedUnit: u32 = 0;
let escapedLength: u32 = 0;

/** Read the escape at src[i] ('\'), joining a \uD8xx\uDCxx pair into one code point. */
function readEscape(src: usize, i: u32, len: u32): void {
  const c = <u32>load<u8>(src + i + 1);
  if (c != 117) {
    escapedUnit = simpleEscape(c);
    escapedLength = 2;
    return;
  }
  const cu = hex4(src + i + 2);
  escapedUnit = cu;
  escapedLength = 6;
  if (cu >= 0xd800 && cu < 0xdc00 && i + 12 <= len
    && load<u8>(src + i + 6) == 92 && load<u8>(src + i + 7) == 117) {
    const lo = hex4(src + i + 8);
    if (lo >= 0xdc00 && lo < 0xe000) {
      escapedUnit = 0x10000 + ((cu - 0xd800) << 10) + (lo - 0xdc00);
      escapedLength = 12;
    }
  }
}

/**
 * Re-escape a validated JSON string body src[0, len) the way JSON.stringify
 * would print the string it denotes. Returns bytes written to dst, or -1 when
 * more than `room` would be needed.
 */
export function canonicalString(dst: usize, room: u32, src: usize, len: u32): i32 {
  let o: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    // Bytes up to the next backslash are copied as they are (validated: no
    // quotes, controls or bad UTF-8), 8 at a time while 8 fit.
    if (len - i >= 8 && room - o >= 8) {
      const x = load<u64>(src + i);
      store<u64>(dst + o, x); // bytes after a backslash are overwritten below
      const backslashes = backslashBytes(x);
      if (backslashes == 0) {
        i += 8;
        o += 8;
        continue;
      }
      const plain = <u32>ctz(backslashes) >> 3;
      i += plain;
      o += plain;
    } else {
      const c = load<u8>(src + i);
      if (c != 92) {
        if (o == room) return -1;
        store<u8>(dst + o, c);
        o++;
        i++;
        continue;
      }
    }
    readEscape(src, i, len);
    i += escapedLength;
    const u = escapedUnit;
    if (u < 0x80) {
      const e = <u32>load<u8>(ESCAPE_CLASS + u);
      if (room - o < (e == 0 ? 1 : e == 117 ? 6 : 2)) return -1;
      if (e == 0) store<u8>(dst + o++, <u8>u);
      else o += writeAsciiEscape(dst + o, u, e);
    } else if (u >= 0x10000) {
      if (room - o < 4) return -1;
      writeUtf8Astral(dst + o, u);
      o += 4;
    } else if (u >= 0xd800 && u < 0xe000) {
      if (room - o < 6) return -1;
      writeUnicodeEscape(dst + o, u); // lone surrogate
      o += 6;
    } else {
      if (room - o < (u < 0x800 ? 2 : 3)) return -1;
      o += writeUtf8Bmp(dst + o, u);
    }
  }
  return <i32>o;
}

/**
 * Resolve the escapes of a validated JSON string body into WTF-8 (lone
 * surrogates as 3-byte sequences). Never longer than the source, so
 * dst may have room for just `len` bytes. Returns bytes written.
 */
export function decodeString(dst: usize, src: usize, len: u32): u32 {
  let o: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    const c = <u32>load<u8>(src + i);
    if (c != 92) {
      store<u8>(dst + o++, <u8>c);
      i++;
      continue;
    }
    readEscape(src, i, len);
    i += escapedLength;
    const u = escapedUnit;
    if (u >= 0x10000) {
      writeUtf8Astral(dst + o, u);
      o += 4;
    } else {
      o += writeUtf8Bmp(dst + o, u);
    }
  }
  return o;
}
