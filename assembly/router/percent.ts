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

/**
 * Source length of the escape at i: 3 for "%XX"; 1 for a lone '%' when
 * `loneAsEscape` (getPath's second pass reads it as "%25"); 0 for no escape.
 */
@inline function escapeLength(src: usize, i: u32, len: u32, loneAsEscape: bool): u32 {
  if (isEscape(src, i, len)) return 3;
  return loneAsEscape && i < len && load<u8>(src + i) == 0x25 ? 1 : 0;
}

/** Byte value of an escape of source length n (a lone '%' is 0x25). */
@inline function escapeValue(src: usize, i: u32, n: u32): u32 {
  return n == 3 ? escapeByte(src, i) : 0x25;
}

/** Do the escapes in [r, e) decode to valid UTF-8 (what decodeURIComponent accepts)? */
function validRun(src: usize, r: u32, e: u32, len: u32, loneAsEscape: bool): bool {
  while (r < e) {
    let n = escapeLength(src, r, len, loneAsEscape);
    const b = escapeValue(src, r, n);
    r += n;
    if (b < 0x80) continue;
    let need: u32, cp: u32, min: u32;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; min = 0x10000; }
    else return false;
    for (; need > 0; need--) {
      if (r >= e) return false;
      n = escapeLength(src, r, len, loneAsEscape);
      const c = escapeValue(src, r, n);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
      r += n;
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

/** Bytes a URL's pathname setter percent-encodes (WHATWG path percent-encode set). */
@inline function urlEncodes(c: u32): bool {
  return c < 0x20 || c > 0x7e || c == 0x20 || c == 0x22 || c == 0x23 || c == 0x3c || c == 0x3e
    || c == 0x3f || c == 0x60 || c == 0x7b || c == 0x7d;
}

/**
 * getPath's check for paths with a lone '%': set the decoded path as a URL's
 * pathname (which percent-encodes some bytes) and decode that again; does it
 * differ from the decoded path? Runs of escapes — those in the decoded text
 * and those the setter adds — decode, or stay as written, as a whole.
 */
function decodesFurther(src: usize, len: u32): bool {
  let r: u32 = 0;
  while (r < len) {
    if (!isEscape(src, r, len) && !urlEncodes(load<u8>(src + r))) { r++; continue; }
    // Collect the run and its values into a small window to validate it.
    let valid = true;
    let changes = false;
    let addedEscapes = false;
    let need: u32 = 0, cp: u32 = 0, min: u32 = 0;
    while (r < len) {
      let b: u32 = 0;
      if (isEscape(src, r, len)) {
        b = escapeByte(src, r);
        if (!isReserved(b)) changes = true;
        r += 3;
      } else if (urlEncodes(load<u8>(src + r))) {
        b = load<u8>(src + r);
        addedEscapes = true;
        if (b == 0x23 || b == 0x3f) changes = true; // '#', '?' stay encoded after decodeURI
        r += 1;
      } else break;
      // UTF-8 validity of the run's byte values, as validRun checks it.
      if (need > 0) {
        if ((b & 0xc0) != 0x80) { valid = false; need = 0; continue; }
        cp = (cp << 6) | (b & 0x3f);
        if (--need == 0 && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) valid = false;
      } else if (b >= 0x80) {
        if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; min = 0x80; }
        else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; min = 0x800; }
        else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; min = 0x10000; }
        else valid = false;
      }
    }
    if (need > 0) valid = false;
    if (valid ? changes : addedEscapes) return true;
  }
  return false;
}

function decode(src: usize, len: u32, dst: usize, keepReserved: bool, loneAsEscape: bool): u32 {
  let r: u32 = 0, w: u32 = 0;
  while (r < len) {
    if (escapeLength(src, r, len, loneAsEscape) == 0) {
      store<u8>(dst + w++, load<u8>(src + r++));
      continue;
    }
    // A run of consecutive escapes is decoded, or kept as written, as a whole.
    let e = r;
    for (let n = escapeLength(src, e, len, loneAsEscape); n != 0; n = escapeLength(src, e, len, loneAsEscape)) e += n;
    const decodeRun = validRun(src, r, e, len, loneAsEscape);
    while (r < e) {
      const n = escapeLength(src, r, len, loneAsEscape);
      const b = escapeValue(src, r, n);
      if (decodeRun && !(keepReserved && isReserved(b))) {
        store<u8>(dst + w++, <u8>b);
      } else if (n == 3) {
        memory.copy(dst + w, src + r, 3);
        w += 3;
      } else { // a lone '%', kept as "%25"
        store<u8>(dst + w, 0x25);
        store<u8>(dst + w, 0x32, 1);
        store<u8>(dst + w, 0x35, 2);
        w += 3;
      }
      r += n;
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
