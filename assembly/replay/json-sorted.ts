// A JSON body's canonical text for a fingerprint: the core's reader (tape)
// and writer (JSON.stringify's bytes for strings and numbers), with every
// object's members sorted by key (UTF-8 byte order of the decoded key) and,
// for a repeated key, only the last kept (as JSON.parse does). So member
// order and whitespace do not change the text; "\u0061" and "a" are equal.
//
//   during: tape ──┬── work (index lists, key scratch) ──┬── out ──┤ end
//
// Work per object on a nesting path: two span lists (members × 8 bytes
// each: the list and the merge buffer; a member is its key's tape index)
// and room to decode two escaped keys for comparing them.

import { JsonWriter } from "../json/writer";
import { writeTapeValue } from "../json/canonical";
import { decodeString } from "../json/string_source";
import { TAPE_ARRAY, TAPE_OBJECT, TAPE_HAS_ESCAPES, tapeKind, tapeWord, tapeNext } from "../json/tape";
import { compareBytes } from "./spans";

/** Work bytes writeSorted needs for the value at `at` (the most along one path of nested containers). */
export function sortedWorkBytes(tape: usize, at: u32): u64 {
  const kind = tapeKind(tape, at);
  if (kind != TAPE_OBJECT && kind != TAPE_ARRAY) return 0;
  const end = tapeWord(tape, at + 1) - 1;
  const object = kind == TAPE_OBJECT;
  let inner: u64 = 0;
  let longestEscapedKey: u64 = 0;
  for (let i = at + 3; i < end;) {
    const value = object ? i + 3 : i;
    if (object && (tapeWord(tape, i) & TAPE_HAS_ESCAPES) != 0) {
      longestEscapedKey = max(longestEscapedKey, <u64>tapeWord(tape, i + 2));
    }
    inner = max(inner, sortedWorkBytes(tape, value));
    i = tapeNext(tape, value);
  }
  if (!object) return inner;
  return ((<u64>tapeWord(tape, at + 2) << 3) + (longestEscapedKey << 1) + 7 & ~7) + inner;
}

/** Compare the keys at tape indexes a and b, decoding escaped ones into `scratch`. */
function compareKeys(src: usize, tape: usize, a: u32, b: u32, scratch: usize): i32 {
  let aPtr = src + tapeWord(tape, a + 1);
  let aLen = tapeWord(tape, a + 2);
  let bPtr = src + tapeWord(tape, b + 1);
  let bLen = tapeWord(tape, b + 2);
  let bRoom = scratch; // an escaped key decodes into at most its source length
  if (tapeWord(tape, a) & TAPE_HAS_ESCAPES) {
    aLen = decodeString(scratch, aPtr, aLen);
    aPtr = scratch;
    bRoom = scratch + tapeWord(tape, a + 2);
  }
  if (tapeWord(tape, b) & TAPE_HAS_ESCAPES) {
    const at = bRoom;
    bLen = decodeString(at, bPtr, bLen);
    bPtr = at;
  }
  return compareBytes(aPtr, aLen, bPtr, bLen);
}

/** Sort the key indexes at `list` stably (merge sort, `temp` as buffer). */
function sortKeys(src: usize, tape: usize, list: usize, temp: usize, count: u32, scratch: usize): void {
  let from = list;
  let to = temp;
  for (let width: u32 = 1; width < count; width <<= 1) {
    for (let lo: u32 = 0; lo < count; lo += width << 1) {
      const mid = min(lo + width, count);
      const hi = min(lo + (width << 1), count);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        const left = i < mid && (j >= hi ||
          compareKeys(src, tape, load<u32>(from + (<usize>i << 2)), load<u32>(from + (<usize>j << 2)), scratch) <= 0);
        store<u32>(to + (<usize>k << 2), load<u32>(from + (<usize>(left ? i++ : j++) << 2)));
      }
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from != list) memory.copy(list, from, <usize>count << 2);
}

function writeSortedObject(w: JsonWriter, src: usize, tape: usize, at: u32, work: usize): void {
  const count = tapeWord(tape, at + 2);
  const list = work;
  const temp = work + (<usize>count << 2);
  const scratch = temp + (<usize>count << 2);
  const end = tapeWord(tape, at + 1) - 1;
  let n: u32 = 0;
  for (let i = at + 3; i < end; i = tapeNext(tape, i + 3)) {
    store<u32>(list + (<usize>n << 2), i);
    n++;
  }
  sortKeys(src, tape, list, temp, n, scratch);
  let longest: u32 = 0;
  for (let k: u32 = 0; k < n; k++) {
    const key = load<u32>(list + (<usize>k << 2));
    if (tapeWord(tape, key) & TAPE_HAS_ESCAPES) longest = max(longest, tapeWord(tape, key + 2));
  }
  const inner = scratch + ((<usize>longest << 1) + 7 & ~7);
  w.beginObject();
  for (let k: u32 = 0; k < n && !w.error; k++) {
    const key = load<u32>(list + (<usize>k << 2));
    // A repeated key: the last one (in source order, which the stable sort kept) wins.
    if (k + 1 < n && compareKeys(src, tape, key, load<u32>(list + (<usize>(k + 1) << 2)), scratch) == 0) continue;
    w.sourceKey(src + tapeWord(tape, key + 1), tapeWord(tape, key + 2), (tapeWord(tape, key) & TAPE_HAS_ESCAPES) != 0);
    writeSorted(w, src, tape, key + 3, inner);
  }
  w.endObject();
}

/**
 * Write the value at tape index `at` with sorted members; [work, …) holds
 * sortedWorkBytes(tape, at) bytes of scratch.
 */
export function writeSorted(w: JsonWriter, src: usize, tape: usize, at: u32, work: usize): void {
  const kind = tapeKind(tape, at);
  if (kind == TAPE_OBJECT) {
    writeSortedObject(w, src, tape, at, work);
  } else if (kind == TAPE_ARRAY) {
    const end = tapeWord(tape, at + 1) - 1;
    w.beginArray();
    for (let i = at + 3; i < end && !w.error; i = tapeNext(tape, i)) writeSorted(w, src, tape, i, work);
    w.endArray();
  } else {
    writeTapeValue(w, src, tape, at, 0, 0);
  }
}
