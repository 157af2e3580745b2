/**
 * TypeScript mirror of assembly/abi.ts: the function signatures the .wasm
 * exports and every constant of its memory layout. Hosts read offsets from
 * here, never as literals; tests/abi.test.ts checks each constant against the
 * exported globals of the built module.
 *
 * The code tables (parse errors, methods, header names, JSON and router
 * errors) are not written here: scripts/generate-mirror.mjs reads them from
 * their AssemblyScript files into tables.generated.ts, re-exported below.
 */
import { PARSE_ERRORS, JSON_ERRORS, ROUTE_ERRORS } from "./tables.generated.js";

export { PARSE_ERRORS, METHODS, METHOD_HEAD, HEADER_NAMES, JSON_ERRORS, ROUTE_ERRORS } from "./tables.generated.js";

/** Functions exported by build/asedge.wasm. All arguments are integers. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;

  configure(maxHeaderBytes: number, maxHeaders: number, maxTargetLength: number,
    maxBodyBytes: number, slotCount: number, arenaCap: number, largeSlotCount: number,
    maxSlotCount?: number, maxLargeSlotCount?: number): number;
  /** A free slot, growing the pool when all are busy unless `withoutGrowing` is 1; NO_SLOT when none. */
  acquire(withoutGrowing?: number): number;
  /** Move a partial request into a large slot (growing the class unless `withoutGrowing` is 1); NO_SLOT when none. */
  moveToLarge(slot: number, filled: number, withoutGrowing?: number): number;
  slotAlloc(slot: number, size: number, align: number): number;
  release(slot: number): number;
  slotInput(slot: number): number;
  slotInputCap(slot: number): number;
  slotRequest(slot: number): number;
  slotHeaderTable(slot: number): number;
  slotArena(slot: number): number;
  slotArenaUsed(slot: number): number;
  parse(slot: number, buf: number, len: number): number;
  errorStatus(code: number): number;
  errorReason(code: number): number;
  errorReasonPtr(): number;
  stat(which: number): number;

  // ── router ──
  routerScratch(): number;
  routerSetFlags(flags: number): void;
  routeOnParse(on: number): void;
  routeInSlot(slot: number, methodId: number, methodPtr: number, methodLen: number, pathPtr: number, pathLen: number): number;
  routeAdd(methodId: number, methodPtr: number, methodLen: number, patternPtr: number, patternLen: number): number;
  routeMatch(methodId: number, methodPtr: number, methodLen: number, pathPtr: number, pathLen: number,
    outPtr: number, outCap: number): number;
  routeParamCount(routeId: number): number;
  routeParamName(routeId: number, k: number): number;
  routeErrorReason(code: number): number;
  // ── end router ──

  // ── json ──
  jsonConfigure(maxDepth: number, maxBytes: number): void;
  jsonParse(inPtr: number, inLen: number, tapePtr: number, tapeCap: number): number;
  jsonWriteTape(inPtr: number, tapePtr: number, at: number, outPtr: number, outCap: number, indent: number,
    workPtr: number, workCap: number): number;
  jsonCanonical(inPtr: number, inLen: number, outPtr: number, outCap: number, scratchPtr: number, scratchCap: number): number;
  jsonCanonicalText(slot: number, inPtr: number, inLen: number): number;
  jsonOutputPtr(): number;
  jsonErrorOffset(): number;
  jsonErrorReason(code: number): number;
  jsonErrorReasonPtr(): number;
  jsonDecodeString(inPtr: number, tapePtr: number, at: number, outPtr: number): number;
  schemaCompile(ptr: number, len: number): number;
  schemaValidate(id: number, inPtr: number, tapePtr: number, at: number, outPtr: number, outCap: number, flags: number): number;
  schemaValidateText(id: number, slot: number, inPtr: number, inLen: number, flags: number): number;
  schemaOutputPtr(): number;
  schemaOutputLength(): number;
  // ── end json ──

  // ── response ──
  setClock(unixSeconds: number): void;
  responseRegion(slot: number, maxBytes: number): number;
  /** `route`: the answering route's id + 1 (0: none) and `latencyUs`, for the metrics (METRICS). */
  respond(slot: number, region: number, status: number, contentType: number,
    extraLen: number, bodyLen: number, flags: number, route: number, latencyUs: number): number;
  respondError(code: number): number;
  /** Address of the buffer respondError() writes (a static address). */
  readonly ERROR_RESPONSE_PTR: WebAssembly.Global;
  // ── end response ──

  // ── metrics ──
  metricsRecord(route: number, methodId: number, status: number, latencyUs: number, bytesIn: number, bytesOut: number): void;
  metricsReset(): void;
  metricsRoutes(): number;
  metricsRouteCapacity(): number;
  metricsUnmatched(): number;
  metricsParseErrors(): number;
  // ── end metrics ──
  // ── replay ──
  /** A request's fingerprint (16 bytes at replayFingerprintPtr()): 0 or -REPLAY_ERR_* (ReplayError). */
  replayFingerprint(slot: number, linePtr: number, lineLen: number, headersPtr: number, headersLen: number,
    bodyPtr: number, bodyLen: number, bodyMode: number, ignorePtr: number, ignoreLen: number): number;
  /** The hash of fingerprints a then b, at replayFingerprintPtr(). */
  replayMix(aPtr: number, bPtr: number): void;
  /** MurmurHash3 x64_128 (seed 0) of any bytes, at replayFingerprintPtr(). */
  replayHash(ptr: number, len: number): void;
  /** 48 bytes: the output (16), then room for replayMix's a and b (16 each). */
  replayFingerprintPtr(): number;
  // ── end replay ──
}

export const ABI_VERSION = 1;
/** acquire() found no free slot: u32 0xffffffff, which JS receives as the i32 -1. */
export const NO_SLOT = -1;
export const REQUEST_HEAD_SIZE = 128;
export const HEADER_ENTRY_SIZE = 16;

/** Byte offsets of RequestHead fields (all u32). */
export const REQ = {
  PHASE: 0,
  METHOD_ID: 8,
  METHOD_OFF: 12,
  METHOD_LEN: 16,
  TARGET_OFF: 20,
  TARGET_LEN: 24,
  PATH_OFF: 28,
  PATH_LEN: 32,
  QUERY_OFF: 36,
  QUERY_LEN: 40,
  VERSION_MINOR: 44,
  HEADER_COUNT: 48,
  HEAD_END: 52,
  FLAGS: 56,
  CONTENT_LENGTH: 60,
  BODY_OFF: 64,
  BODY_LEN: 68,
  MESSAGE_END: 72,
  ERROR_CODE: 76,
  ERROR_OFFSET: 80,
  TRAILER_COUNT: 84,
  RESPONSE_START: 108,
  MATCH_TABLE: 112,
  MATCH_COUNT: 116,
} as const;

/** Byte offsets of Arena fields (u32): the free end a response is written at. */
export const ARENA = {
  TOP: 4,
  END: 8,
} as const;

/** Byte offsets of HeaderEntry fields: u32 except NAME_LEN and ID (u16). */
export const HDR = {
  NAME_OFF: 0,
  VALUE_OFF: 4,
  VALUE_LEN: 8,
  NAME_LEN: 12,
  ID: 14,
} as const;

/** RequestHead.phase values. */
export const Phase = { HEAD: 0, BODY_LENGTH: 1, BODY_CHUNKED: 2, DONE: 3, ERROR: 4 } as const;

/** RequestHead.flags bits. */
export const Flag = {
  KEEP_ALIVE: 1 << 0,
  CHUNKED: 1 << 1,
  CONTENT_LENGTH: 1 << 2,
  EXPECT_CONTINUE: 1 << 3,
  UPGRADE: 1 << 4,
  HAS_QUERY: 1 << 5,
  CONNECTION_CLOSE: 1 << 6,
  ABSOLUTE_FORM: 1 << 7,
  ASTERISK_FORM: 1 << 8,
  AUTHORITY_FORM: 1 << 9,
} as const;

/** Response writer: bytes reserved in front of a responseRegion(). */
export const RESPONSE_HEAD_ROOM = 256;

/** Content-Type ids for respond(). */
export const ContentType = { NONE: 0, TEXT: 1, JSON: 2, HTML: 3, OCTET: 4 } as const;

/** respond() flags. */
export const RespondFlag = { CLOSE: 1, STREAM: 2, RELEASE: 4 } as const;

/**
 * The core's metrics tables (assembly/metrics/metrics.ts): one RouteMetrics
 * per route at metricsRoutes() + id × ROUTE_SIZE (metricsRouteCapacity() of
 * them), one at metricsUnmatched(), parse errors u32 × PARSE_ERROR_SLOTS at
 * metricsParseErrors(). Offsets are bytes within a RouteMetrics.
 */
export const METRICS = {
  METHOD_SLOTS: 10, STATUS_CLASSES: 5, LATENCY_BUCKETS: 54, LATENCY_MAX_OCTAVE: 26, PARSE_ERROR_SLOTS: 64,
  COUNTS: 0, BUCKETS: 200, LATENCY_SUM: 416, BYTES_IN: 424, BYTES_OUT: 432, ROUTE_SIZE: 560,
} as const;

/** respond() errors. */
export const RespondError = { BAD_STATUS: -1, BAD_REGION: -2, BAD_SLOT: -3 } as const;

/** configure() results. */
export const Config = { OK: 0, BAD_LIMITS: 1, BAD_POOL: 2 } as const;

/** stat() selectors. */
export const Stat = {
  CAPACITY: 0, IN_USE: 1, HIGH_WATER: 2, EXHAUSTED: 3,
  ARENA_HIGH_WATER: 4, ARENA_CAP: 5, MEMORY_BYTES: 6, LARGE_CAPACITY: 7, LARGE_IN_USE: 8, MAX_CAPACITY: 9, LARGE_MAX_CAPACITY: 10,
} as const;

export type ParseErrorName = (typeof PARSE_ERRORS)[number][0];

/** ParseError name → code. */
export const ParseError = Object.fromEntries(
  PARSE_ERRORS.map(([name], code) => [name, code]),
) as { readonly [K in ParseErrorName]: number };

// ── json constants ──
/**
 * Tape node kinds and KIND-word flags (assembly/json/tape.ts). A tape is u32
 * words; a node's KIND word holds the kind in bits 0-7. NUMBER: f64 in the
 * next two words; STRING: input offset, length; ARRAY/OBJECT: end, count.
 */
export const Tape = {
  NULL: 1, FALSE: 2, TRUE: 3, NUMBER: 4, STRING: 5, ARRAY: 6, OBJECT: 7,
  ARRAY_END: 8, OBJECT_END: 9, HAS_ESCAPES: 1 << 8, IS_KEY: 1 << 9,
} as const;

/** Reader defaults (jsonConfigure(0, 0)). */
export const JSON_DEFAULT_MAX_DEPTH = 64;
export const JSON_DEFAULT_MAX_BYTES = 1 << 20;

/** schemaValidate / schemaValidateText flags. */
export const SCHEMA_COERCE = 1;
export const SCHEMA_CHECK_ONLY = 2;

export type JsonErrorName = (typeof JSON_ERRORS)[number][0];

/** JSON error name → code. */
export const JsonError = Object.fromEntries(
  JSON_ERRORS.map(([name], code) => [name, code]),
) as { readonly [K in JsonErrorName]: number };
// ── end json constants ──

// ── router constants ──
/** Method id that registers a route for every method (Hono's ALL). */
export const ROUTE_METHOD_ALL = 255;
/** Bytes at routerScratch(). */
export const ROUTER_SCRATCH_BYTES = 4096;
export const ROUTE_MAX_PARAMS = 32;
export const ROUTE_MAX_MATCHES = 256;

/**
 * routeMatch result table at outPtr (u32 words; byte offsets here, each
 * checked against the module's ROUTE_MATCH_<key> global):
 *
 *   table   ┌ COUNT ┬ PATH_BASE ┐                              HEADER_SIZE
 *   record  ├ ROUTE_ID ┬ PARAM_COUNT ┐                         RECORD_SIZE  ┐ × count
 *   param   ├ PARAM_NAME ┬ PARAM_OFFSET ┬ PARAM_LENGTH ┐       PARAM_SIZE   ┘ × paramCount
 *
 * Param spans are relative to pathBase. Read it through host/core/match-table.ts.
 */
export const ROUTE_MATCH = {
  HEADER_SIZE: 8, COUNT: 0, PATH_BASE: 4,
  RECORD_SIZE: 8, ROUTE_ID: 0, PARAM_COUNT: 4,
  PARAM_SIZE: 12, PARAM_NAME: 0, PARAM_OFFSET: 4, PARAM_LENGTH: 8,
} as const;

/** routerSetFlags bits. */
export const RouterFlag = { DECODE_PATH: 1 } as const;

export type RouteErrorName = (typeof ROUTE_ERRORS)[number][0];

/** RouteError name → code. */
export const RouteError = Object.fromEntries(
  ROUTE_ERRORS.map(([name], code) => [name, code]),
) as { readonly [K in RouteErrorName]: number };
// ── end router constants ──

// ── replay constants ──
/** replayFingerprint body modes (assembly/replay/fingerprint.ts BODY_*). */
export const ReplayBody = { IGNORE: 0, RAW: 1, JSON: 2, FORM: 3 } as const;
/** replayFingerprint errors, returned negated (assembly/replay/fingerprint.ts ERR_*). */
export const ReplayError = { INVALID_SLOT: 1, BAD_LINE: 2, BAD_HEADER: 3, NO_ROOM: 4, BAD_MODE: 5 } as const;
// ── end replay constants ──
