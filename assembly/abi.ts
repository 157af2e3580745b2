// ════════════════════════════════════════════════════════════════════════════
// The boundary: every export of the core .wasm, and nothing else. The logic
// behind each call lives in its component (slot/, router/, json/, response/);
// this file only names what crosses. foundation.ts holds the foundation's part
// (slots, parsing, responses), compiled alone by scripts/size.mjs; the router
// and JSON parts follow below. host/core/abi.ts mirrors every constant;
// tests/abi.test.ts checks the mirror against the built module. Integers
// only; one crossing per request.
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

export * from "./foundation";

// Answering (exported by foundation.ts; slot/respond.ts):
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

import { router, ROUTER_SCRATCH, ROUTER_SCRATCH_SIZE } from "./router";
import { routeErrorReason as routeReasonOf } from "./router/errors";
import { writeAscii } from "./util/bytes";

export { METHOD_ALL as ROUTE_METHOD_ALL } from "./router/router";
export { ROUTER_SCRATCH_SIZE as ROUTER_SCRATCH_BYTES } from "./router";
export {
  MATCH_HEADER_SIZE as ROUTE_MATCH_HEADER_SIZE, MATCH_COUNT as ROUTE_MATCH_COUNT,
  MATCH_PATH_BASE as ROUTE_MATCH_PATH_BASE, MATCH_RECORD_SIZE as ROUTE_MATCH_RECORD_SIZE,
  MATCH_PARAM_SIZE as ROUTE_MATCH_PARAM_SIZE, MATCH_ROUTE_ID as ROUTE_MATCH_ROUTE_ID,
  MATCH_PARAM_COUNT as ROUTE_MATCH_PARAM_COUNT, MATCH_PARAM_NAME as ROUTE_MATCH_PARAM_NAME,
  MATCH_PARAM_OFFSET as ROUTE_MATCH_PARAM_OFFSET, MATCH_PARAM_LENGTH as ROUTE_MATCH_PARAM_LENGTH,
  MAX_PARAMS as ROUTE_MAX_PARAMS, MAX_MATCHES as ROUTE_MAX_MATCHES, ROUTER_DECODE_PATH as ROUTER_FLAG_DECODE_PATH,
} from "./router/router";
export { routeOnParse, routeInSlot } from "./slot/route";

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

// ── JSON: reader, tape, writer, schema validation ─────────────────────────
// Reader → tape → writer on UTF-8 bytes in caller regions; never traps.
//   n = jsonCanonical(in, inLen, out, outCap, scratch, scratchCap)
//   n ≥ 0: out holds JSON.stringify(JSON.parse(text)) (n bytes)
//   n < 0: -JSON_ERR_* ; jsonErrorOffset() = byte where reading stopped;
//          jsonErrorReason(-n) writes the reason at jsonErrorReasonPtr()
//   n = jsonCanonicalText(slot, in, inLen)   the same, every region in the
//          slot's free arena; output at jsonOutputPtr()
// Tape layout: assembly/json/tape.ts (TAPE_* globals below).

import { parseJson, readerErrorOffset, setReaderLimits, maxDepth as jsonMaxDepth } from "./json/reader";
import { canonicalOutput } from "./json/canonical";
import { compileSchema } from "./json/schema/compile";
import { validateOutputPtr, validateOutputLength } from "./json/schema/validate";

export {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT, TAPE_ARRAY_END,
  TAPE_OBJECT_END, TAPE_HAS_ESCAPES, TAPE_IS_KEY,
} from "./json/tape";
export { DEFAULT_MAX_DEPTH as JSON_DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES as JSON_DEFAULT_MAX_BYTES } from "./json/reader";
export {
  jsonWriteTape, jsonCanonical, jsonErrorReason, jsonErrorReasonPtr, jsonDecodeString, schemaValidate,
  SCHEMA_COERCE, SCHEMA_CHECK_ONLY,
} from "./json/calls";
export { jsonCanonicalText, schemaValidateText } from "./json/arena";

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

/** Where the last successful jsonCanonicalText output is. */
export function jsonOutputPtr(): usize {
  return canonicalOutput;
}

/** Byte offset where the last jsonParse/jsonCanonical stopped with an error. */
export function jsonErrorOffset(): u32 {
  return readerErrorOffset;
}

/**
 * Compile a schema (JSON bytes, subset: type, properties, required, items,
 * minimum, maximum, minLength, maxLength, enum) at start-up. Returns its id
 * or -JSON_ERR_* (the schema text's own syntax errors included).
 */
export function schemaCompile(ptr: usize, len: u32): i32 {
  return compileSchema(ptr, len);
}

/** Where the last schemaValidate(Text) output is (see there). */
export function schemaOutputPtr(): usize {
  return validateOutputPtr;
}

/** Bytes of the last schemaValidate(Text) output. */
export function schemaOutputLength(): u32 {
  return validateOutputLength;
}

// ── Replay: request fingerprints (assembly/replay/fingerprint.ts) ─────────
//   r = replayFingerprint(slot, line, lineLen, headers, headersLen, body, bodyLen, bodyMode, ignore, ignoreLen)
//   r = 0: 16 bytes at replayFingerprintPtr(); r < 0: -REPLAY_ERR_*
//   replayMix(a, b): the hash of two fingerprints, at the same place (a host
//   may write a and b at replayFingerprintPtr() + 16 and + 32)
//   replayHash(ptr, len): MurmurHash3 x64_128 of any bytes, at the same place

import { fingerprintRequest, mixFingerprints, FINGERPRINT } from "./replay/fingerprint";
import { hash128 } from "./replay/murmur3";

export {
  BODY_IGNORE as REPLAY_BODY_IGNORE, BODY_RAW as REPLAY_BODY_RAW, BODY_JSON as REPLAY_BODY_JSON, BODY_FORM as REPLAY_BODY_FORM,
  ERR_INVALID_SLOT as REPLAY_ERR_INVALID_SLOT, ERR_BAD_LINE as REPLAY_ERR_BAD_LINE, ERR_BAD_HEADER as REPLAY_ERR_BAD_HEADER,
  ERR_NO_ROOM as REPLAY_ERR_NO_ROOM, ERR_BAD_MODE as REPLAY_ERR_BAD_MODE,
} from "./replay/fingerprint";

/** The fingerprint of one request (see assembly/replay/fingerprint.ts): 0 or -REPLAY_ERR_*. */
export function replayFingerprint(slot: u32, linePtr: usize, lineLen: u32, headersPtr: usize, headersLen: u32, bodyPtr: usize, bodyLen: u32, bodyMode: u32, ignorePtr: usize, ignoreLen: u32): i32 {
  return fingerprintRequest(slot, linePtr, lineLen, headersPtr, headersLen, bodyPtr, bodyLen, bodyMode, ignorePtr, ignoreLen);
}

/** The hash of fingerprints a then b, written at replayFingerprintPtr(). */
export function replayMix(aPtr: usize, bPtr: usize): void {
  mixFingerprints(aPtr, bPtr);
}

/** MurmurHash3 x64_128 (seed 0) of [ptr, ptr + len), written at replayFingerprintPtr(). */
export function replayHash(ptr: usize, len: u32): void {
  hash128(ptr, len, FINGERPRINT);
}

/** Where replayFingerprint, replayMix and replayHash write their 16 bytes (48 bytes of room: output, a, b). */
export function replayFingerprintPtr(): usize {
  return FINGERPRINT;
}
