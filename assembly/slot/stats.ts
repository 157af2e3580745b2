// Pool and memory counters for the host's metrics: one call, STAT_* picks
// the counter.

import {
  poolCapacity, poolLargeCapacity, poolInUse, poolLargeInUse, poolHighWater, poolExhausted, poolArenaHighWater,
  poolArenaCap, poolMaxCapacity, poolLargeMaxCapacity,
} from "../arena/pool";

export const STAT_CAPACITY: u32 = 0;
export const STAT_IN_USE: u32 = 1;
export const STAT_HIGH_WATER: u32 = 2;
export const STAT_EXHAUSTED: u32 = 3;
export const STAT_ARENA_HIGH_WATER: u32 = 4;
export const STAT_ARENA_CAP: u32 = 5;
export const STAT_MEMORY_BYTES: u32 = 6;
export const STAT_LARGE_CAPACITY: u32 = 7;
export const STAT_LARGE_IN_USE: u32 = 8;
export const STAT_MAX_CAPACITY: u32 = 9;
export const STAT_LARGE_MAX_CAPACITY: u32 = 10;

/** Pool and memory counters (STAT_*). */
export function stat(which: u32): u32 {
  switch (which) {
    case STAT_CAPACITY: return poolCapacity();
    case STAT_IN_USE: return poolInUse();
    case STAT_HIGH_WATER: return poolHighWater();
    case STAT_EXHAUSTED: return poolExhausted();
    case STAT_ARENA_HIGH_WATER: return poolArenaHighWater();
    case STAT_ARENA_CAP: return poolArenaCap();
    case STAT_MEMORY_BYTES: return <u32>(<usize>memory.size() << 16);
    case STAT_LARGE_CAPACITY: return poolLargeCapacity();
    case STAT_LARGE_IN_USE: return poolLargeInUse();
    case STAT_MAX_CAPACITY: return poolMaxCapacity();
    case STAT_LARGE_MAX_CAPACITY: return poolLargeMaxCapacity();
  }
  return 0;
}
