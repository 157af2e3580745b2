// Pool of request slots: one slot per request in flight (async handlers,
// pipelining). Acquire and release are O(1) through an index free list.
//
// The pool's region is carved once from the runtime heap at poolInit(); from
// then on only the pool touches it, and no request ever calls the runtime
// allocator. Slot i starts at base + i * stride:
//
//   ┌──────────────── stride (16-aligned) ────────────────────────────────┐
//   │ RequestHead │ HeaderEntry × maxHeaders │ arena region (arenaCap)     │
//   │ REQUEST_HEAD_SIZE │ HEADER_ENTRY_SIZE × n │ request bytes, then allocs │
//   └─────────────────────────────────────────────────────────────────────┘
//
// Free list: nextFree[i] holds the index of the next free slot; NO_SLOT ends
// it; IN_USE marks a slot that is handed out (so a double release is refused).
// Arena structs sit in their own table (arenas + i * sizeof<Arena>()).

import { Arena, arenaInit, arenaReset } from "./arena";
import { REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE } from "../http/request";

export const NO_SLOT: u32 = 0xffffffff;
/** Free-list link value of a slot that is handed out. */
const IN_USE: u32 = 0xfffffffe;

/** Defaults: 64 slots of 64 KiB arena each, 100 header entries. */
export const DEFAULT_SLOT_COUNT: u32 = 64;
export const DEFAULT_ARENA_CAP: u32 = 64 * 1024;
/** Hard bounds so a bad configuration is a clear error, not a huge grow. */
export const MAX_SLOT_COUNT: u32 = 65536;
export const MIN_ARENA_CAP: u32 = 1024;
export const MAX_ARENA_CAP: u32 = 256 * 1024 * 1024;

// Pool state lives in globals: there is exactly one pool per instance.
let base: usize = 0;
let stride: u32 = 0;
let capacity: u32 = 0;
let arenaCap: u32 = 0;
let headerCap: u32 = 0;
let arenas: usize = 0;
let nextFree: usize = 0;
let freeHead: u32 = NO_SLOT;

let inUse: u32 = 0;
let highWater: u32 = 0;
let exhausted: u32 = 0;

/**
 * Lay out `count` slots, each with room for `maxHeaders` header entries and an
 * arena of `cap` bytes. Returns false (and keeps the old pool) when the
 * numbers are out of bounds. Call once at start-up: the stub runtime never
 * frees, so a second call leaves the first region unused.
 */
export function poolInit(count: u32, cap: u32, maxHeaders: u32): bool {
  if (count == 0 || count > MAX_SLOT_COUNT) return false;
  if (cap < MIN_ARENA_CAP || cap > MAX_ARENA_CAP) return false;
  if (maxHeaders == 0 || maxHeaders > 65535) return false;
  const s = (REQUEST_HEAD_SIZE + HEADER_ENTRY_SIZE * maxHeaders + cap + 15) & ~15;
  const total = <u64>s * <u64>count;
  if (total > 0xC0000000) return false; // leave room under the 4 GiB wasm32 limit
  base = (heap.alloc(<usize>total + 16) + 15) & ~<usize>15;
  arenas = heap.alloc(<usize>count * offsetof<Arena>());
  nextFree = heap.alloc(<usize>count << 2);
  stride = s;
  capacity = count;
  arenaCap = cap;
  headerCap = maxHeaders;
  for (let i: u32 = 0; i < count; i++) {
    arenaInit(arenaAt(i), slotArenaBase(i), cap);
    memory.fill(slotBase(i), 0, REQUEST_HEAD_SIZE);
    store<u32>(nextFree + (<usize>i << 2), i + 1 < count ? i + 1 : NO_SLOT);
  }
  freeHead = 0;
  inUse = 0;
  highWater = 0;
  exhausted = 0;
  return true;
}

/** Take a free slot, or NO_SLOT when every slot is in use (host answers 503). */
export function poolAcquire(): u32 {
  const i = freeHead;
  if (i == NO_SLOT) {
    exhausted++;
    return NO_SLOT;
  }
  const link = nextFree + (<usize>i << 2);
  freeHead = load<u32>(link);
  store<u32>(link, IN_USE);
  inUse++;
  if (inUse > highWater) highWater = inUse;
  return i;
}

/**
 * Give a slot back: its arena rewinds in O(1). Returns false for an index
 * that is out of range or already free, so a double release cannot corrupt
 * the free list.
 */
export function poolRelease(i: u32): bool {
  if (i >= capacity) return false;
  const link = nextFree + (<usize>i << 2);
  if (load<u32>(link) != IN_USE) return false;
  arenaReset(arenaAt(i));
  memory.fill(slotBase(i), 0, REQUEST_HEAD_SIZE); // parser restarts at phase HEAD
  store<u32>(link, freeHead);
  freeHead = i;
  inUse--;
  return true;
}

// @ts-ignore: decorator
@inline export function slotBase(i: u32): usize {
  return base + <usize>i * <usize>stride;
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

export function poolCapacity(): u32 { return capacity; }
export function poolInUse(): u32 { return inUse; }
export function poolHighWater(): u32 { return highWater; }
export function poolExhausted(): u32 { return exhausted; }
export function poolArenaCap(): u32 { return arenaCap; }
export function poolHeaderCap(): u32 { return headerCap; }

/** Largest arena high-water mark over all slots (bytes). */
export function poolArenaHighWater(): u32 {
  let most: u32 = 0;
  for (let i: u32 = 0; i < capacity; i++) {
    const h = arenaAt(i).highWater;
    if (h > most) most = h;
  }
  return most;
}
