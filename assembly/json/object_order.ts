// JavaScript property order for the round trip. JSON.parse builds an object,
// so JSON.stringify(JSON.parse(text)) differs from the text when
//   - a key repeats: the last value wins, at the first key's position;
//   - keys are array indices ("0" … "4294967294", no leading zeros): they come
//     first, in ascending numeric order, before the other keys.
// objectIsPlain() spots the common object that needs neither; orderMembers()
// lists members in JS order for the rest, using a caller's work region.
//
// Member entry (20 bytes) in the work region:
//   0 key      usize  decoded key bytes (source, or a decoded copy in work)
//   4 keyLen   u32
//   8 keyAt    u32    tape index of the key
//  12 valueAt  u32    tape index of the (last) value
//  16 index    u32    array-index value, or NOT_INDEX

import { TAPE_HAS_ESCAPES, tapeWord, tapeNext } from "./tape";
import { decodeString } from "./string_source";

const ENTRY: u32 = 20;
const NOT_INDEX: u32 = 0xffffffff;
/** Objects up to this many members are checked for duplicates pairwise. */
const PAIRWISE_MAX: u32 = 16;

/** Array-index value of key bytes, or NOT_INDEX. */
function indexValue(p: usize, len: u32): u32 {
  if (len == 0 || len > 10) return NOT_INDEX;
  const first = <u32>load<u8>(p);
  if (first - 48 > 9 || (first == 48 && len > 1)) return NOT_INDEX;
  let v: u64 = 0;
  for (let k: u32 = 0; k < len; k++) {
    const d = <u32>load<u8>(p + k) - 48;
    if (d > 9) return NOT_INDEX;
    v = v * 10 + d;
  }
  return v <= 4294967294 ? <u32>v : NOT_INDEX;
}

/**
 * True when the object at tape index `obj` prints in source order: small,
 * no escaped keys, no key starting with a digit, no repeated key.
 */
export function objectIsPlain(src: usize, tape: usize, obj: u32): bool {
  const n = tapeWord(tape, obj + 2);
  if (n > PAIRWISE_MAX) return false;
  const end = tapeWord(tape, obj + 1) - 1;
  for (let k = obj + 3; k < end; k = tapeNext(tape, k + 3)) {
    if (tapeWord(tape, k) & TAPE_HAS_ESCAPES) return false;
    const off = tapeWord(tape, k + 1);
    const len = tapeWord(tape, k + 2);
    if (len && <u32>load<u8>(src + off) - 48 <= 9) return false;
    for (let j = obj + 3; j < k; j = tapeNext(tape, j + 3)) {
      if (tapeWord(tape, j + 2) == len && memory.compare(src + tapeWord(tape, j + 1), src + off, len) == 0) return false;
    }
  }
  return true;
}

// @ts-ignore: decorator
@inline function entryAt(list: usize, i: u32): usize {
  return list + <usize>i * ENTRY;
}

function hashBytes(p: usize, len: u32): u32 {
  let h: u32 = 2166136261; // FNV-1a
  for (let k: u32 = 0; k < len; k++) h = (h ^ load<u8>(p + k)) * 16777619;
  return h;
}

/**
 * Work bytes orderMembers may use for the object at tape index `obj` (an
 * upper bound: entries, hash table, escaped keys decoded, the partition's
 * copy area past the table), rounded up to 8 as writeOrderedObject rounds.
 */
export function orderWorkBytes(tape: usize, obj: u32): u64 {
  const n = tapeWord(tape, obj + 2);
  let slots: u64 = 8;
  while (slots < <u64>n * 2) slots <<= 1;
  let keys: u64 = 0;
  const end = tapeWord(tape, obj + 1) - 1;
  for (let k = obj + 3; k < end; k = tapeNext(tape, k + 3)) {
    if (tapeWord(tape, k) & TAPE_HAS_ESCAPES) keys += tapeWord(tape, k + 2);
  }
  return ((<u64>n * ENTRY * 2 + (slots << 2) + keys) + 7) & ~7;
}

// Result of orderMembers: how many entries, and the work bytes they use.
export let orderedCount: u32 = 0;
export let orderedBytes: u32 = 0;

/**
 * Write the object's members, in JavaScript order, as entries at `work`.
 * Returns false when workCap bytes are not enough.
 */
export function orderMembers(src: usize, tape: usize, obj: u32, work: usize, workCap: u32): bool {
  const n = tapeWord(tape, obj + 2);
  let slots: u32 = 8;
  while (slots < n * 2) slots <<= 1;
  const listBytes = <u64>n * ENTRY;
  const tableBytes = <u64>slots << 2;
  if (listBytes + tableBytes > <u64>workCap) return false;
  const list = work;
  const table = work + <usize>listBytes; // slot → entry number + 1, 0 = empty
  memory.fill(table, 0, <usize>tableBytes);
  let used = <u32>(listBytes + tableBytes); // decoded keys go after the table
  let count: u32 = 0;
  const end = tapeWord(tape, obj + 1) - 1;
  for (let k = obj + 3; k < end; k = tapeNext(tape, k + 3)) {
    let key = src + tapeWord(tape, k + 1);
    let len = tapeWord(tape, k + 2);
    if (tapeWord(tape, k) & TAPE_HAS_ESCAPES) {
      if (len > workCap - used) return false;
      const copy = work + used;
      len = decodeString(copy, key, len);
      key = copy;
      used += len;
    }
    let h = hashBytes(key, len) & (slots - 1);
    for (;;) {
      const e = load<u32>(table + (<usize>h << 2));
      if (e == 0) {
        const p = entryAt(list, count);
        store<usize>(p, key);
        store<u32>(p, len, 4);
        store<u32>(p, k, 8);
        store<u32>(p, k + 3, 12);
        store<u32>(p, indexValue(key, len), 16);
        count++;
        store<u32>(table + (<usize>h << 2), count);
        break;
      }
      const p = entryAt(list, e - 1);
      if (load<u32>(p, 4) == len && memory.compare(load<usize>(p), key, len) == 0) {
        store<u32>(p, k + 3, 12); // repeated key: last value wins, first position stays
        break;
      }
      h = (h + 1) & (slots - 1);
    }
  }
  // Stable partition: index keys first (then sorted), others keep their order.
  // The table is no longer needed: use it as a copy area for the others.
  let indexCount: u32 = 0;
  let otherCount: u32 = 0;
  const others = table;
  if (<u64>count * ENTRY > tableBytes + (<u64>workCap - used)) return false;
  for (let i: u32 = 0; i < count; i++) {
    const p = entryAt(list, i);
    if (load<u32>(p, 16) != NOT_INDEX) {
      if (indexCount != i) memory.copy(entryAt(list, indexCount), p, ENTRY);
      indexCount++;
    } else {
      memory.copy(entryAt(others, otherCount++), p, ENTRY);
    }
  }
  memory.copy(entryAt(list, indexCount), others, <usize>otherCount * ENTRY);
  sortByIndex(list, indexCount);
  orderedCount = count;
  orderedBytes = <u32>listBytes;
  return true;
}

// @ts-ignore: decorator
@inline function indexOf(list: usize, i: u32): u32 {
  return load<u32>(entryAt(list, i), 16);
}

function swapEntries(list: usize, a: u32, b: u32): void {
  const pa = entryAt(list, a), pb = entryAt(list, b);
  for (let k: usize = 0; k < ENTRY; k += 4) {
    const t = load<u32>(pa + k);
    store<u32>(pa + k, load<u32>(pb + k));
    store<u32>(pb + k, t);
  }
}

function siftDown(list: usize, root: u32, n: u32): void {
  for (;;) {
    let child = root * 2 + 1;
    if (child >= n) return;
    if (child + 1 < n && indexOf(list, child + 1) > indexOf(list, child)) child++;
    if (indexOf(list, root) >= indexOf(list, child)) return;
    swapEntries(list, root, child);
    root = child;
  }
}

/** Heap sort by index value (values are distinct after de-duplication). */
function sortByIndex(list: usize, n: u32): void {
  if (n < 2) return;
  for (let i = n / 2; i > 0; i--) siftDown(list, i - 1, n);
  for (let end = n - 1; end > 0; end--) {
    swapEntries(list, 0, end);
    siftDown(list, 0, end);
  }
}

/** Entry i of an ordered list: tape index of its key and of its value. */
// @ts-ignore: decorator
@inline export function orderedKeyAt(list: usize, i: u32): u32 {
  return load<u32>(entryAt(list, i), 8);
}
// @ts-ignore: decorator
@inline export function orderedValueAt(list: usize, i: u32): u32 {
  return load<u32>(entryAt(list, i), 12);
}
