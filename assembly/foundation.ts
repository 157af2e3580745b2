// The foundation's part of the boundary: slots, parsing, the response writer,
// error responses and counters, with the record offsets hosts read. abi.ts
// exports all of it beside the router and JSON (the memory layout is drawn
// there); scripts/size.mjs compiles this file alone as the foundation-only
// core, so nothing here may import the router or JSON.

import { RequestHead, HeaderEntry } from "./http/request";
import { Arena } from "./arena/arena";
import { setClock as setDateClock } from "./response/date";

// ── Layout constants (immutable exported globals, read by the mirror test) ──

export const ABI_VERSION: u32 = 1;
export { NO_SLOT } from "./arena/pool";
export { REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE } from "./http/request";

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
export const REQ_RESPONSE_START: u32 = offsetof<RequestHead>("responseStart");

// Arena fields the host reads to write a response at the free end (see respond).
export const ARENA_TOP: u32 = offsetof<Arena>("top");
export const ARENA_END: u32 = offsetof<Arena>("end");

export const HDR_NAME_OFF: u32 = offsetof<HeaderEntry>("nameOff");
export const HDR_VALUE_OFF: u32 = offsetof<HeaderEntry>("valueOff");
export const HDR_VALUE_LEN: u32 = offsetof<HeaderEntry>("valueLen");
export const HDR_NAME_LEN: u32 = offsetof<HeaderEntry>("nameLen");
export const HDR_ID: u32 = offsetof<HeaderEntry>("id");

// ── Configuration and slots (slot/) ────────────────────────────────────────

export { configure, CONFIG_OK, CONFIG_BAD_LIMITS, CONFIG_BAD_POOL } from "./slot/configure";
export {
  acquire, moveToLarge, slotAlloc, release, slotInput, slotInputCap, slotRequest, slotHeaderTable, slotArena,
  slotArenaUsed,
} from "./slot/slots";
export {
  stat, STAT_CAPACITY, STAT_IN_USE, STAT_HIGH_WATER, STAT_EXHAUSTED, STAT_ARENA_HIGH_WATER, STAT_ARENA_CAP,
  STAT_MEMORY_BYTES, STAT_LARGE_CAPACITY, STAT_LARGE_IN_USE, STAT_MAX_CAPACITY, STAT_LARGE_MAX_CAPACITY,
} from "./slot/stats";

// ── Parsing (slot/parse.ts) and parse errors ───────────────────────────────

export { parse } from "./slot/parse";
export { errorStatus } from "./http/errors";
export { errorReason, errorReasonPtr, respondError, ERROR_RESPONSE_PTR } from "./response/error";

// ── Metrics (metrics/metrics.ts): figures recorded inside the core ──────────
//
// Hosts read the tables in place (layout in metrics/metrics.ts); fetch hosts
// count an answered request with metricsRecord(), slot hosts with their
// respond() call; respondError() counts parse errors.

export {
  metricsRecord, metricsReset, metricsRoutes, metricsRouteCapacity, metricsUnmatched, metricsParseErrors,
  METHOD_SLOTS, STATUS_CLASSES, LATENCY_BUCKETS, LATENCY_MAX_OCTAVE, PARSE_ERROR_SLOTS, METRICS_COUNTS_OFFSET,
  METRICS_BUCKETS_OFFSET, METRICS_LATENCY_SUM_OFFSET, METRICS_BYTES_IN_OFFSET, METRICS_BYTES_OUT_OFFSET, METRICS_ROUTE_SIZE,
} from "./metrics/metrics";

// ── Response writer (slot/respond.ts) ──────────────────────────────────────

export { HEAD_ROOM as RESPONSE_HEAD_ROOM } from "./response/writer";
export {
  CONTENT_NONE as CONTENT_TYPE_NONE, CONTENT_TEXT as CONTENT_TYPE_TEXT, CONTENT_JSON as CONTENT_TYPE_JSON,
  CONTENT_HTML as CONTENT_TYPE_HTML, CONTENT_OCTET as CONTENT_TYPE_OCTET,
} from "./response/lines";
export {
  responseRegion, respond, RESPOND_FLAG_CLOSE, RESPOND_FLAG_STREAM, RESPOND_FLAG_RELEASE, RESPOND_BAD_STATUS,
  RESPOND_BAD_REGION, RESPOND_BAD_SLOT,
} from "./slot/respond";

/** Set the clock for the Date header (Unix seconds; re-formats once per second). */
export function setClock(seconds: u32): void {
  setDateClock(<i64>seconds);
}
