import {
  poolInit, poolAcquire, poolAcquireLarge, poolRelease, poolInUse, poolHighWater, poolExhausted, poolCapacity,
  poolLargeCapacity, poolLargeInUse, isLargeSlot, slotInUse, poolMaxCapacity, slotExists,
  arenaAt, slotBase, slotArenaBase, slotHeaders, NO_SLOT, poolArenaHighWater,
} from "../pool";
import { arenaAlloc, arenaUsed } from "../arena";
import { REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE, RequestHead } from "../../http/request";

describe("slot pool", () => {
  it("rejects out-of-range configurations", () => {
    expect(poolInit(0, 65536, 100)).toBe(false);
    expect(poolInit(4, 10, 100)).toBe(false);
    expect(poolInit(4, 65536, 0)).toBe(false);
    expect(poolInit(65536, 256 * 1024 * 1024, 100)).toBe(false);
  });

  it("lays slots out without overlap", () => {
    expect(poolInit(3, 4096, 10)).toBe(true);
    expect(poolCapacity()).toBe(3);
    expect(slotHeaders(0)).toBe(slotBase(0) + REQUEST_HEAD_SIZE);
    expect(slotArenaBase(0)).toBe(slotHeaders(0) + 10 * HEADER_ENTRY_SIZE);
    expect(slotBase(1)).toBeGreaterThanOrEqual(slotArenaBase(0) + 4096);
    expect(slotBase(1) & 15).toBe(0);
    expect(arenaAt(2).end - arenaAt(2).base).toBe(4096);
  });

  it("acquires every slot, then reports exhaustion instead of trapping", () => {
    poolInit(3, 4096, 10);
    const a = poolAcquire();
    const b = poolAcquire();
    const c = poolAcquire();
    expect(a != b && b != c && a != c).toBe(true);
    expect(poolAcquire()).toBe(NO_SLOT);
    expect(poolExhausted()).toBe(1);
    expect(poolInUse()).toBe(3);
    expect(poolHighWater()).toBe(3);
    expect(poolRelease(b)).toBe(true);
    expect(poolAcquire()).toBe(b);
  });

  it("release rewinds the arena and the parser state, and refuses double release", () => {
    poolInit(2, 4096, 10);
    const s = poolAcquire();
    arenaAlloc(arenaAt(s), 300, 1);
    changetype<RequestHead>(slotBase(s)).phase = 3;
    expect(poolRelease(s)).toBe(true);
    expect(poolRelease(s)).toBe(false);
    expect(poolRelease(99)).toBe(false);
    expect(arenaUsed(arenaAt(s))).toBe(0);
    expect(changetype<RequestHead>(slotBase(s)).phase).toBe(0);
    expect(poolInUse()).toBe(0);
    expect(poolArenaHighWater()).toBe(300);
  });
});

describe("large slots", () => {
  it("come from their own free list and report their own counts", () => {
    expect(poolInit(2, 4096, 10, 1, 65536)).toBe(true);
    expect(poolLargeCapacity()).toBe(1);
    const big = poolAcquireLarge();
    expect(big).toBe(2);
    expect(isLargeSlot(big)).toBe(true);
    expect(arenaAt(big).end - arenaAt(big).base).toBe(65536);
    expect(poolAcquireLarge()).toBe(NO_SLOT);
    expect(poolLargeInUse()).toBe(1);
    expect(poolAcquire()).toBe(0); // small slots unaffected
    expect(poolRelease(big)).toBe(true);
    expect(poolLargeInUse()).toBe(0);
    expect(poolAcquireLarge()).toBe(big);
  });

  it("must be at least as large as small slots", () => {
    expect(poolInit(2, 4096, 10, 1, 2048)).toBe(false);
  });

  it("knows which indices are handed out", () => {
    poolInit(2, 4096, 10, 1, 8192);
    const s = poolAcquire();
    expect(slotInUse(s)).toBe(true);
    expect(slotInUse(1)).toBe(false);
    expect(slotInUse(3)).toBe(false);
    poolRelease(s);
    expect(slotInUse(s)).toBe(false);
  });
});

describe("slot pool growth", () => {
  it("grows when every small slot is busy, doubling up to its maximum, then reports exhaustion", () => {
    expect(poolInit(2, 4096, 10, 1, 8192, 7)).toBe(true);
    expect(poolCapacity()).toBe(2);
    expect(poolMaxCapacity()).toBe(7);
    expect(slotExists(2)).toBe(false); // reserved, not laid out
    expect(slotInUse(2)).toBe(false);
    expect(poolRelease(2)).toBe(false);
    const before = memory.size();
    const taken: u32[] = [];
    for (let k = 0; k < 7; k++) taken.push(poolAcquire());
    expect(memory.size()).toBeGreaterThan(before);
    expect(poolCapacity()).toBe(7); // 2 → 4 → 7
    for (let k = 0; k < 7; k++) {
      expect(taken[k]).toBe(<u32>k);
      expect(isLargeSlot(taken[k])).toBe(false);
    }
    expect(poolAcquire()).toBe(NO_SLOT);
    expect(poolExhausted()).toBe(1);
    // Grown slots do not overlap and have their own arenas.
    for (let k = 1; k < 7; k++) {
      const prev = arenaAt(k - 1);
      expect(slotBase(k) >= prev.end || slotArenaBase(k) + 4096 <= slotBase(k - 1)).toBe(true);
      expect(arenaAt(k).end - arenaAt(k).base).toBe(4096);
    }
    // The large slot keeps its index past the reserved range.
    const large = poolAcquireLarge();
    expect(large).toBe(7);
    expect(isLargeSlot(large)).toBe(true);
    expect(poolLargeCapacity()).toBe(1);
    expect(poolRelease(large)).toBe(true);
    // Released grown slots are reused without growing again.
    const size = memory.size();
    for (let k = 0; k < 7; k++) expect(poolRelease(taken[k])).toBe(true);
    for (let k = 0; k < 7; k++) poolAcquire();
    expect(memory.size()).toBe(size);
    expect(poolCapacity()).toBe(7);
  });

  it("grows the large class the same way, with indices after the small range", () => {
    expect(poolInit(1, 4096, 10, 1, 8192, 1, 3)).toBe(true);
    expect(poolLargeCapacity()).toBe(1);
    expect(slotExists(2)).toBe(false);
    const a = poolAcquireLarge();
    const b = poolAcquireLarge(false); // asked not to grow: no slot, not counted as exhaustion
    expect(b).toBe(NO_SLOT);
    expect(poolExhausted()).toBe(0);
    const c = poolAcquireLarge();
    const d = poolAcquireLarge();
    expect([a, c, d]).toStrictEqual([1, 2, 3]);
    expect(poolLargeCapacity()).toBe(3);
    expect(isLargeSlot(d)).toBe(true);
    expect(arenaAt(d).end - arenaAt(d).base).toBe(8192);
    expect(poolAcquireLarge()).toBe(NO_SLOT);
    expect(poolExhausted()).toBe(1);
    expect(poolRelease(c)).toBe(true);
    expect(poolAcquireLarge()).toBe(c);
  });

  it("does not grow without a maximum above the count", () => {
    expect(poolInit(2, 4096, 10)).toBe(true);
    poolAcquire();
    poolAcquire();
    expect(poolAcquire()).toBe(NO_SLOT);
    expect(poolCapacity()).toBe(2);
    expect(poolInit(3, 4096, 10, 0, 0, 2)).toBe(false); // maximum below the count
  });
});

