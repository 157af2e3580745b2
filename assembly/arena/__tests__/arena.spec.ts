import { Arena, arenaInit, arenaAlloc, arenaMark, arenaReset, arenaUsed, arenaFree, arenaClaim } from "../arena";

function makeArena(cap: u32): Arena {
  const a = changetype<Arena>(heap.alloc(offsetof<Arena>()));
  arenaInit(a, heap.alloc(cap + 8), cap);
  return a;
}

describe("arena", () => {
  it("bumps with alignment and tracks the high-water mark", () => {
    const a = makeArena(1024);
    const p1 = arenaAlloc(a, 3, 1);
    const p2 = arenaAlloc(a, 8, 8);
    expect(p1).toBe(a.base);
    expect(p2 & 7).toBe(0);
    expect(p2).toBeGreaterThanOrEqual(p1 + 3);
    expect(arenaUsed(a)).toBe(<u32>(p2 + 8 - a.base));
    expect(a.highWater).toBe(arenaUsed(a));
  });

  it("mark/reset rewinds in O(1) and keeps the high-water mark", () => {
    const a = makeArena(1024);
    arenaAlloc(a, 100, 1);
    const m = arenaMark(a);
    arenaAlloc(a, 500, 1);
    expect(a.highWater).toBe(600);
    arenaReset(a, m);
    expect(arenaUsed(a)).toBe(100);
    arenaReset(a);
    expect(arenaUsed(a)).toBe(0);
    expect(a.highWater).toBe(600);
    expect(arenaFree(a)).toBe(1024);
  });

  it("refuses an allocation that does not fit, without trapping", () => {
    const a = makeArena(1024);
    expect(arenaAlloc(a, 1024, 1)).toBe(a.base);
    expect(arenaAlloc(a, 1, 1)).toBe(0);
    arenaReset(a);
    expect(arenaAlloc(a, 1025, 1)).toBe(0);
    expect(arenaAlloc(a, 0xffffffff, 1)).toBe(0);
    expect(a.failures).toBe(3);
  });

  it("refuses when alignment pushes the start past the end", () => {
    const a = makeArena(1020); // heap blocks are 16-aligned: end = base + 1020
    arenaAlloc(a, 1017, 1);
    expect(arenaAlloc(a, 0, 8)).toBe(0); // aligned start would be base + 1024
    expect(arenaUsed(a)).toBe(1017);
  });

  it("claims bytes the host copied in", () => {
    const a = makeArena(1024);
    expect(arenaClaim(a, 1000)).toBe(true);
    expect(arenaClaim(a, 25)).toBe(false);
    expect(arenaUsed(a)).toBe(1000);
  });
});
