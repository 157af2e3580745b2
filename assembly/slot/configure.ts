// Configuring the instance: the request limits and the slot pool's layout,
// set once before the first request (by the host, or with defaults on the
// first acquire).

import {
  poolInit, poolFittingCount, DEFAULT_SLOT_COUNT, DEFAULT_MAX_SLOT_COUNT, DEFAULT_ARENA_CAP,
  DEFAULT_LARGE_SLOT_COUNT, DEFAULT_MAX_LARGE_SLOT_COUNT, MAX_ARENA_CAP,
} from "../arena/pool";
import { limits } from "../http/limits";

/** configure() results. */
export const CONFIG_OK: u32 = 0;
export const CONFIG_BAD_LIMITS: u32 = 1;
export const CONFIG_BAD_POOL: u32 = 2;

let configured = false;

/**
 * Room a large slot keeps per body byte for JSON work on the body in place
 * (jsonCanonicalText, schemaValidateText): its tape (≈ 1.6 bytes per byte for
 * records, 6 for a list of one-digit numbers) and its output (≈ 1). Arena
 * pages nobody touched cost address space only.
 */
const LARGE_JSON_ROOM_PER_BODY_BYTE: u64 = 3;

/**
 * Set the limits and lay out the slot pool. 0 for a number keeps its default.
 * Large slots hold one whole request of maxHeaderBytes + maxBodyBytes, JSON
 * room for that body (LARGE_JSON_ROOM_PER_BODY_BYTE) and an ordinary arena's
 * room for the response; when that passes the pool's bounds (huge bodies)
 * they are laid out without the JSON room. Call once, before the first
 * request; returns CONFIG_* (never traps).
 */
export function configure(
  maxHeaderBytes: u32, maxHeaders: u32, maxTargetLength: u32, maxBodyBytes: u32,
  slotCount: u32, arenaCap: u32, largeSlotCount: u32, maxSlotCount: u32, maxLargeSlotCount: u32,
): u32 {
  const headerBytes = maxHeaderBytes || limits.maxHeaderBytes;
  const headers = maxHeaders || limits.maxHeaders;
  const target = maxTargetLength || limits.maxTargetLength;
  const body = maxBodyBytes || limits.maxBodyBytes;
  if (headers > 65535 || target > headerBytes) return CONFIG_BAD_LIMITS;
  const cap = arenaCap || DEFAULT_ARENA_CAP;
  const largeCap = <u64>headerBytes + <u64>body + <u64>cap;
  if (largeCap > 0xffffffff) return CONFIG_BAD_LIMITS;
  const withJson = largeCap + <u64>body * LARGE_JSON_ROOM_PER_BODY_BYTE;
  const count = slotCount || DEFAULT_SLOT_COUNT;
  const largeCount = largeSlotCount || DEFAULT_LARGE_SLOT_COUNT;
  const mostLarge = maxLargeSlotCount || max(largeCount, DEFAULT_MAX_LARGE_SLOT_COUNT);
  // Large slots with room to work out JSON of a whole body when that fits
  // (the arena bound, the pool budget), else room for the request only.
  const roomy = withJson <= MAX_ARENA_CAP && poolInit(count, cap, headers, largeCount, <u32>withJson,
    mostSlots(maxSlotCount, count, cap, headers, mostLarge, <u32>withJson), mostLarge);
  if (!roomy && !poolInit(count, cap, headers, largeCount, <u32>largeCap,
    mostSlots(maxSlotCount, count, cap, headers, mostLarge, <u32>largeCap), mostLarge)) return CONFIG_BAD_POOL;
  limits.maxHeaderBytes = headerBytes;
  limits.maxHeaders = headers;
  limits.maxTargetLength = target;
  limits.maxBodyBytes = body;
  configured = true;
  return CONFIG_OK;
}

/**
 * How far small slots may grow: `maxSlotCount` when given, else
 * DEFAULT_MAX_SLOT_COUNT or as far as the pool budget allows beside the large
 * slots at their maximum (never below the count laid out at start).
 */
function mostSlots(maxSlotCount: u32, count: u32, cap: u32, headers: u32, mostLarge: u32, bigCap: u32): u32 {
  return maxSlotCount || max(count, min(DEFAULT_MAX_SLOT_COUNT, poolFittingCount(cap, headers, mostLarge, bigCap)));
}

/** Configure with defaults if the host did not. */
export function ensureConfigured(): void {
  if (!configured) configure(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
