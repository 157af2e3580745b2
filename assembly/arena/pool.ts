// Pool of request slots: one slot per request in flight (async handlers,
// pipelining). Acquire and release are O(1) through index free lists.
//
// Two classes of slot share one index space:
//   small  [0, smallCount)             arena = arenaCap (default 64 KiB): almost every request
//   large  [smallCount, total)         arena = largeCap: a request whose body outgrows a small
//                                      slot moves here (moveToLarge), up to the body limit
//
// The pool's regions are carved once from the runtime heap at poolInit(); from
// then on only the pool touches them, and no request ever calls the runtime
// allocator. Each slot:
//
//   ┌───────────────────────── stride (16-aligned) ─────────────────────────┐
//   │ RequestHead (128) │ HeaderEntry × maxHeaders (16 each) │ arena (cap)    │
//   └───────────────────┴────────────────────────────────────┴───────────────┘
//                                                              request bytes,
//                                                              then allocations
//
// Tables (index = slot):  bases[i] u32  slot start
//                         links[i] u32  next free slot of the same class, NO_SLOT
//                                       at the end, IN_USE while handed out
//                         arenas       Arena structs (arena.ts)

import { Arena, arenaInit, arenaReset } from "./arena";
import { REQUEST_HEAD_SIZE, REQUEST_HEAD_RESET_SIZE, HEADER_ENTRY_SIZE } from "../http/request";

export const NO_SLOT: u32 = 0xffffffff;
/** Link value of a slot that is handed out (so a double release is refused). */
const IN_USE: u32 = 0xfffffffe;

/** Defaults: 64 slots of 64 KiB arena each, 2 large slots. */
export const DEFAULT_SLOT_COUNT: u32 = 64;
export const DEFAULT_ARENA_CAP: u32 = 64 * 1024;
export const DEFAULT_LARGE_SLOT_COUNT: u32 = 2;
/** Hard bounds so a bad configuration is a clear error, not a huge grow. */
export const MAX_SLOT_COUNT: u32 = 65536;
export const MIN_ARENA_CAP: u32 = 1024;
export const MAX_ARENA_CAP: u32 = 256 * 1024 * 1024;
const MAX_POOL_BYTES: u64 = 0xC0000000; // leave room under the 4 GiB wasm32 limit

// One pool per instance: its state lives in globals.
let smallCount: u32 = 0;
let total: u32 = 0;
let arenaCap: u32 = 0;
let largeCap: u32 = 0;
let headerCap: u32 = 0;
let bases: usize = 0;
let links: usize = 0;
let arenas: usize = 0;
let freeSmall: u32 = NO_SLOT;
let freeLarge: u32 = NO_SLOT;

let inUse: u32 = 0;
let largeInUse: u32 = 0;
let highWater: u32 = 0;
let exhausted: u32 = 0;

function strideFor(cap: u32, maxHeaders: u32): u64 {
  return <u64>((REQUEST_HEAD_SIZE + HEADER_ENTRY_SIZE * maxHeaders + cap + 15) & ~15);
}

/** Lay out `count` slots of one class starting at index `first`; returns its free-list head. */
function layClass(first: u32, count: u32, cap: u32, stride: u64): u32 {
  if (count == 0) return NO_SLOT;
  const region = (heap.alloc(<usize>(stride * count) + 16) + 15) & ~<usize>15;
  for (let k: u32 = 0; k < count; k++) {
    const i = first + k;
    const start = region + <usize>(stride * k);
    store<u32>(bases + (<usize>i << 2), <u32>start);
    store<u32>(links + (<usize>i << 2), k + 1 < count ? i + 1 : NO_SLOT);
    arenaInit(arenaAt(i), slotArenaBase(i), cap);
    memory.fill(start, 0, REQUEST_HEAD_SIZE);
  }
  return first;
}

/**
 * Lay out `count` small slots (arena `cap` bytes) and `largeCount` large ones
 * (arena `bigCap` bytes), each with room for `maxHeaders` header entries.
 * Returns false, keeping the old pool, when the numbers are out of bounds.
 * Call once at start-up: the stub runtime never frees, so a second call
 * leaves the first regions unused.
 */
export function poolInit(count: u32, cap: u32, maxHeaders: u32, largeCount: u32 = 0, bigCap: u32 = 0): bool {
  if (count == 0 || count > MAX_SLOT_COUNT || largeCount > MAX_SLOT_COUNT) return false;
  if (cap < MIN_ARENA_CAP || cap > MAX_ARENA_CAP) return false;
  if (largeCount != 0 && (bigCap < cap || bigCap > MAX_ARENA_CAP)) return false;
  if (maxHeaders == 0 || maxHeaders > 65535) return false;
  const smallStride = strideFor(cap, maxHeaders);
  const largeStride = strideFor(bigCap, maxHeaders);
  if (smallStride * count + largeStride * largeCount > MAX_POOL_BYTES) return false;

  smallCount = count;
  total = count + largeCount;
  arenaCap = cap;
  largeCap = largeCount ? bigCap : 0;
  headerCap = maxHeaders;
  bases = heap.alloc(<usize>total << 2);
  links = heap.alloc(<usize>total << 2);
  arenas = heap.alloc(<usize>total * offsetof<Arena>());
  freeSmall = layClass(0, count, cap, smallStride);
  freeLarge = layClass(count, largeCount, bigCap, largeStride);
  inUse = 0;
  largeInUse = 0;
  highWater = 0;
  exhausted = 0;
  return true;
}

/** Take a free small slot, or NO_SLOT when every one is in use (host answers 503). */
export function poolAcquire(): u32 {
  const i = freeSmall;
  if (i == NO_SLOT) {
    exhausted++;
    return NO_SLOT;
  }
  freeSmall = take(i);
  return i;
}

/** Take a free large slot, or NO_SLOT (none configured, or all busy). */
export function poolAcquireLarge(): u32 {
  const i = freeLarge;
  if (i == NO_SLOT) {
    exhausted++;
    return NO_SLOT;
  }
  freeLarge = take(i);
  largeInUse++;
  return i;
}

function take(i: u32): u32 {
  const link = links + (<usize>i << 2);
  const next = load<u32>(link);
  store<u32>(link, IN_USE);
  inUse++;
  if (inUse > highWater) highWater = inUse;
  return next;
}

/**
 * Give a slot back: its arena and parser state rewind in O(1). Returns false
 * for an index that is out of range or not handed out, so a double release
 * cannot corrupt a free list.
 */
export function poolRelease(i: u32): bool {
  if (i >= total) return false;
  const link = links + (<usize>i << 2);
  if (load<u32>(link) != IN_USE) return false;
  arenaReset(arenaAt(i));
  memory.fill(slotBase(i), 0, REQUEST_HEAD_RESET_SIZE); // parser restarts at phase HEAD
  inUse--;
  if (i < smallCount) {
    store<u32>(link, freeSmall);
    freeSmall = i;
  } else {
    store<u32>(link, freeLarge);
    freeLarge = i;
    largeInUse--;
  }
  return true;
}

// @ts-ignore: decorator
@inline export function slotBase(i: u32): usize {
  return <usize>load<u32>(bases + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function slotHeaders(i: u32): usize {
  return slotBase(i) + REQUEST_HEAD_SIZE;
}

// @ts-ignore: decorator
@inline export function slotArenaBase(i: u32): usize {
  return slotBase(i) + REQUEST_HEAD_SIZE + <usize>HEADER_ENTRY_SIZE * <usize>headerCap;
}

// @ts-ignore: decorator
@inline export function arenaAt(i: u32): Arena {
  return changetype<Arena>(arenas + <usize>i * offsetof<Arena>());
}

/** True for an index the pool laid out (a slot's place in memory is fixed from then on). */
export function slotExists(i: u32): bool {
  return i < total;
}

/** True for an index of a handed-out slot (guards ABI calls from the host). */
export function slotInUse(i: u32): bool {
  return slotExists(i) && load<u32>(links + (<usize>i << 2)) == IN_USE;
}

/**
 * True when `p` lies in the arena of a large slot in use with at least
 * `front` arena bytes before it (a response body an AssemblyScript handler
 * left in a large slot lent to its request; see Context.jsonInLentSlot).
 */
export function largeArenaHolds(p: usize, front: u32): bool {
  for (let i = smallCount; i < total; i++) {
    if (!slotInUse(i)) continue;
    const a = arenaAt(i);
    if (p >= a.base + <usize>front && p <= a.end) return true;
  }
  return false;
}

/** True when slot i is a large one. */
export function isLargeSlot(i: u32): bool {
  return i >= smallCount && i < total;
}

export function poolCapacity(): u32 { return smallCount; }
export function poolLargeCapacity(): u32 { return total - smallCount; }
export function poolInUse(): u32 { return inUse; }
export function poolLargeInUse(): u32 { return largeInUse; }
export function poolHighWater(): u32 { return highWater; }
export function poolExhausted(): u32 { return exhausted; }
export function poolArenaCap(): u32 { return arenaCap; }
export function poolLargeArenaCap(): u32 { return largeCap; }
export function poolHeaderCap(): u32 { return headerCap; }

/** Largest arena high-water mark over all slots (bytes). */
export function poolArenaHighWater(): u32 {
  let most: u32 = 0;
  for (let i: u32 = 0; i < total; i++) {
    const h = arenaAt(i).highWater;
    if (h > most) most = h;
  }
  return most;
}
