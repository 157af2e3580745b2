// Slots as the host handles them: take one for a new request, move a request
// that outgrew a small slot into a large one, give it back, and find its parts
// (input, RequestHead, header table, Arena) in memory.

import {
  poolAcquire, poolAcquireLarge, poolRelease, poolHeaderCap, slotBase, slotHeaders, slotArenaBase,
  slotExists, slotInUse, arenaAt, isLargeSlot, NO_SLOT,
} from "../arena/pool";
import { arenaAlloc, arenaUsed } from "../arena/arena";
import { REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE } from "../http/request";
import { ensureConfigured } from "./configure";

/** A free (small) slot for a new request, or NO_SLOT when all are busy (→ 503). */
export function acquire(withoutGrowing: u32): u32 {
  ensureConfigured();
  return poolAcquire(withoutGrowing == 0);
}

/**
 * Move a request that outgrew its small slot into a large one: the parser
 * state, header table and the `filled` input bytes are copied (spans are
 * relative to the input, so they stay valid) and the small slot is released.
 * Returns the large slot, or NO_SLOT (none free, and the large class may not
 * or cannot grow when `withoutGrowing` is 0: host answers 503; or the slot
 * was not a small slot in use).
 */
export function moveToLarge(slot: u32, filled: u32, withoutGrowing: u32): u32 {
  if (!slotInUse(slot) || isLargeSlot(slot) || filled > slotInputCap(slot)) return NO_SLOT;
  const large = poolAcquireLarge(withoutGrowing == 0);
  if (large == NO_SLOT) return NO_SLOT;
  memory.copy(slotBase(large), slotBase(slot), <usize>(REQUEST_HEAD_SIZE + HEADER_ENTRY_SIZE * poolHeaderCap()));
  memory.copy(slotArenaBase(large), slotArenaBase(slot), filled);
  poolRelease(slot);
  return large;
}

/**
 * Allocate `size` bytes (aligned to `align`, a power of two) from the slot's
 * arena; 0 when it is full. For per-request data the host keeps in WASM
 * memory: match tables, a path written for routing.
 */
export function slotAlloc(slot: u32, size: u32, align: u32): usize {
  if (!slotInUse(slot) || align == 0 || (align & (align - 1)) != 0) return 0;
  return arenaAlloc(arenaAt(slot), size, align);
}

/** Give a slot back (1) or refuse an invalid/double release (0). */
export function release(slot: u32): u32 {
  return poolRelease(slot) ? 1 : 0;
}

// Where a slot's parts are: fixed once configure() laid the pool out, so
// hosts ask once per slot and keep the answers. 0 for an index out of range.

/** Where the host copies request bytes for this slot. */
export function slotInput(slot: u32): usize {
  return slotExists(slot) ? slotArenaBase(slot) : 0;
}

/** How many request bytes fit at slotInput(slot). */
export function slotInputCap(slot: u32): u32 {
  if (!slotExists(slot)) return 0;
  const arena = arenaAt(slot);
  return <u32>(arena.end - arena.base);
}

/** The slot's RequestHead (read fields at REQ_* offsets). */
export function slotRequest(slot: u32): usize {
  return slotExists(slot) ? slotBase(slot) : 0;
}

/** The slot's header table (HeaderEntry × headerCount, HEADER_ENTRY_SIZE each). */
export function slotHeaderTable(slot: u32): usize {
  return slotExists(slot) ? slotHeaders(slot) : 0;
}

/** The slot's Arena struct (read ARENA_TOP / ARENA_END). */
export function slotArena(slot: u32): usize {
  return slotExists(slot) ? changetype<usize>(arenaAt(slot)) : 0;
}

/** Bytes in use in a slot's arena (request copy + allocations). */
export function slotArenaUsed(slot: u32): u32 {
  return arenaUsed(arenaAt(slot));
}
