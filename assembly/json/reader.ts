// Strict RFC 8259 reader: JSON text (UTF-8 bytes) → tape (tape.ts).
//
// Accepts exactly what JSON.parse accepts when the bytes are valid UTF-8:
// no trailing commas, leading zeros, single quotes, comments, unescaped
// control characters, unknown escapes, NaN/Infinity, or invalid UTF-8
// (overlong forms, encoded surrogates, > U+10FFFF). Lone surrogate *escapes*
// ("\ud800") are fine, as in JSON.parse. Leading BOM is rejected, as JSON.parse
// rejects U+FEFF.
//
// One pass, no recursion: an open container keeps its parent's index in its
// `end` word until it closes, so the open-container stack lives in the tape.
// Errors: -JsonError, with the byte offset in readerErrorOffset.

import { JsonError } from "./errors";
import {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT,
  TAPE_ARRAY_END, TAPE_OBJECT_END, TAPE_HAS_ESCAPES, TAPE_IS_KEY,
} from "./tape";
import { utf8SequenceLength, surrogateUnit } from "./escape";
import { HEX } from "../util/hex";
// STRING_CLASS, per byte inside a string: 0 plain · 1 '"' · 2 '\' · 3 control ·
// 4 non-ASCII (generated: scripts/byte-tables.mjs → tables/string_class.ts).
import { STRING_CLASS } from "./tables/string_class";
import { toF64 } from "./number_parse";

/** Reader limits (jsonConfigure). */
export const DEFAULT_MAX_DEPTH: u32 = 64;
export const DEFAULT_MAX_BYTES: u32 = 1 << 20;
export let maxDepth: u32 = DEFAULT_MAX_DEPTH;
export let maxBytes: u32 = DEFAULT_MAX_BYTES;

export function setReaderLimits(depth: u32, bytes: u32): void {
  maxDepth = depth || DEFAULT_MAX_DEPTH;
  maxBytes = bytes || DEFAULT_MAX_BYTES;
}

/** Byte offset of the last error. */
export let readerErrorOffset: u32 = 0;

// Reader state (one parse at a time; wasm is single-threaded).
let src: usize = 0;
let srcLen: u32 = 0;
let tape: usize = 0;
let tapeCap: u32 = 0; // words
let t: u32 = 0;       // next tape word
let pos: u32 = 0;     // next input byte
let error: u32 = 0;
let open: i32 = -1;   // tape index of the innermost open container
let depth: u32 = 0;   // open containers

// @ts-ignore: decorator
@inline function byteAt(i: u32): u32 {
  return load<u8>(src + i);
}

// @ts-ignore: decorator
@inline function put(i: u32, v: u32): void {
  store<u32>(tape + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline function get(i: u32): u32 {
  return load<u32>(tape + (<usize>i << 2));
}

function fail(code: JsonError, at: u32): bool {
  error = code;
  readerErrorOffset = at;
  return false;
}

// @ts-ignore: decorator
@inline function skipSpace(): void {
  while (pos < srcLen) {
    const c = byteAt(pos);
    if (c > 32 || (c != 32 && c != 10 && c != 13 && c != 9)) break;
    pos++;
  }
}

// @ts-ignore: decorator
@inline function room(words: u32): bool {
  return words <= tapeCap - t;
}

/** String at pos (the opening quote); writes a STRING node. */
function readString(keyFlag: u32): bool {
  const start = pos + 1;
  let i = start;
  let flags: u32 = 0;
  for (;;) {
    // Plain ASCII runs are the common case: one table load per byte.
    while (i < srcLen && load<u8>(STRING_CLASS + byteAt(i)) == 0) i++;
    if (i >= srcLen) return fail(JsonError.UNEXPECTED_END, srcLen);
    const cls = load<u8>(STRING_CLASS + byteAt(i));
    if (cls == 1) break;
    if (cls == 2) {
      flags = TAPE_HAS_ESCAPES;
      if (i + 1 >= srcLen) return fail(JsonError.UNEXPECTED_END, srcLen);
      const e = byteAt(i + 1);
      if (e == 117) {
        if (i + 6 > srcLen) {
          // Report a bad digit before the end if there is one.
          for (let k = i + 2; k < srcLen; k++) {
            if (load<u8>(HEX + byteAt(k)) == 255) return fail(JsonError.INVALID_UNICODE_ESCAPE, k);
          }
          return fail(JsonError.UNEXPECTED_END, srcLen);
        }
        for (let k = i + 2; k < i + 6; k++) {
          if (load<u8>(HEX + byteAt(k)) == 255) return fail(JsonError.INVALID_UNICODE_ESCAPE, k);
        }
        i += 6;
      } else if (e == 34 || e == 92 || e == 47 || e == 98 || e == 102 || e == 110 || e == 114 || e == 116) {
        i += 2;
      } else {
        return fail(JsonError.INVALID_ESCAPE, i + 1);
      }
    } else if (cls == 3) {
      return fail(JsonError.CONTROL_IN_STRING, i);
    } else {
      const n = utf8SequenceLength(src, i, srcLen);
      if (n == 0 || surrogateUnit != 0) return fail(JsonError.INVALID_UTF8, i);
      i += n;
    }
  }
  if (!room(3)) return fail(JsonError.TAPE_FULL, pos);
  put(t, TAPE_STRING | flags | keyFlag);
  put(t + 1, start);
  put(t + 2, i - start);
  t += 3;
  pos = i + 1;
  return true;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 48 < 10;
}

/** Number at pos ('-' or a digit); writes a NUMBER node. */
function readNumber(): bool {
  const start = pos;
  let i = pos;
  const neg = byteAt(i) == 45;
  if (neg) i++;
  if (i >= srcLen) return fail(JsonError.UNEXPECTED_END, i);
  let w: u64 = 0;
  let nd: u32 = 0;      // significant digits kept in w
  let q: i32 = 0;       // value ≈ w × 10^q
  let truncated = false;
  let c = byteAt(i);
  if (c == 48) {
    i++;
    if (i < srcLen && isDigit(byteAt(i))) return fail(JsonError.LEADING_ZERO, i - 1);
  } else if (isDigit(c)) {
    while (i < srcLen && isDigit(c = byteAt(i))) {
      if (nd < 19) {
        w = w * 10 + (c - 48);
        if (w) nd++;
      } else {
        q++;
        if (c != 48) truncated = true;
      }
      i++;
    }
  } else {
    return fail(JsonError.INVALID_NUMBER, i);
  }
  if (i < srcLen && byteAt(i) == 46) {
    i++;
    if (i >= srcLen) return fail(JsonError.UNEXPECTED_END, i);
    if (!isDigit(byteAt(i))) return fail(JsonError.INVALID_NUMBER, i);
    while (i < srcLen && isDigit(c = byteAt(i))) {
      if (nd < 19) {
        w = w * 10 + (c - 48);
        if (w) nd++;
        q--;
      } else if (c != 48) {
        truncated = true;
      }
      i++;
    }
  }
  if (i < srcLen && (byteAt(i) | 0x20) == 101) { // 'e' or 'E'
    i++;
    let expNeg = false;
    if (i < srcLen && (byteAt(i) == 45 || byteAt(i) == 43)) {
      expNeg = byteAt(i) == 45;
      i++;
    }
    if (i >= srcLen) return fail(JsonError.UNEXPECTED_END, i);
    if (!isDigit(byteAt(i))) return fail(JsonError.INVALID_NUMBER, i);
    let e: i32 = 0;
    while (i < srcLen && isDigit(c = byteAt(i))) {
      if (e < 100000) e = e * 10 + <i32>(c - 48); // beyond this it is 0 or Infinity anyway
      i++;
    }
    q += expNeg ? -e : e;
  }
  if (!room(3)) return fail(JsonError.TAPE_FULL, start);
  const v = toF64(neg, w, q, truncated, src + start, i - start);
  put(t, TAPE_NUMBER);
  store<f64>(tape + (<usize>(t + 1) << 2), v);
  t += 3;
  pos = i;
  return true;
}

/** true / false / null at pos. */
function readLiteral(c: u32): bool {
  // Compare four bytes at once when they are there.
  let kind: u32;
  let len: u32 = 4;
  let word: u32;
  if (c == 116) { kind = TAPE_TRUE; word = 0x65757274; }        // "true"
  else if (c == 110) { kind = TAPE_NULL; word = 0x6c6c756e; }   // "null"
  else { kind = TAPE_FALSE; word = 0x65736c61; len = 5; }       // "alse" after 'f'
  const at = c == 102 ? pos + 1 : pos;
  for (let k: u32 = 0; k < 4; k++) {
    if (at + k >= srcLen) return fail(JsonError.UNEXPECTED_END, srcLen);
    if (byteAt(at + k) != ((word >> (k << 3)) & 0xff)) return fail(JsonError.INVALID_LITERAL, at + k);
  }
  if (!room(1)) return fail(JsonError.TAPE_FULL, pos);
  put(t++, kind);
  pos += len;
  return true;
}

const IN_VALUE: u32 = 0;  // a value must come next
const IN_AFTER: u32 = 1;  // a value just ended
const IN_KEY: u32 = 2;    // an object key must come next

/**
 * Parse input[0, len) into tapePtr (room for tapeWords u32 words).
 * Returns the tape's length in words, or -JsonError (offset: readerErrorOffset).
 */
export function parseJson(input: usize, len: u32, tapePtr: usize, tapeWords: u32, depthLimit: u32): i32 {
  src = input;
  srcLen = len;
  tape = tapePtr;
  tapeCap = tapeWords;
  t = 0;
  pos = 0;
  error = 0;
  readerErrorOffset = 0;
  if (len > maxBytes) {
    fail(JsonError.TOO_LARGE, maxBytes);
    return -<i32>error;
  }
  skipSpace();
  if (pos >= len) {
    fail(JsonError.EMPTY_INPUT, pos);
    return -<i32>error;
  }
  open = -1;
  depth = 0;
  let state = IN_VALUE;
  let ok = true;
  while (ok) {
    if (state == IN_VALUE) {
      skipSpace();
      if (pos >= len) { ok = fail(JsonError.UNEXPECTED_END, pos); break; }
      const c = byteAt(pos);
      if (c == 123 || c == 91) { // { [
        if (depth >= depthLimit) { ok = fail(JsonError.TOO_DEEP, pos); break; }
        if (!room(3)) { ok = fail(JsonError.TAPE_FULL, pos); break; }
        put(t, c == 123 ? TAPE_OBJECT : TAPE_ARRAY);
        put(t + 1, <u32>open); // parent link until the container closes
        put(t + 2, 0);
        open = <i32>t;
        t += 3;
        depth++;
        pos++;
        skipSpace();
        if (pos >= len) { ok = fail(JsonError.UNEXPECTED_END, pos); break; }
        const close: u32 = c == 123 ? 125 : 93;
        if (byteAt(pos) == close) {
          pos++;
          if (!closeContainer()) { ok = false; break; }
          state = IN_AFTER;
        } else {
          state = c == 123 ? IN_KEY : IN_VALUE;
        }
        continue;
      }
      if (c == 34) ok = readString(0);
      else if (c == 45 || isDigit(c)) ok = readNumber();
      else if (c == 116 || c == 102 || c == 110) ok = readLiteral(c);
      else { ok = fail(JsonError.UNEXPECTED_BYTE, pos); break; }
      state = IN_AFTER;
    } else if (state == IN_AFTER) {
      if (open < 0) {
        skipSpace();
        if (pos != len) ok = fail(JsonError.TRAILING_CONTENT, pos);
        break;
      }
      const o = <u32>open;
      put(o + 2, get(o + 2) + 1);
      skipSpace();
      if (pos >= len) { ok = fail(JsonError.UNEXPECTED_END, pos); break; }
      const c = byteAt(pos);
      const isObject = (get(o) & 0xff) == TAPE_OBJECT;
      if (c == 44) { // ,
        pos++;
        skipSpace();
        if (pos < len && byteAt(pos) == (isObject ? 125 : 93)) { ok = fail(JsonError.TRAILING_COMMA, pos); break; }
        state = isObject ? IN_KEY : IN_VALUE;
      } else if (c == (isObject ? 125 : 93)) {
        pos++;
        if (!closeContainer()) { ok = false; break; }
      } else {
        ok = fail(JsonError.EXPECTED_COMMA_OR_END, pos);
      }
    } else { // IN_KEY
      skipSpace();
      if (pos >= len) { ok = fail(JsonError.UNEXPECTED_END, pos); break; }
      if (byteAt(pos) != 34) { ok = fail(JsonError.EXPECTED_KEY, pos); break; }
      if (!readString(TAPE_IS_KEY)) { ok = false; break; }
      skipSpace();
      if (pos >= len) { ok = fail(JsonError.UNEXPECTED_END, pos); break; }
      if (byteAt(pos) != 58) { ok = fail(JsonError.EXPECTED_COLON, pos); break; }
      pos++;
      state = IN_VALUE;
    }
  }
  return ok ? <i32>t : -<i32>error;
}

/** Close the innermost open container: write its end word, pop to its parent. */
function closeContainer(): bool {
  if (!room(1)) return fail(JsonError.TAPE_FULL, pos);
  const o = <u32>open;
  open = <i32>get(o + 1);
  put(t, (get(o) & 0xff) == TAPE_OBJECT ? TAPE_OBJECT_END : TAPE_ARRAY_END);
  t++;
  put(o + 1, t);
  depth--;
  return true;
}
