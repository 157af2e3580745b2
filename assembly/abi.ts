// ════════════════════════════════════════════════════════════════════════════
// The boundary: the only file that exports functions from the .wasm.
// host/core/abi.ts mirrors every constant here; tests/abi.test.ts checks the mirror
// against the built module. Integers only; one crossing per request.
//
// Linear memory:
//
//   0 ┌──────────────────────┐
//     │ static data          │ lookup tables (status lines, header names,
//     │                      │ error reasons), Limits
//     ├──────────────────────┤ __heap_base
//     │ runtime heap         │ start-up only: route tables, schemas, pool
//     │  ┌─────────────────┐ │ bookkeeping (stub runtime: bump, never freed)
//     │  │ slot pool       │ │ carved once by configure()
//     │  │ ┌─────────────┐ │ │
//     │  │ │ slot 0      │ │ │ RequestHead(128) │ HeaderEntry×maxHeaders │ arena
//     │  │ ├─────────────┤ │ │
//     │  │ │ slot 1 …    │ │ │
//     │  │ └─────────────┘ │ │
//     │  └─────────────────┘ │
//     └──────────────────────┘ memory.size() grows only at start-up
//
// A request's life, seen from the host (three crossings on the Node host):
//   slot = acquire(0)                      NO_SLOT → answer 503
//   copy bytes to slotInput(slot) (+ what is already there)
//   r = parse(slot, slotInput(slot), len)  >0 message bytes, 0 need more, <0 -error;
//                                          with routeOnParse(1) a complete message
//                                          is routed too (REQ_MATCH_TABLE/COUNT)
//   read the RequestHead at slotRequest(slot) (offsets: REQ_* globals)
//   … run the handler, write extra header lines + body at the arena's free end …
//   len = respond(slot, region, …, RESPOND_FLAG_RELEASE)
//                                          head written, slot released (O(1): arena
//                                          and parser state rewound); copy the bytes
//                                          at REQ_RESPONSE_START out before the next call
// ════════════════════════════════════════════════════════════════════════════

import {
  poolInit, poolAcquire, poolAcquireLarge, poolRelease, poolCapacity, poolLargeCapacity, poolInUse,
  poolLargeInUse, poolHighWater, poolExhausted, poolArenaHighWater, poolArenaCap, poolHeaderCap,
  slotBase, slotHeaders, slotArenaBase, slotExists, slotInUse, arenaAt, isLargeSlot, largeArenaHolds,
  NO_SLOT as POOL_NO_SLOT, DEFAULT_SLOT_COUNT, DEFAULT_MAX_SLOT_COUNT, DEFAULT_ARENA_CAP, DEFAULT_LARGE_SLOT_COUNT,
  MAX_ARENA_CAP, poolFittingCount, poolMaxCapacity, poolLargeMaxCapacity, DEFAULT_MAX_LARGE_SLOT_COUNT,
} from "./arena/pool";
import { Arena, arenaReset, arenaClaim, arenaUsed, arenaMark } from "./arena/arena";
import { RequestHead, HeaderEntry, REQUEST_HEAD_SIZE as HEAD_SIZE, HEADER_ENTRY_SIZE as ENTRY_SIZE } from "./http/request";
import { limits } from "./http/limits";
import { ParseError, errorStatus as statusOf, errorReason as reasonOf } from "./http/errors";
import { fail } from "./http/fail";
import { parseRequest } from "./http/parser";
import { router, ROUTER_SCRATCH, ROUTER_SCRATCH_SIZE } from "./router";
import {
  METHOD_ALL, MAX_PARAMS, MAX_MATCHES, MATCH_HEADER_SIZE, MATCH_COUNT, MATCH_PATH_BASE,
  MATCH_RECORD_SIZE, MATCH_PARAM_SIZE, MATCH_ROUTE_ID, MATCH_PARAM_COUNT, MATCH_PARAM_NAME, MATCH_PARAM_OFFSET,
  MATCH_PARAM_LENGTH, ROUTER_DECODE_PATH,
} from "./router/router";
import { routeInto, routedCount } from "./router/match-table";
import { RouteError, routeErrorReason as routeReasonOf } from "./router/errors";
import { FLAG_KEEP_ALIVE } from "./http/request";
import { METHOD_HEAD } from "./http/methods";
import { arenaAlloc } from "./arena/arena";
import { metricsParseError, metricsRecord } from "./metrics/metrics";
import { writeAscii } from "./util/bytes";
import { setClock as setDateClock } from "./response/date";
import {
  writeHeadBefore, responseLength, HEAD_ROOM, RESPOND_CLOSE, RESPOND_KEEP_ALIVE, RESPOND_OMIT_BODY,
  RESPOND_CHUNKED, RESPOND_UNSIZED,
} from "./response/writer";
import { CONTENT_NONE, CONTENT_TEXT, CONTENT_JSON, CONTENT_HTML, CONTENT_OCTET } from "./response/lines";

// ── Layout constants (immutable exported globals, read by the mirror test) ──

export const ABI_VERSION: u32 = 1;
export const NO_SLOT: u32 = POOL_NO_SLOT;
export const REQUEST_HEAD_SIZE: u32 = HEAD_SIZE;
export const HEADER_ENTRY_SIZE: u32 = ENTRY_SIZE;

export const REQ_PHASE: u32 = offsetof<RequestHead>("phase");
export const REQ_METHOD_ID: u32 = offsetof<RequestHead>("methodId");
export const REQ_METHOD_OFF: u32 = offsetof<RequestHead>("methodOff");
export const REQ_METHOD_LEN: u32 = offsetof<RequestHead>("methodLen");
export const REQ_TARGET_OFF: u32 = offsetof<RequestHead>("targetOff");
export const REQ_TARGET_LEN: u32 = offsetof<RequestHead>("targetLen");
export const REQ_PATH_OFF: u32 = offsetof<RequestHead>("pathOff");
export const REQ_PATH_LEN: u32 = offsetof<RequestHead>("pathLen");
export const REQ_QUERY_OFF: u32 = offsetof<RequestHead>("queryOff");
export const REQ_QUERY_LEN: u32 = offsetof<RequestHead>("queryLen");
export const REQ_VERSION_MINOR: u32 = offsetof<RequestHead>("versionMinor");
export const REQ_HEADER_COUNT: u32 = offsetof<RequestHead>("headerCount");
export const REQ_HEAD_END: u32 = offsetof<RequestHead>("headEnd");
export const REQ_FLAGS: u32 = offsetof<RequestHead>("flags");
export const REQ_CONTENT_LENGTH: u32 = offsetof<RequestHead>("contentLength");
export const REQ_BODY_OFF: u32 = offsetof<RequestHead>("bodyOff");
export const REQ_BODY_LEN: u32 = offsetof<RequestHead>("bodyLen");
export const REQ_MESSAGE_END: u32 = offsetof<RequestHead>("messageEnd");
export const REQ_ERROR_CODE: u32 = offsetof<RequestHead>("errorCode");
export const REQ_ERROR_OFFSET: u32 = offsetof<RequestHead>("errorOffset");
export const REQ_TRAILER_COUNT: u32 = offsetof<RequestHead>("trailerCount");
export const REQ_MATCH_TABLE: u32 = offsetof<RequestHead>("matchTable");
export const REQ_MATCH_COUNT: u32 = offsetof<RequestHead>("matchCount");

// Arena fields the host reads to write a response at the free end (see respond).
export const ARENA_TOP: u32 = offsetof<Arena>("top");
export const ARENA_END: u32 = offsetof<Arena>("end");

export const HDR_NAME_OFF: u32 = offsetof<HeaderEntry>("nameOff");
export const HDR_VALUE_OFF: u32 = offsetof<HeaderEntry>("valueOff");
export const HDR_VALUE_LEN: u32 = offsetof<HeaderEntry>("valueLen");
export const HDR_NAME_LEN: u32 = offsetof<HeaderEntry>("nameLen");
export const HDR_ID: u32 = offsetof<HeaderEntry>("id");

// ── Configuration ──────────────────────────────────────────────────────────

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
function ensureConfigured(): void {
  if (!configured) configure(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

// ── Slots ──────────────────────────────────────────────────────────────────

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
  memory.copy(slotBase(large), slotBase(slot), <usize>(HEAD_SIZE + ENTRY_SIZE * poolHeaderCap()));
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

// ── Parsing ────────────────────────────────────────────────────────────────

/**
 * Parse the `len` bytes at `buf` as (the start of) one request, resuming where
 * the previous call on this slot stopped. Spans in the RequestHead are
 * relative to `buf`. Returns the message's byte count when it is complete
 * (bytes after it belong to the next pipelined request), 0 when more bytes
 * are needed, or -ParseError. When `buf` is the slot's input, the bytes are
 * claimed in the slot's arena so later allocations never overwrite them.
 */
export function parse(slot: u32, buf: usize, len: u32): i32 {
  if (!slotInUse(slot)) return -ParseError.INVALID_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  const arena = arenaAt(slot);
  const inSlot = buf == arena.base;
  if (inSlot && <usize>len > arena.end - arena.base) return fail(req, ParseError.ARENA_EXHAUSTED, 0);
  const result = parseRequest(req, slotHeaders(slot), buf, len);
  if (result <= 0) return result;
  if (inSlot) {
    // Later allocations (match table, response) go after every received
    // byte, including a pipelined next request the host has not moved yet.
    arenaReset(arena);
    arenaClaim(arena, len);
  }
  req.matchTable = 0;
  req.matchCount = 0;
  const hook = afterParse;
  if (hook) hook(req, arena, buf);
  return result;
}

/** Run on every complete request once claimed (the router installs itself here). */
let afterParse: ((req: RequestHead, arena: Arena, buf: usize) => void) | null = null;

/** HTTP status a ParseError code answers with. */
export function errorStatus(code: u32): u32 {
  return statusOf(code);
}

// Scratch space for errorReason: not hot path, one caller at a time.
const REASON_BUF = memory.data(64);

/**
 * Write the ASCII reason of a ParseError code to errorReasonPtr() and return
 * its length (at most 64 bytes).
 */
export function errorReason(code: u32): u32 {
  return writeAscii(REASON_BUF, reasonOf(code), 64);
}

/** Where errorReason() writes. */
export function errorReasonPtr(): usize {
  return REASON_BUF;
}

// ── Statistics ─────────────────────────────────────────────────────────────

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

// ── Metrics: figures recorded inside the core (metrics/metrics.ts) ───────────
//
// Hosts read the tables in place (layout in metrics/metrics.ts); fetch
// hosts count an answered request with metricsRecord(), slot hosts with the
// respond() call; respondError() counts parse errors.

export {
  metricsRecord, metricsReset, metricsRoutes, metricsRouteCapacity, metricsUnmatched, metricsParseErrors,
  METHOD_SLOTS, STATUS_CLASSES, LATENCY_BUCKETS, LATENCY_MAX_OCTAVE, PARSE_ERROR_SLOTS, METRICS_COUNTS_OFFSET,
  METRICS_BUCKETS_OFFSET, METRICS_LATENCY_SUM_OFFSET, METRICS_BYTES_IN_OFFSET, METRICS_BYTES_OUT_OFFSET, METRICS_ROUTE_SIZE,
} from "./metrics/metrics";

/** Bytes in use in a slot's arena (request copy + allocations). */
export function slotArenaUsed(slot: u32): u32 {
  return arenaUsed(arenaAt(slot));
}

// ── Router: patterns → route ids at start-up, paths → match tables ─────────
//
// Start-up: write a pattern (and, for method id 0, the method name) into
// routerScratch() and call routeAdd → route id, or -RouteError. The table
// freezes at the first routeMatch (later routeAdd: -ADDED_AFTER_MATCH).
// Per request: routeMatch writes the result table at outPtr (caller-owned,
// e.g. the slot arena) and returns the match count, or -RouteError:
//
//   outPtr: count u32 | pathBase u32 | per match: routeId u32 | paramCount u32
//           | (nameIndex u32 | offset u32 | length u32) × paramCount
//   ROUTE_MATCH_COUNT / _PATH_BASE: header fields; ROUTE_MATCH_ROUTE_ID /
//   _PARAM_COUNT: fields of a record; ROUTE_MATCH_PARAM_NAME / _OFFSET /
//   _LENGTH: fields of a param (byte offsets, u32 each)
//
// Offsets are relative to pathBase (the path, or its %-decoded copy at the end
// of out). Method ids are those of http/methods.ts; ROUTE_METHOD_ALL registers
// for every method; id 0 routes by name; HEAD falls back to GET routes when no
// HEAD route matches.

export const ROUTE_METHOD_ALL: u32 = METHOD_ALL;
export const ROUTER_SCRATCH_BYTES: u32 = ROUTER_SCRATCH_SIZE;
export const ROUTE_MATCH_HEADER_SIZE: u32 = MATCH_HEADER_SIZE;
export const ROUTE_MATCH_COUNT: u32 = MATCH_COUNT;
export const ROUTE_MATCH_PATH_BASE: u32 = MATCH_PATH_BASE;
export const ROUTE_MATCH_RECORD_SIZE: u32 = MATCH_RECORD_SIZE;
export const ROUTE_MATCH_PARAM_SIZE: u32 = MATCH_PARAM_SIZE;
export const ROUTE_MATCH_ROUTE_ID: u32 = MATCH_ROUTE_ID;
export const ROUTE_MATCH_PARAM_COUNT: u32 = MATCH_PARAM_COUNT;
export const ROUTE_MATCH_PARAM_NAME: u32 = MATCH_PARAM_NAME;
export const ROUTE_MATCH_PARAM_OFFSET: u32 = MATCH_PARAM_OFFSET;
export const ROUTE_MATCH_PARAM_LENGTH: u32 = MATCH_PARAM_LENGTH;
export const ROUTE_MAX_PARAMS: u32 = MAX_PARAMS;
export const ROUTE_MAX_MATCHES: u32 = MAX_MATCHES;
export const ROUTER_FLAG_DECODE_PATH: u32 = ROUTER_DECODE_PATH;

/** Where the host writes patterns and method names, and reads names back. */
export function routerScratch(): usize {
  return ROUTER_SCRATCH;
}

/** ROUTER_FLAG_* bits (default: DECODE_PATH; a Hono app passes decoded paths). */
export function routerSetFlags(flags: u32): void {
  router.flags = flags;
}

/** Register a route: its id (≥ 0) or -RouteError. */
export function routeAdd(methodId: u32, methodPtr: usize, methodLen: u32, patternPtr: usize, patternLen: u32): i32 {
  return router.add(methodId, methodPtr, methodLen, patternPtr, patternLen);
}

/** All routes matching a request, in registration order: count or -RouteError. */
export function routeMatch(methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32, outPtr: usize, outCap: u32): i32 {
  return router.match(methodId, methodPtr, methodLen, pathPtr, pathLen, outPtr, outCap);
}

/** How many distinct param names a route has, or -RouteError. */
export function routeParamCount(routeId: u32): i32 {
  return router.paramCount(routeId);
}

/** Write a route's k-th param name (UTF-8) to routerScratch(): its length or -RouteError. */
export function routeParamName(routeId: u32, k: u32): i32 {
  return router.paramName(routeId, k, ROUTER_SCRATCH, ROUTER_SCRATCH_SIZE);
}

/** Write the ASCII reason of a RouteError code to routerScratch(): its length. */
export function routeErrorReason(code: u32): u32 {
  return writeAscii(ROUTER_SCRATCH, routeReasonOf(code), ROUTER_SCRATCH_SIZE);
}
/** 1: parse() routes every complete request (the App's hosts); 0: the host routes (AS apps). */
export function routeOnParse(on: u32): void {
  afterParse = on ? routeParsed : null;
}

function routeParsed(req: RequestHead, arena: Arena, buf: usize): void {
  routeInto(req, arena, req.methodId, buf + req.methodOff, req.methodLen, buf + req.pathOff, req.pathLen);
}

/**
 * Route `path` (fetch-style hosts: the host wrote method and path into the
 * slot's arena) like parse() routes a parsed request: the match table lands
 * in the arena, REQ_MATCH_TABLE / REQ_MATCH_COUNT say where and how many.
 * Returns the count, or -RouteError (-RESULT_TOO_LARGE also when the arena
 * has no room for the table).
 */
export function routeInSlot(slot: u32, methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32): i32 {
  if (!slotInUse(slot)) return -RouteError.INVALID_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  routeInto(req, arenaAt(slot), methodId, methodPtr, methodLen, pathPtr, pathLen);
  return routedCount(req);
}

// ── end router ─────────────────────────────────────────────────────────────

// ── JSON: reader, tape, writer, schema validation ─────────────────────────
// Reader → tape → writer on UTF-8 bytes in caller regions; never traps.
//   n = jsonCanonical(in, inLen, out, outCap, scratch, scratchCap)
//   n ≥ 0: out holds JSON.stringify(JSON.parse(text)) (n bytes)
//   n < 0: -JSON_ERR_* ; jsonErrorOffset() = byte where reading stopped;
//          jsonErrorReason(-n) writes the reason at jsonErrorReasonPtr()
//   n = jsonCanonicalText(slot, in, inLen)   the same, every region in the
//          slot's free arena; output at jsonOutputPtr()
// Tape layout: assembly/json/tape.ts (TAPE_* globals below).

import { JsonError, jsonErrorReason as jsonReasonOf } from "./json/errors";
import { parseJson, readerErrorOffset, setReaderLimits, maxDepth as jsonMaxDepth } from "./json/reader";
import { JsonWriter } from "./json/writer";
import { writeTapeValue, canonicalInArena, canonicalOutput } from "./json/canonical";
import { decodeString } from "./json/string_source";
import {
  TAPE_NULL as T_NULL, TAPE_FALSE as T_FALSE, TAPE_TRUE as T_TRUE, TAPE_NUMBER as T_NUMBER,
  TAPE_STRING as T_STRING, TAPE_ARRAY as T_ARRAY, TAPE_OBJECT as T_OBJECT,
  TAPE_ARRAY_END as T_ARRAY_END, TAPE_OBJECT_END as T_OBJECT_END,
  TAPE_HAS_ESCAPES as T_HAS_ESCAPES, TAPE_IS_KEY as T_IS_KEY, tapeKind, tapeWord,
} from "./json/tape";
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES } from "./json/reader";

export const TAPE_NULL: u32 = T_NULL;
export const TAPE_FALSE: u32 = T_FALSE;
export const TAPE_TRUE: u32 = T_TRUE;
export const TAPE_NUMBER: u32 = T_NUMBER;
export const TAPE_STRING: u32 = T_STRING;
export const TAPE_ARRAY: u32 = T_ARRAY;
export const TAPE_OBJECT: u32 = T_OBJECT;
export const TAPE_ARRAY_END: u32 = T_ARRAY_END;
export const TAPE_OBJECT_END: u32 = T_OBJECT_END;
export const TAPE_HAS_ESCAPES: u32 = T_HAS_ESCAPES;
export const TAPE_IS_KEY: u32 = T_IS_KEY;
export const JSON_DEFAULT_MAX_DEPTH: u32 = DEFAULT_MAX_DEPTH;
export const JSON_DEFAULT_MAX_BYTES: u32 = DEFAULT_MAX_BYTES;

// One writer struct for the ABI calls (one call at a time).
const jsonWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

/** Reader limits; 0 keeps the default (depth 64, 1 MiB). */
export function jsonConfigure(maxDepth: u32, maxBytes: u32): void {
  setReaderLimits(maxDepth, maxBytes);
}

/**
 * Parse in[0, inLen) into a tape at tapePtr (tapeCap bytes, 4-aligned).
 * Returns the tape length in u32 words (root value at word 0) or -JSON_ERR_*.
 */
export function jsonParse(inPtr: usize, inLen: u32, tapePtr: usize, tapeCap: u32): i32 {
  return parseJson(inPtr, inLen, tapePtr, tapeCap >> 2, jsonMaxDepth);
}

/**
 * Write the value at tape word `at` (tape parsed from inPtr) as JSON into
 * out[0, outCap); indent 0 = compact, 1–10 = JSON.stringify(v, null, indent).
 * [workPtr, workPtr + workCap) is scratch for objects whose JavaScript key
 * order differs from the source (repeated or array-index keys); a few KiB
 * is plenty for ordinary documents. Returns bytes written or -JSON_ERR_*.
 */
export function jsonWriteTape(inPtr: usize, tapePtr: usize, at: u32, outPtr: usize, outCap: u32, indent: u32, workPtr: usize, workCap: u32): i32 {
  const w = jsonWriter;
  w.init(outPtr, outCap, indent);
  writeTapeValue(w, inPtr, tapePtr, at, workPtr, workCap);
  return w.result();
}

/**
 * Parse then write: JSON.stringify(JSON.parse(text)) bytes, or -JSON_ERR_*.
 * The scratch region holds the tape, then reordering work.
 */
export function jsonCanonical(inPtr: usize, inLen: u32, outPtr: usize, outCap: u32, scratchPtr: usize, scratchCap: u32): i32 {
  const words = parseJson(inPtr, inLen, scratchPtr, scratchCap >> 2, jsonMaxDepth);
  if (words < 0) return words;
  const tapeBytes = min(((<u32>words << 2) + 7) & ~7, scratchCap);
  return jsonWriteTape(inPtr, scratchPtr, 0, outPtr, outCap, 0, scratchPtr + tapeBytes, scratchCap - tapeBytes);
}

/**
 * jsonCanonical with every region in the free part of `slot`'s arena (the
 * body already there, or JSON text the host wrote there): the tape, the
 * reordering work and the output take the room they need, no fixed ratio.
 * Returns the output's length, at jsonOutputPtr(), valid until the slot is
 * released (the tape's room is given back), or -JSON_ERR_*: TAPE_FULL /
 * OUTPUT_FULL when the arena has no room for them, a syntax error sets
 * jsonErrorOffset().
 */
export function jsonCanonicalText(slot: u32, inPtr: usize, inLen: u32): i32 {
  if (!slotInUse(slot)) return -JsonError.INVALID_SLOT;
  return canonicalInArena(arenaAt(slot), inPtr, inLen, 0);
}

/** Where the last successful jsonCanonicalText output is. */
export function jsonOutputPtr(): usize {
  return canonicalOutput;
}

/** Byte offset where the last jsonParse/jsonCanonical stopped with an error. */
export function jsonErrorOffset(): u32 {
  return readerErrorOffset;
}

const JSON_REASON_BUF = memory.data(64);

/** Write the ASCII reason of a JSON_ERR_* code at jsonErrorReasonPtr(); returns its length. */
export function jsonErrorReason(code: u32): u32 {
  return writeAscii(JSON_REASON_BUF, jsonReasonOf(code), 64);
}

/** Where jsonErrorReason() writes. */
export function jsonErrorReasonPtr(): usize {
  return JSON_REASON_BUF;
}

/**
 * Resolve the escapes of the STRING at tape word `at` into WTF-8 at outPtr
 * (room for its source length is always enough). Returns bytes written or
 * -JSON_ERR_INVALID_TAPE when `at` is not a string.
 */
export function jsonDecodeString(inPtr: usize, tapePtr: usize, at: u32, outPtr: usize): i32 {
  if (tapeKind(tapePtr, at) != T_STRING) return -JsonError.INVALID_TAPE;
  return <i32>decodeString(outPtr, inPtr + tapeWord(tapePtr, at + 1), tapeWord(tapePtr, at + 2));
}

import { compileSchema } from "./json/schema/compile";
import { arenaFree } from "./arena/arena";
import { validate as validateSchema, validateOutputPtr, validateOutputLength } from "./json/schema/validate";

/** schemaValidate flag: coerce string values ("123" → 123, "true" → true, "a" → ["a"]) as for query/params. */
export const SCHEMA_COERCE: u32 = 1;
/** schemaValidate flag: only check; a valid value is not written out (the host has its text already). */
export const SCHEMA_CHECK_ONLY: u32 = 2;

/**
 * Compile a schema (JSON bytes, subset: type, properties, required, items,
 * minimum, maximum, minLength, maxLength, enum) at start-up. Returns its id
 * or -JSON_ERR_* (the schema text's own syntax errors included).
 */
export function schemaCompile(ptr: usize, len: u32): i32 {
  return compileSchema(ptr, len);
}

/**
 * Validate the value at tape word `at` (tape parsed from inPtr) against a
 * compiled schema. Returns 0 when valid (the value as canonical JSON, coerced,
 * written at outPtr), the error count when invalid ([{"path","message"}…] in
 * a static buffer, valid until the next call), or -JSON_ERR_*. Either output
 * is at schemaOutputPtr(), schemaOutputLength() bytes.
 */
export function schemaValidate(id: u32, inPtr: usize, tapePtr: usize, at: u32, outPtr: usize, outCap: u32, flags: u32): i32 {
  return validateSchema(id, inPtr, tapePtr, at, outPtr, outCap, (flags & SCHEMA_COERCE) != 0, (flags & SCHEMA_CHECK_ONLY) != 0);
}

/**
 * Parse in[0, inLen) and validate it against schema `id` in one call, with
 * the tape and the output in the free part of `slot`'s arena (a request body
 * already there, or JSON text the host wrote there). Results as
 * schemaValidate; -JSON_ERR_TAPE_FULL / OUTPUT_FULL mean the arena has no
 * room for them, a syntax error sets jsonErrorOffset(). A valid value's
 * output stays in the arena until the slot is released; the tape's room is
 * given back.
 */
export function schemaValidateText(id: u32, slot: u32, inPtr: usize, inLen: u32, flags: u32): i32 {
  if (!slotInUse(slot)) return -JsonError.INVALID_SLOT;
  const arena = arenaAt(slot);
  const mark = arenaMark(arena);
  // Claim all the free room, then give back what the output does not use.
  const free = arenaFree(arena);
  const tape = arenaAlloc(arena, free > 8 ? free - 8 : 0, 8);
  if (tape == 0) return -JsonError.TAPE_FULL;
  const tapeCap = <u32>(arena.top - tape);
  const words = parseJson(inPtr, inLen, tape, tapeCap >> 2, jsonMaxDepth);
  let result = words;
  if (words >= 0) {
    const out = tape + (<usize>words << 2);
    result = schemaValidate(id, inPtr, tape, 0, out, <u32>(arena.top - out), flags);
  }
  if (result == 0 && validateOutputLength != 0) {
    memory.copy(tape, validateOutputPtr, validateOutputLength); // down over the tape
    validateOutputPtr = tape;
    arenaReset(arena, tape + validateOutputLength);
  } else {
    arenaReset(arena, mark);
  }
  return result;
}

/** Where the last schemaValidate(Text) output is (see there). */
export function schemaOutputPtr(): usize {
  return validateOutputPtr;
}

/** Bytes of the last schemaValidate(Text) output. */
export function schemaOutputLength(): u32 {
  return validateOutputLength;
}
// ── end json ───────────────────────────────────────────────────────────────

// ── Response writer ────────────────────────────────────────────────────────
//
//   region = responseRegion(slot, maxBytes)     (HEAD_ROOM reserved in front)
//     or, without a call: region = arena top + RESPONSE_HEAD_ROOM, as long as
//     region + maxBytes ≤ arena end (ARENA_TOP/END of slotArena(slot)) and
//     nothing else allocates before respond()
//   host writes at region: extra header lines, "\r\n", body
//   len = respond(slot, region, status, contentType, extraLen, bodyLen, flags)
//   response = [REQ_RESPONSE_START, + len)      one contiguous span
//   (RESPOND_FLAG_RELEASE: the slot is released by the same call; the span
//    stays intact until the next call into the instance)
//   (RESPOND_FLAG_STREAM: the span is the head; the host streams the body,
//    chunked for HTTP/1.1, until close for HTTP/1.0)

export const REQ_RESPONSE_START: u32 = offsetof<RequestHead>("responseStart");
export const RESPONSE_HEAD_ROOM: u32 = HEAD_ROOM;
export const CONTENT_TYPE_NONE: u32 = CONTENT_NONE;
export const CONTENT_TYPE_TEXT: u32 = CONTENT_TEXT;
export const CONTENT_TYPE_JSON: u32 = CONTENT_JSON;
export const CONTENT_TYPE_HTML: u32 = CONTENT_HTML;
export const CONTENT_TYPE_OCTET: u32 = CONTENT_OCTET;

/** respond() flags. */
export const RESPOND_FLAG_CLOSE: u32 = 1;  // Connection: close (errors, shutdown, limits)
export const RESPOND_FLAG_STREAM: u32 = 2; // no Content-Length: the host streams the body
export const RESPOND_FLAG_RELEASE: u32 = 4; // release the slot once the head is written

/** Respond errors (negative results). */
export const RESPOND_BAD_STATUS: i32 = -1;
export const RESPOND_BAD_REGION: i32 = -2;
export const RESPOND_BAD_SLOT: i32 = -3;

/** Set the clock for the Date header (Unix seconds; re-formats once per second). */
export function setClock(seconds: u32): void {
  setDateClock(<i64>seconds);
}

/**
 * Reserve room in the slot's arena for a response of up to `maxBytes` (extra
 * header lines + CRLF + body) with HEAD_ROOM in front. Returns where the host
 * writes, or 0 when the arena cannot hold it (host answers from its own
 * buffer or with 500).
 */
export function responseRegion(slot: u32, maxBytes: u32): usize {
  if (maxBytes > 0xffffffff - HEAD_ROOM) return 0;
  const p = arenaAlloc(arenaAt(slot), HEAD_ROOM + maxBytes, 1);
  return p == 0 ? 0 : p + HEAD_ROOM;
}

/**
 * Write the response head in front of `region` (see responseRegion) and
 * return the whole response's length; its start is at REQ_RESPONSE_START in
 * the slot's RequestHead. The region is in the slot's arena, or in a large
 * slot in use that an AssemblyScript handler took for the response body. Connection handling and HEAD follow the parsed
 * request; `flags` are RESPOND_FLAG_* bits. The answer is counted in the
 * metrics (metrics/metrics.ts) under `route` (the answering route's id + 1,
 * 0 for none) with `latencyUs` as the host measured it.
 */
export function respond(slot: u32, region: usize, status: u32, contentType: u32, extraLen: u32, bodyLen: u32, flags: u32,
  route: u32, latencyUs: u32): i32 {
  if (!slotInUse(slot)) return RESPOND_BAD_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  const arena = arenaAt(slot);
  const inSlot = region >= arena.base + HEAD_ROOM && region <= arena.end;
  if (!inSlot && !largeArenaHolds(region, HEAD_ROOM)) return RESPOND_BAD_REGION;
  const options = responseOptions(req, flags);
  const start = writeHeadBefore(region, status, contentType, bodyLen, options);
  if (start == 0) return RESPOND_BAD_STATUS;
  req.responseStart = <u32>start;
  const length = <i32>responseLength(start, region, extraLen, bodyLen, status, options);
  metricsRecord(route, req.methodId, status, latencyUs, req.messageEnd, <u32>length);
  // Release rewinds and zeroes the parser state only: the response bytes and
  // responseStart stay as they are until the next call.
  if (flags & RESPOND_FLAG_RELEASE) poolRelease(slot);
  return length;
}

function responseOptions(req: RequestHead, flags: u32): u32 {
  let options: u32 = 0;
  // HTTP/1.0 has no chunked coding: a streamed body ends with the connection.
  const unsized = (flags & RESPOND_FLAG_STREAM) != 0 && req.versionMinor == 0;
  if (flags & RESPOND_FLAG_CLOSE || unsized || !(req.flags & FLAG_KEEP_ALIVE)) options |= RESPOND_CLOSE;
  else if (req.versionMinor == 0) options |= RESPOND_KEEP_ALIVE;
  if (flags & RESPOND_FLAG_STREAM) options |= unsized ? RESPOND_UNSIZED : RESPOND_CHUNKED;
  if (req.methodId == METHOD_HEAD) options |= RESPOND_OMIT_BODY;
  return options;
}

// Error responses are built in a static buffer: the slot's arena may be the
// very thing that overflowed. Hosts copy them out before the next call.
const ERROR_RESPONSE_CAP: u32 = 512;
export const ERROR_RESPONSE_PTR: usize = memory.data(ERROR_RESPONSE_CAP);

/**
 * Write the complete response for a ParseError code (its status, a
 * text/plain reason, Connection: close) at ERROR_RESPONSE_PTR; returns its
 * length.
 */
export function respondError(code: u32): u32 {
  metricsParseError(code);
  const region = ERROR_RESPONSE_PTR + HEAD_ROOM;
  store<u16>(region, 0x0a0d); // end of head
  const bodyLen = errorReason(code);
  memory.copy(region + 2, REASON_BUF, bodyLen);
  const status = statusOf(code);
  const start = writeHeadBefore(region, status, CONTENT_TEXT, bodyLen, RESPOND_CLOSE);
  const length = responseLength(start, region, 0, bodyLen, status, RESPOND_CLOSE);
  memory.copy(ERROR_RESPONSE_PTR, start, length); // left-align: the host reads from the fixed pointer
  return length;
}
// ── end response ───────────────────────────────────────────────────────────
