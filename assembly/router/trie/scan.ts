// Splitting a request path into segments in one pass, hashing each segment
// (for the child table) and the whole path (for the static-route table), and
// noting whether it needs %-decoding.
// Results live in static memory: one request at a time per instance.

import { MAX_PATH_SEGMENTS } from "../router";

// Per segment i: start offset, end offset, hash (u32 each).
export const SEG_START = memory.data(<i32>MAX_PATH_SEGMENTS * 4);
export const SEG_END = memory.data(<i32>MAX_PATH_SEGMENTS * 4);
export const SEG_HASH = memory.data(<i32>MAX_PATH_SEGMENTS * 4);

/** Segments found by the last scanPath (−1: more than MAX_PATH_SEGMENTS). */
export let segCount: i32 = 0;
/** Hash of all segments of the last scanPath. */
export let pathHash: u32 = 0;
/** The last scanPath saw a '%' (not set when it gives up: segCount = -1). */
export let sawPercent = false;

@inline export function segStart(i: i32): u32 { return load<u32>(SEG_START + (<usize>i << 2)); }
@inline export function segEnd(i: i32): u32 { return load<u32>(SEG_END + (<usize>i << 2)); }
@inline export function segHash(i: i32): u32 { return load<u32>(SEG_HASH + (<usize>i << 2)); }

@inline function foldHash(whole: u32, seg: u32): u32 {
  return (rotl<u32>(whole, 5) ^ seg) * 0x9e3779b1;
}

/**
 * Hash of a segment or key from its length and three loads (first, middle and
 * last bytes): no per-byte work. Keys are compared in full after a hash hit.
 */
@inline export function bytesHash(ptr: usize, len: u32): u32 {
  let h: u32;
  if (len >= 4) {
    h = load<u32>(ptr) ^ rotl<u32>(load<u32>(ptr + (len >> 1) - 2), 9) * 0x85ebca6b ^ rotl<u32>(load<u32>(ptr + len - 4), 19);
  } else if (len > 0) {
    h = <u32>load<u8>(ptr) | <u32>load<u8>(ptr + (len >> 1)) << 8 | <u32>load<u8>(ptr + len - 1) << 16;
  } else {
    h = 0;
  }
  h = (h ^ len) * 0x9e3779b1;
  return h ^ (h >> 15);
}

const LOW7: u64 = 0x7f7f7f7f7f7f7f7f;
const SLASHES: u64 = 0x2f2f2f2f2f2f2f2f;
const PERCENTS: u64 = 0x2525252525252525;

/** The high bit of every zero byte of x (exact: no carry crosses bytes). */
@inline function zeroBytes(x: u64): u64 {
  return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/**
 * Split base[start..len) at '/' (Hono's splitPath after dropping the leading
 * '/'): n slashes give n+1 segments. Fills SEG_*, segCount, pathHash and
 * sawPercent. Reads 8 bytes at a time (a byte loop costs ~1 ns per byte),
 * never outside [start, len).
 */
export function scanPath(base: usize, start: u32, len: u32): void {
  let n: u32 = 0;
  let whole: u32 = 0;
  let segBegin = start;
  let percent: u64 = 0;
  let at = start;
  while (at < len) {
    const rem = len - at;
    let wordAt = at;
    let word: u64;
    let valid: u64 = -1;
    if (rem >= 8) {
      word = load<u64>(base + at);
      at += 8;
    } else if (len - start >= 8) {
      // The path's last 8 bytes; those before `at` were read already.
      wordAt = len - 8;
      word = load<u64>(base + wordAt);
      valid = <u64>-1 << (<u64>(8 - rem) << 3);
      at = len;
    } else {
      // A path under 8 bytes: its 4-, 2- and 1-byte pieces.
      let k: u32 = 0;
      word = 0;
      if (rem & 4) { word = <u64>load<u32>(base + at); k = 4; }
      if (rem & 2) { word |= <u64>load<u16>(base + at + k) << (<u64>k << 3); k += 2; }
      if (rem & 1) word |= <u64>load<u8>(base + at + k) << (<u64>k << 3);
      valid = (<u64>1 << (<u64>rem << 3)) - 1;
      at = len;
    }
    percent |= zeroBytes(word ^ PERCENTS) & valid;
    let slashes = zeroBytes(word ^ SLASHES) & valid;
    while (slashes) {
      if (n >= MAX_PATH_SEGMENTS - 1) { segCount = -1; return; }
      const p = wordAt + <u32>(ctz(slashes) >> 3);
      const h = bytesHash(base + segBegin, p - segBegin);
      store<u32>(SEG_START + (<usize>n << 2), segBegin);
      store<u32>(SEG_END + (<usize>n << 2), p);
      store<u32>(SEG_HASH + (<usize>n << 2), h);
      whole = foldHash(whole, h);
      n++;
      segBegin = p + 1;
      slashes &= slashes - 1;
    }
  }
  const h = bytesHash(base + segBegin, len - segBegin);
  store<u32>(SEG_START + (<usize>n << 2), segBegin);
  store<u32>(SEG_END + (<usize>n << 2), len);
  store<u32>(SEG_HASH + (<usize>n << 2), h);
  pathHash = foldHash(whole, h);
  segCount = <i32>n + 1;
  sawPercent = percent != 0;
}

/** Mix a parent node id into a segment hash (child-table index). */
@inline export function childHash(parentId: i32, seg: u32): u32 {
  let h = seg ^ (<u32>parentId * 0x9e3779b1);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  return h;
}
