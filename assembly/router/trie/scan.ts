// Splitting a request path into segments in one pass, hashing each segment
// (for the child table) and the whole path (for the static-route table).
// Results live in static memory: one request at a time per instance.

import { MAX_PATH_SEGMENTS } from "../router";

// Per segment i: start offset, end offset, FNV-1a hash (u32 each).
export const SEG_START = memory.data(<i32>MAX_PATH_SEGMENTS * 4);
export const SEG_END = memory.data(<i32>MAX_PATH_SEGMENTS * 4);
export const SEG_HASH = memory.data(<i32>MAX_PATH_SEGMENTS * 4);

/** Segments found by the last scanPath (−1: more than MAX_PATH_SEGMENTS). */
export let segCount: i32 = 0;
/** Hash of all segments of the last scanPath. */
export let pathHash: u32 = 0;

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

@inline export function segStart(i: i32): u32 { return load<u32>(SEG_START + (<usize>i << 2)); }
@inline export function segEnd(i: i32): u32 { return load<u32>(SEG_END + (<usize>i << 2)); }
@inline export function segHash(i: i32): u32 { return load<u32>(SEG_HASH + (<usize>i << 2)); }

@inline function foldHash(whole: u32, seg: u32): u32 {
  return (rotl<u32>(whole, 5) ^ seg) * 0x9e3779b1;
}

/** Hash of one key's bytes, as scanPath hashes a segment. */
export function bytesHash(ptr: usize, len: u32): u32 {
  let h = FNV_OFFSET;
  for (let i: u32 = 0; i < len; i++) h = (h ^ load<u8>(ptr + i)) * FNV_PRIME;
  return h;
}

/**
 * Split base[start..len) at '/' (Hono's splitPath after dropping the leading
 * '/'): n slashes give n+1 segments. Fills SEG_*, segCount and pathHash.
 */
export function scanPath(base: usize, start: u32, len: u32): void {
  let n: i32 = 0;
  let h = FNV_OFFSET;
  let whole: u32 = 0;
  let segBegin = start;
  for (let i = start; i < len; i++) {
    const b = load<u8>(base + i);
    if (b == 0x2f) {
      if (<u32>n >= MAX_PATH_SEGMENTS - 1) { segCount = -1; return; }
      store<u32>(SEG_START + (<usize>n << 2), segBegin);
      store<u32>(SEG_END + (<usize>n << 2), i);
      store<u32>(SEG_HASH + (<usize>n << 2), h);
      whole = foldHash(whole, h);
      n++;
      h = FNV_OFFSET;
      segBegin = i + 1;
    } else {
      h = (h ^ b) * FNV_PRIME;
    }
  }
  store<u32>(SEG_START + (<usize>n << 2), segBegin);
  store<u32>(SEG_END + (<usize>n << 2), len);
  store<u32>(SEG_HASH + (<usize>n << 2), h);
  pathHash = foldHash(whole, h);
  segCount = n + 1;
}

/** Mix a parent node id into a segment hash (child-table index). */
@inline export function childHash(parentId: i32, seg: u32): u32 {
  let h = seg ^ (<u32>parentId * 0x9e3779b1);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  return h;
}
