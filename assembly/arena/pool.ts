// Pool of request slots: one slot per request in flight (async handlers,
// pipelining). Acquire and release are O(1) through index free lists.
//
// Two classes of slot share one index space:
//   small  [0, smallMax)               arena = arenaCap (default 64 KiB): almost every request;
//                                      [0, smallCount) laid out, the rest reserved for growth
//   large  [smallMax, total)           arena = largeCap: a request whose body outgrows a small
//                                      slot moves here (moveToLarge), up to the body limit;
//                                      [smallMax, smallMax + largeCount) laid out, the rest reserved
//
// The pool's regions are carved from the runtime heap at poolInit(). When
// every slot of a class is busy and fewer than its maximum are laid out, the
// class grows: as many new slots again (up to the maximum) in a new region. Memory
// never shrinks, so grown slots stay in the free list for later bursts.
// Only acquire may grow; no other request path calls the runtime allocator.
// Each slot:
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

/** Defaults: 64 slots of 64 KiB arena each, growing to 1024 when busy; 2 large slots, growing to 16. */
export const DEFAULT_SLOT_COUNT: u32 = 64;
export const DEFAULT_MAX_SLOT_COUNT: u32 = 1024;
export const DEFAULT_MAX_LARGE_SLOT_COUNT: u32 = 16;
export const DEFAULT_ARENA_CAP: u32 = 64 * 1024;
export const DEFAULT_LARGE_SLOT_COUNT: u32 = 2;
/** Hard bounds so a bad configuration is a clear error, not a huge grow. */
export const MAX_SLOT_COUNT: u32 = 65536;
export const MIN_ARENA_CAP: u32 = 1024;
export const MAX_ARENA_CAP: u32 = 256 * 1024 * 1024;
const MAX_POOL_BYTES: u64 = 0xC0000000; // leave room under the 4 GiB wasm32 limit

// One pool per instance: its state lives in globals.
let smallCount: u32 = 0;
let smallMax: u32 = 0;
let smallStride: u64 = 0;
let total: u32 = 0;
let largeCount: u32 = 0;
let largeStride: u64 = 0;
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
  const dirtyEnd = memoryEnd();
  const region = (heap.alloc(<usize>(stride * count) + 16) + 15) & ~<usize>15;
  layRegion(region, first, count, cap, stride, dirtyEnd);
  return first;
}

/** One past the last byte of memory now: what lies above it once memory grows is zero. */
// @ts-ignore: decorator
@inline function memoryEnd(): u64 {
  return <u64>memory.size() << 16;
}

/**
 * Lay out slots [first, first + count) at `region`. Each RequestHead must
 * start zeroed (the parser's phase HEAD): heads below `dirtyEnd` (memory that
 * existed before this region was allocated) are cleared; those above it are
 * in pages fresh from memory.grow, zero already, and are left untouched, so a
 * slot's pages are first touched by its first request, not at start-up.
 */
function layRegion(region: usize, first: u32, count: u32, cap: u32, stride: u64, dirtyEnd: u64): void {
  for (let k: u32 = 0; k < count; k++) {
    const i = first + k;
    const start = region + <usize>(stride * k);
    store<u32>(bases + (<usize>i << 2), <u32>start);
    store<u32>(links + (<usize>i << 2), k + 1 < count ? i + 1 : NO_SLOT);
    arenaInit(arenaAt(i), slotArenaBase(i), cap);
    if (<u64>start < dirtyEnd) memory.fill(start, 0, REQUEST_HEAD_SIZE);
  }
}

/**
 * A region for `count` more slots of `stride` bytes, or 0 when memory cannot
 * grow. Memory grows here, so that a refusal is a 503 and not a trap inside
 * the allocator; the allocator then finds the room without growing.
 */
function growRegion(count: u32, stride: u64): usize {
  const bytes = <usize>(stride * count) + 16;
  const pages = <i32>((bytes + 0xffff) >>> 16) + 1;
  if (memory.grow(pages) < 0) return 0;
  return (heap.alloc(bytes) + 15) & ~<usize>15;
}

/**
 * Lay out more small slots (as many again as there are, up to smallMax) and
 * put them on the free list; false when the class is at its maximum or the
 * memory cannot grow (then acquire answers NO_SLOT, never traps).
 */
function growSmall(): bool {
  const count = min(smallCount, smallMax - smallCount);
  if (count == 0) return false;
  const dirtyEnd = memoryEnd();
  const region = growRegion(count, smallStride);
  if (region == 0) return false;
  layRegion(region, smallCount, count, arenaCap, smallStride, dirtyEnd);
  freeSmall = smallCount;
  smallCount += count;
  return true;
}

/** The same for large slots (indices from smallMax), up to the reserved range. */
function growLarge(): bool {
  const count = min(max<u32>(largeCount, 1), total - smallMax - largeCount);
  if (count == 0 || largeCap == 0) return false;
  const dirtyEnd = memoryEnd();
  const region = growRegion(count, largeStride);
  if (region == 0) return false;
  const first = smallMax + largeCount;
  layRegion(region, first, count, largeCap, largeStride, dirtyEnd);
  freeLarge = first;
  largeCount += count;
  return true;
}

/**
 * Lay out `count` small slots (arena `cap` bytes) and `largeSlots` large ones
 * (arena `bigCap` bytes), each with room for `maxHeaders` header entries;
 * small slots may grow to `maxCount` and large ones to `maxLarge` (0: no
 * growth) when all of their class are busy.
 * Returns false, keeping the old pool, when the numbers are out of bounds
 * (the pool at its maximum must fit the memory budget). Call once at
 * start-up: the stub runtime never frees, so a second call leaves the first
 * regions unused.
 */
export function poolInit(
  count: u32, cap: u32, maxHeaders: u32, largeSlots: u32 = 0, bigCap: u32 = 0, maxCount: u32 = 0, maxLarge: u32 = 0,
): bool {
  const most = maxCount || count;
  const mostLarge = maxLarge || largeSlots;
  if (count == 0 || most < count || most > MAX_SLOT_COUNT || mostLarge < largeSlots || mostLarge > MAX_SLOT_COUNT) return false;
  if (cap < MIN_ARENA_CAP || cap > MAX_ARENA_CAP) return false;
  if (mostLarge != 0 && (bigCap < cap || bigCap > MAX_ARENA_CAP)) return false;
  if (maxHeaders == 0 || maxHeaders > 65535) return false;
  const stride = strideFor(cap, maxHeaders);
  const bigStride = strideFor(bigCap, maxHeaders);
  if (stride * most + bigStride * mostLarge > MAX_POOL_BYTES) return false;

  smallCount = count;
  smallMax = most;
  smallStride = stride;
  largeCount = largeSlots;
  largeStride = bigStride;
  total = most + mostLarge;
  arenaCap = cap;
  largeCap = mostLarge ? bigCap : 0;
  headerCap = maxHeaders;
  bases = heap.alloc(<usize>total << 2);
  links = heap.alloc(<usize>total << 2);
  arenas = heap.alloc(<usize>total * offsetof<Arena>());
  freeSmall = layClass(0, count, cap, stride);
  freeLarge = layClass(most, largeSlots, bigCap, bigStride);
  inUse = 0;
  largeInUse = 0;
  highWater = 0;
  exhausted = 0;
  return true;
}

/**
 * The most small slots that fit the memory budget beside `largeCount` large
 * ones (for a default maximum that always configures).
 */
export function poolFittingCount(cap: u32, maxHeaders: u32, largeCount: u32, bigCap: u32): u32 {
  const room = <i64>MAX_POOL_BYTES - <i64>(strideFor(bigCap, maxHeaders) * largeCount);
  return room <= 0 ? 0 : <u32>min<u64>(<u64>room / strideFor(cap, maxHeaders), MAX_SLOT_COUNT);
}

/**
 * Take a free small slot (growing the pool if allowed and `grow`), or NO_SLOT
 * when every one is in use (host answers 503; not counted as exhaustion when
 * the caller asked not to grow: it has other ways to free a slot).
 */
export function poolAcquire(grow: bool = true): u32 {
  if (freeSmall == NO_SLOT) {
    if (!grow) return NO_SLOT;
    if (!growSmall()) {
      exhausted++;
      return NO_SLOT;
    }
  }
  const i = freeSmall;
  freeSmall = take(i);
  return i;
}

/** Take a free large slot (growing the class if allowed and `grow`), or NO_SLOT (none configured, or all busy). */
export function poolAcquireLarge(grow: bool = true): u32 {
  if (freeLarge == NO_SLOT) {
    if (!grow) return NO_SLOT;
    if (!growLarge()) {
      exhausted++;
      return NO_SLOT;
    }
  }
  const i = freeLarge;
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
  if (!slotExists(i)) return false;
  const link = links + (<usize>i << 2);
  if (load<u32>(link) != IN_USE) return false;
  arenaReset(arenaAt(i));
  memory.fill(slotBase(i), 0, REQUEST_HEAD_RESET_SIZE); // parser restarts at phase HEAD
  inUse--;
  if (i < smallMax) {
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
  return i < smallCount || (i >= smallMax && i < smallMax + largeCount);
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
  for (let i = smallMax; i < smallMax + largeCount; i++) {
    if (!slotInUse(i)) continue;
    const a = arenaAt(i);
    if (p >= a.base + <usize>front && p <= a.end) return true;
  }
  return false;
}

/** True when slot i is a large one. */
export function isLargeSlot(i: u32): bool {
  return i >= smallMax && i < total;
}

/** Small slots laid out now (grows up to poolMaxCapacity()). */
export function poolCapacity(): u32 { return smallCount; }
export function poolMaxCapacity(): u32 { return smallMax; }
export function poolLargeCapacity(): u32 { return largeCount; }
export function poolLargeMaxCapacity(): u32 { return total - smallMax; }
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
    if (!slotExists(i)) continue;
    const h = arenaAt(i).highWater;
    if (h > most) most = h;
  }
  return most;
}
