// Arena: a bump allocator over one fixed region of linear memory.
//
// Every per-request byte (request copy, params, JSON tape, response) is carved
// from an arena and dropped all at once by reset(): no GC, no free lists, O(1).
//
//   base              top                                  end
//   ├── allocated ────┤──────────── free ──────────────────┤
//                      ▲ mark() returns top; reset(m) rewinds to it
//
// Arena (unmanaged, 24 bytes):
//   0 base       usize  first byte of the region
//   4 top        usize  next free byte
//   8 end        usize  one past the last byte (base + cap)
//  12 highWater  u32    most bytes ever in use at once
//  16 failures   u32    allocations refused because the region was full
//  20 (pad)      u32

@unmanaged
export class Arena {
  base: usize = 0;
  top: usize = 0;
  end: usize = 0;
  highWater: u32 = 0;
  failures: u32 = 0;
  private _pad: u32 = 0;
}

/** Point `a` at the region [base, base + cap) and empty it. */
export function arenaInit(a: Arena, base: usize, cap: u32): void {
  a.base = base;
  a.top = base;
  a.end = base + <usize>cap;
  a.highWater = 0;
  a.failures = 0;
}

/**
 * Allocate `size` bytes aligned to `align` (a power of two).
 * Returns 0 when the region is full: the caller reports ARENA_EXHAUSTED,
 * the instance never traps on it.
 */
export function arenaAlloc(a: Arena, size: u32, align: u32 = 8): usize {
  const mask = <usize>align - 1;
  const start = (a.top + mask) & ~mask;
  // Alignment can push start past end; check that first so end - start
  // cannot wrap, then compare sizes (never start + size, which could).
  if (start > a.end || <usize>size > a.end - start) {
    a.failures++;
    return 0;
  }
  const top = start + <usize>size;
  a.top = top;
  const used = <u32>(top - a.base);
  if (used > a.highWater) a.highWater = used;
  return start;
}

/** Current top, to rewind to later with arenaReset. */
// @ts-ignore: decorator
@inline export function arenaMark(a: Arena): usize {
  return a.top;
}

/** Rewind to a mark taken earlier (base when omitted). O(1): nothing is cleared. */
// @ts-ignore: decorator
@inline export function arenaReset(a: Arena, mark: usize = 0): void {
  a.top = mark == 0 ? a.base : mark;
}

/** Bytes still free. */
// @ts-ignore: decorator
@inline export function arenaFree(a: Arena): u32 {
  return <u32>(a.end - a.top);
}

/** Bytes in use. */
// @ts-ignore: decorator
@inline export function arenaUsed(a: Arena): u32 {
  return <u32>(a.top - a.base);
}

/**
 * Claim [top, top + size) as used without alignment: the host copied request
 * bytes there. Returns false when they do not fit.
 */
export function arenaClaim(a: Arena, size: u32): bool {
  if (<usize>size > a.end - a.top) {
    a.failures++;
    return false;
  }
  a.top += <usize>size;
  const used = <u32>(a.top - a.base);
  if (used > a.highWater) a.highWater = used;
  return true;
}
