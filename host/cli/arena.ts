/**
 * The smallest request arena (`-m`) an app can be served with, checked at
 * start-up so that a too-small arena is a usage error, not a 500 on every
 * request.
 *
 * A small slot's arena holds, in this order (assembly/abi.ts, parse()):
 *
 *   arena ┌ request head ─────┬ match table ─────────────────┬ response ─────┐
 *         │ ≤ maxHeaderBytes  │ MATCH_TABLE_BYTES + 2 × path │ head room + … │
 *         └───────────────────┴──────────────────────────────┴───────────────┘
 *
 * The router's first try takes MATCH_TABLE_BYTES plus twice the path (room
 * for its %-decoded copy; assembly/router/match-table.ts), the path is at
 * most maxUrlLength, and the response writer reserves RESPONSE_HEAD_ROOM in
 * front of the body. An arena smaller than the sum answers the largest
 * request the limits let through with a 500 ("request arena too small for
 * the route match table"); from that sum up, such a request routes (a
 * request body larger than the arena moves to a large slot).
 */
import { RESPONSE_HEAD_ROOM } from "../core/abi.js";
import type { ServeOptions } from "../node/options.js";
import { UsageError } from "./usage-error.js";

/** assembly/router/match-table.ts MATCH_TABLE_BYTES: the router's first try, before 2 × path. */
export const MATCH_TABLE_BYTES = 2048;
/** The core's defaults (assembly/http/limits.ts), which the CLI does not change. */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_MAX_URL_LENGTH = 8 * 1024;
/** The core's largest arena (configure(): arenaBytes 1 KiB–256 MiB). */
export const MAX_ARENA_BYTES = 256 * 1024 * 1024;

const KIB = 1024;
const MIB = 1 << 20;

/** Bytes an arena needs for the largest request `options` admit, rounded up to a KiB. */
export function minArenaBytes(options: Pick<ServeOptions, "maxHeaderBytes" | "maxUrlLength"> = {}): number {
  const head = options.maxHeaderBytes || DEFAULT_MAX_HEADER_BYTES;
  const path = Math.min(options.maxUrlLength || DEFAULT_MAX_URL_LENGTH, head);
  const bytes = head + MATCH_TABLE_BYTES + 2 * path + RESPONSE_HEAD_ROOM;
  return Math.ceil(bytes / KIB) * KIB;
}

/** With the CLI's limits (the core's defaults). */
export const MIN_ARENA_BYTES = minArenaBytes();

/** 65536 → "64kb": a size as the flags take it. */
export function formatSize(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB}mb`;
  if (bytes >= KIB && bytes % KIB === 0) return `${bytes / KIB}kb`;
  return `${bytes}b`;
}

/** Throw a UsageError when options.arenaBytes cannot hold what a request needs. */
export function checkArena(options: ServeOptions, flag: string): void {
  const need = minArenaBytes(options);
  if (options.arenaBytes === undefined || options.arenaBytes >= need) return;
  const head = formatSize(options.maxHeaderBytes || DEFAULT_MAX_HEADER_BYTES);
  const path = formatSize(Math.min(options.maxUrlLength || DEFAULT_MAX_URL_LENGTH, options.maxHeaderBytes || DEFAULT_MAX_HEADER_BYTES));
  throw new UsageError(`${flag} ${formatSize(options.arenaBytes)} is too small: an arena needs at least ${formatSize(need)} ` +
    `(a ${head} request head, the router's match table for a path of ${path}, the response head)`);
}
