// The stub runtime (bump, never frees) with one change: while a request is
// being handled, AssemblyScript allocations (strings like "user-" + id,
// arrays) are carved from that request's arena, so they vanish with the
// slot's O(1) release instead of growing the start-up heap forever.
//
//   outside a request:  __alloc → start-up heap (route tables, names)
//   inside handle():    __alloc → arena of the slot (runtimeEnter/Leave)
//
// An arena that cannot hold an allocation traps (like an out-of-memory
// error in JavaScript): the host answers 500 and the slot is released.
// Selected with `--runtime ./assembly/runtime/arena-runtime`.

import { AL_MASK, OBJECT, OBJECT_OVERHEAD, BLOCK_MAXSIZE, BLOCK_OVERHEAD, BLOCK, OBJECT_MAXSIZE } from "~lib/rt/common";
import { Arena, arenaAlloc } from "../arena/arena";

// @ts-ignore: decorator
@lazy let startOffset: usize = ((__heap_base + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
// @ts-ignore: decorator
@lazy let offset: usize = startOffset;
// @ts-ignore: decorator
@lazy let current: Arena | null = null;

/** Route allocations to `arena` until runtimeLeave(). */
export function runtimeEnter(arena: Arena): void {
  current = arena;
}

/** Back to the start-up heap. */
export function runtimeLeave(): void {
  current = null;
}

function maybeGrowMemory(newOffset: usize): void {
  let pagesBefore = memory.size();
  let maxOffset = ((<usize>pagesBefore << 16) + AL_MASK) & ~AL_MASK;
  if (newOffset > maxOffset) {
    let pagesNeeded = <i32>(((newOffset - maxOffset + 0xffff) & ~0xffff) >>> 16);
    let pagesWanted = max(pagesBefore, pagesNeeded);
    if (memory.grow(pagesWanted) < 0) {
      if (memory.grow(pagesNeeded) < 0) unreachable(); // out of memory
    }
  }
  offset = newOffset;
}

// @ts-ignore: decorator
@inline function computeSize(size: usize): usize {
  return ((size + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

// @ts-ignore: decorator
@unsafe @global
export function __alloc(size: usize): usize {
  if (size > BLOCK_MAXSIZE) unreachable();
  let payloadSize = computeSize(size);
  const arena = current;
  if (arena) {
    // Same block layout as the heap: the BLOCK header right before an
    // aligned payload (a whole alignment unit in front holds the header).
    const at = arenaAlloc(arena, <u32>(AL_MASK + 1 + payloadSize), AL_MASK + 1);
    if (at == 0) unreachable(); // arena full: the handler fails, the host answers 500
    const ptr = at + AL_MASK + 1;
    changetype<BLOCK>(ptr - BLOCK_OVERHEAD).mmInfo = payloadSize;
    return ptr;
  }
  let block = changetype<BLOCK>(offset);
  let ptr = offset + BLOCK_OVERHEAD;
  maybeGrowMemory(ptr + payloadSize);
  block.mmInfo = payloadSize;
  return ptr;
}

// @ts-ignore: decorator
@unsafe @global
export function __realloc(ptr: usize, size: usize): usize {
  let block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  let actualSize = block.mmInfo;
  if (size <= actualSize) return ptr;
  // Heap blocks at the top grow in place; everything else moves (arena
  // blocks are never freed one by one: the arena's reset drops them).
  if (!current && ptr + actualSize == offset) {
    let payloadSize = computeSize(size);
    maybeGrowMemory(ptr + payloadSize);
    block.mmInfo = payloadSize;
    return ptr;
  }
  let newPtr = __alloc(max<usize>(size, actualSize << 1));
  memory.copy(newPtr, ptr, actualSize);
  return newPtr;
}

// @ts-ignore: decorator
@unsafe @global
export function __free(ptr: usize): void {
  let block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  if (ptr + block.mmInfo == offset) offset = changetype<usize>(block);
}

// @ts-ignore: decorator
@unsafe @global
export function __reset(): void {
  offset = startOffset;
}

// @ts-ignore: decorator
@unsafe @global
export function __new(size: usize, id: u32): usize {
  if (size > OBJECT_MAXSIZE) unreachable();
  let ptr = __alloc(OBJECT_OVERHEAD + size);
  let object = changetype<OBJECT>(ptr - BLOCK_OVERHEAD);
  object.gcInfo = 0;
  object.gcInfo2 = 0;
  object.rtId = id;
  object.rtSize = <u32>size;
  return ptr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@unsafe @global
export function __renew(oldPtr: usize, size: usize): usize {
  if (size > OBJECT_MAXSIZE) unreachable();
  let newPtr = __realloc(oldPtr - OBJECT_OVERHEAD, OBJECT_OVERHEAD + size);
  changetype<OBJECT>(newPtr - BLOCK_OVERHEAD).rtSize = <u32>size;
  return newPtr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
export function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {}

// @ts-ignore: decorator
@global @unsafe
export function __pin(ptr: usize): usize {
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
export function __unpin(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
function __visit(ptr: usize, cookie: u32): void {} // eslint-disable-line @typescript-eslint/no-unused-vars

// @ts-ignore: decorator
@global @unsafe
export function __collect(): void {}
