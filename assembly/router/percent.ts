// %xx decoding in place or into another buffer, never allocating and never
// failing: like Hono's tryDecode, a run of consecutive escapes that is not
// valid UTF-8 is kept as written and the other runs are decoded. Decoding
// never grows the bytes, so dst may equal src (decodePath excepted).

import { HEX } from "../util/hex";

/** Is src[i..i+3) a "%XX" escape? */
@inline function isEscape(src: usize, i: u32, len: u32): bool {
  return i + 2 < len && load<u8>(src + i) == 0x25
    && load<u8>(HEX + load<u8>(src + i + 1)) != 255
    && load<u8>(HEX + load<u8>(src + i + 2)) != 255;
}

@inline function escapeByte(src: usize, i: u32): u32 {
  return (<u32>load<u8>(HEX + load<u8>(src + i + 1)) << 4) | load<u8>(HEX + load<u8>(src + i + 2));
}

/** Characters decodeURI leaves encoded, plus '%' (Hono keeps %25 in paths). */
@inline function isReserved(b: u32): bool {
  // # $ % & + , / : ; = ? @
  return b == 0x23 || b == 0x24 || b == 0x25 || b == 0x26 || b == 0x2b || b == 0x2c
    || b == 0x2f || b == 0x3a || b == 0x3b || b == 0x3d || b == 0x3f || b == 0x40;
}

/** Do the escapes in [r, e) decode to valid UTF-8 (what decodeURIComponent accepts)? */
function validRun(src: usize, r: u32, e: u32): bool {
  while (r < e) {
    const b = escapeByte(src, r);
    r += 3;
    if (b < 0x80) continue;
    let need: u32, cp: u32, min: u32;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; min = 0x10000; }
    else return false;
    for (; need > 0; need--) {
      if (r >= e) return false;
      const c = escapeByte(src, r);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
      r += 3;
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  }
  return true;
}

/**
 * Decode `len` bytes at `src` into `dst` (may be `src`). keepReserved: the
 * path form (decodeURI, and %25 kept), else the param form
 * (decodeURIComponent). Returns the decoded length.
 */
export function percentDecodeInto(src: usize, len: u32, dst: usize, keepReserved: bool): u32 {
  return decode(src, len, dst, keepReserved, false);
}

/**
 * The path as Hono's getPath decodes it, into `dst` (room for 3 × len: a
 * lone '%' may become "%25"). Returns the decoded length.
 */
export function decodePath(src: usize, len: u32, dst: usize): u32 {
  const n = decode(src, len, dst, true, false);
  // getPath: when a lone '%' would form a new escape with what decoding put
  // after it (e.g. "%4%41" → "%4A"), decode again with lone '%' as "%25".
  if (hasLonePercent(src, len) && decodesFurther(dst, n)) return decode(src, len, dst, true, true);
  return n;
}

function hasLonePercent(src: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) {
    if (load<u8>(src + i) == 0x25 && !isEscape(src, i, len)) return true;
  }
  return false;
}

/** Would decoding the (already decoded) path change it again? */
function decodesFurther(src: usize, len: u32): bool {
  let r: u32 = 0;
  while (r < len) {
    if (!isEscape(src, r, len)) { r++; continue; }
    let e = r;
    let changes = false;
    while (isEscape(src, e, len)) {
      if (!isReserved(escapeByte(src, e))) changes = true;
      e += 3;
    }
    if (changes && validRun(src, r, e)) return true;
    r = e;
  }
  return false;
}

function decode(src: usize, len: u32, dst: usize, keepReserved: bool, loneAsEscape: bool): u32 {
  let r: u32 = 0, w: u32 = 0;
  while (r < len) {
    if (!isEscape(src, r, len)) {
      const c = load<u8>(src + r++);
      if (c == 0x25 && loneAsEscape) {
        store<u8>(dst + w, 0x25);
        store<u8>(dst + w, 0x32, 1);
        store<u8>(dst + w, 0x35, 2);
        w += 3;
      } else {
        store<u8>(dst + w++, c);
      }
      continue;
    }
    let e = r + 3;
    while (isEscape(src, e, len)) e += 3;
    if (!validRun(src, r, e)) {
      memory.copy(dst + w, src + r, e - r);
      w += e - r;
      r = e;
      continue;
    }
    for (; r < e; r += 3) {
      const b = escapeByte(src, r);
      if (keepReserved && isReserved(b)) {
        memory.copy(dst + w, src + r, 3);
        w += 3;
      } else {
        store<u8>(dst + w++, <u8>b);
      }
    }
  }
  return w;
}

/**
 * Decode a param span for a WASM handler, like Hono's tryDecodeURIComponent:
 * writes at most `len` bytes to `dst` (may be `src`), returns the length.
 */
export function percentDecode(src: usize, len: u32, dst: usize): u32 {
  return percentDecodeInto(src, len, dst, false);
}

/** Does the span contain a '%'? (Only then is decoding needed.) */
export function hasPercent(src: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(src + i) == 0x25) return true;
  return false;
}
