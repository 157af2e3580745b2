// The request fingerprint for record/replay: a request's canonical parts,
// each hashed (MurmurHash3 x64_128, murmur3.ts), then the hash of their
// summary. Each part's canonical form is built in the slot's arena free
// room and then hashed (not streamed: sorting needs the fields in memory
// anyway); the room is given back after each part, and the request's own
// bytes are never changed. The method and a raw body are hashed where they
// lie, without a copy.
//
// Summary (unmanaged, 104 bytes; the fingerprint is its hash):
//   0  method   u32 length │ 16-byte hash     the method's bytes as sent
//   20 path     u32 length │ 16-byte hash     percent-normalised, dot segments removed; "" → "/"
//   40 query    u32 length │ 16-byte hash     fields sorted, ignored names dropped, joined by '&'
//   60 headers  u32 length │ 16-byte hash     `name:value\n` lines sorted by name, values trimmed
//   80 body     u32 length │ 16-byte hash     by mode (see BODY_*)
//   100 mode    u32                           the body mode used (json falls back to raw)
// Fixed places and a length before each hash keep the parts apart:
// "a" + "bc" and "ab" + "c" give different summaries.
//
// Fingerprint buffer (static, 48 bytes, at replayFingerprintPtr()):
//   0  output   16 bytes   the last replayFingerprint / replayMix / replayHash result
//   16 a        16 bytes   where a host may put replayMix's inputs
//   32 b        16 bytes

import { hash128 } from "./murmur3";
import { normalisePercent, normalisedLength, removeDotSegments } from "./percent";
import { setSpan, spanLen, spanPtr, sortSpans, nameLength, compareBytes } from "./spans";
import { sortedWorkBytes, writeSorted } from "./json-sorted";
import { JsonWriter } from "../json/writer";
import { JsonError } from "../json/errors";
import { parseJson, maxDepth } from "../json/reader";
import { Arena, arenaAlloc, arenaMark, arenaReset, arenaFree } from "../arena/arena";
import { arenaAt, slotInUse } from "../arena/pool";

/** Body modes (replayFingerprint's bodyMode). */
export const BODY_IGNORE: u32 = 0; // the body is not part of the fingerprint
export const BODY_RAW: u32 = 1;    // its bytes
export const BODY_JSON: u32 = 2;   // its canonical JSON with sorted members (json-sorted.ts); raw when not JSON
export const BODY_FORM: u32 = 3;   // urlencoded fields sorted like the query

/** Errors (returned negated). */
export const ERR_INVALID_SLOT: i32 = 1; // the slot is not in use
export const ERR_BAD_LINE: i32 = 2;     // no "METHOD SP target"
export const ERR_BAD_HEADER: i32 = 3;   // a header line without ':'
export const ERR_NO_ROOM: i32 = 4;      // the arena's free room is too small for the work (JSON tape, sorting)
export const ERR_BAD_MODE: i32 = 5;     // bodyMode is not a BODY_* value

const PART_SIZE: u32 = 20;
const SUMMARY_SIZE: u32 = 104;
const SUMMARY = memory.data(SUMMARY_SIZE);
export const FINGERPRINT = memory.data(48);

const writer = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

/** Part k of the summary: the length and hash of [ptr, ptr + len). */
function part(k: u32, ptr: usize, len: u32): void {
  const at = SUMMARY + k * PART_SIZE;
  store<u32>(at, len);
  hash128(ptr, len, at + 4);
}

// ── query and form fields ──────────────────────────────────────────────────

/** True when `name` is one of the '\n'-separated names of list[0, listLen). */
function listed(name: usize, nameLen: u32, list: usize, listLen: u32): bool {
  let start: u32 = 0;
  for (let i: u32 = 0; i <= listLen; i++) {
    if (i == listLen || load<u8>(list + i) == 10) {
      if (i > start && compareBytes(name, nameLen, list + start, i - start) == 0) return true;
      start = i + 1;
    }
  }
  return false;
}

/** Each '\n'-separated name of src[0, len) percent-normalised at dst ('\n' kept between them). */
function normaliseLines(dst: usize, src: usize, len: u32): u32 {
  let o: u32 = 0;
  let start: u32 = 0;
  for (let i: u32 = 0; i <= len; i++) {
    if (i < len && load<u8>(src + i) != 10) continue;
    o += normalisePercent(dst + o, src + start, i - start, true);
    if (i < len) store<u8>(dst + o++, 10);
    start = i + 1;
  }
  return o;
}

/**
 * Part k: the '&'-separated fields of src[0, len), each percent-normalised,
 * empty ones and those whose name is in `ignore` (normalised names, '\n'
 * between) dropped, sorted by their bytes, joined by '&'. False: no room.
 */
function fieldsPart(arena: Arena, k: u32, src: usize, len: u32, ignore: usize, ignoreLen: u32): bool {
  let count: u32 = 1;
  for (let i: u32 = 0; i < len; i++) if (load<u8>(src + i) == 38) count++;
  const room = normalisedLength(src, len, true);
  const copy = arenaAlloc(arena, room, 1);
  const list = arenaAlloc(arena, count << 3, 8);
  const temp = arenaAlloc(arena, count << 3, 8);
  const out = arenaAlloc(arena, room, 1);
  if (copy == 0 || list == 0 || temp == 0 || out == 0) return false;
  let n: u32 = 0;
  let o: u32 = 0;
  let start: u32 = 0;
  for (let i: u32 = 0; i <= len; i++) {
    if (i < len && load<u8>(src + i) != 38) continue;
    const field = copy + o;
    const fieldLen = normalisePercent(field, src + start, i - start, true);
    start = i + 1;
    if (fieldLen == 0) continue;
    const nameLen = nameLengthOf(field, fieldLen);
    if (ignoreLen != 0 && listed(field, nameLen, ignore, ignoreLen)) continue;
    setSpan(list, n++, field, fieldLen);
    o += fieldLen;
  }
  sortSpans(list, temp, n, false);
  let w: u32 = 0;
  for (let j: u32 = 0; j < n; j++) {
    if (j > 0) store<u8>(out + w++, 38);
    memory.copy(out + w, spanPtr(list, j), spanLen(list, j));
    w += spanLen(list, j);
  }
  part(k, out, w);
  return true;
}

/** Bytes before the first '=' (the whole field when it has none). */
function nameLengthOf(p: usize, len: u32): u32 {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(p + i) == 61) return i;
  return len;
}

// ── headers ────────────────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function isOws(c: u32): bool {
  return c == 32 || c == 9;
}

/** Part 3: `name:value` lines ('\n' after each), values trimmed of OWS, sorted by name (stably). */
function headersPart(arena: Arena, src: usize, len: u32): i32 {
  let count: u32 = 1;
  for (let i: u32 = 0; i < len; i++) if (load<u8>(src + i) == 10) count++;
  const copy = arenaAlloc(arena, len, 1);
  const list = arenaAlloc(arena, count << 3, 8);
  const temp = arenaAlloc(arena, count << 3, 8);
  const out = arenaAlloc(arena, len + count, 1);
  if ((len != 0 && copy == 0) || list == 0 || temp == 0 || out == 0) return -ERR_NO_ROOM;
  let n: u32 = 0;
  let o: u32 = 0;
  let start: u32 = 0;
  for (let i: u32 = 0; i <= len; i++) {
    if (i < len && load<u8>(src + i) != 10) continue;
    const line = src + start;
    const lineLen = i - start;
    start = i + 1;
    if (lineLen == 0) continue;
    const name = nameLength(line, lineLen);
    if (name == lineLen) return -ERR_BAD_HEADER;
    let from = name + 1;
    let to = lineLen;
    while (from < to && isOws(load<u8>(line + from))) from++;
    while (to > from && isOws(load<u8>(line + to - 1))) to--;
    const dst = copy + o;
    memory.copy(dst, line, name + 1);
    memory.copy(dst + name + 1, line + from, to - from);
    const trimmed = name + 1 + to - from;
    setSpan(list, n++, dst, trimmed);
    o += trimmed;
  }
  sortSpans(list, temp, n, true);
  let w: u32 = 0;
  for (let j: u32 = 0; j < n; j++) {
    memory.copy(out + w, spanPtr(list, j), spanLen(list, j));
    w += spanLen(list, j);
    store<u8>(out + w++, 10);
  }
  part(3, out, w);
  return 0;
}

// ── body ───────────────────────────────────────────────────────────────────

/** Part 4 in json mode: BODY_JSON, BODY_RAW when the reader refuses the text, or -ERR_NO_ROOM. */
function jsonBodyPart(arena: Arena, body: usize, len: u32): i32 {
  const free = arenaFree(arena);
  const tape = arenaAlloc(arena, free > 8 ? free - 8 : 0, 8);
  if (tape == 0) return -ERR_NO_ROOM;
  const room = <u64>(arena.top - tape);
  const words = parseJson(body, len, tape, <u32>(room >> 2), maxDepth);
  if (words == -JsonError.TAPE_FULL) return -ERR_NO_ROOM;
  if (words < 0) { // not JSON (or over the reader's limits): its bytes
    part(4, body, len);
    return <i32>BODY_RAW;
  }
  const work = (((<u64>words << 2) + 7) & ~7) + sortedWorkBytes(tape, 0);
  if (work >= room) return -ERR_NO_ROOM;
  const out = tape + <usize>work;
  writer.init(out, <u32>(room - work), 0);
  writeSorted(writer, body, tape, 0, tape + <usize>(((<u64>words << 2) + 7) & ~7));
  const written = writer.result();
  if (written < 0) return -ERR_NO_ROOM; // OUTPUT_FULL: the writer's only error on a valid tape
  part(4, out, <u32>written);
  return <i32>BODY_JSON;
}

// ── the calls ──────────────────────────────────────────────────────────────

/** Offset of the request-target's path in target[0, len): past "scheme://authority" in absolute form. */
function pathStart(t: usize, len: u32): u32 {
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(t + i);
    if (c == 58) { // ':' after a scheme
      if (i == 0 || i + 2 >= len || load<u8>(t + i + 1) != 47 || load<u8>(t + i + 2) != 47) return 0;
      for (let j = i + 3; j < len; j++) {
        const d = load<u8>(t + j);
        if (d == 47 || d == 63 || d == 35) return j;
      }
      return len;
    }
    if (!((c | 0x20) - 97 < 26 || c - 48 < 10 || c == 43 || c == 45 || c == 46)) return 0;
  }
  return 0;
}

/**
 * The fingerprint of one request at FINGERPRINT (16 bytes): 0, or a
 * negative ERR_*. line = "METHOD SP request-target"; headers = the host's
 * selected `name:value\n` lines (lower-case names); ignore = query names to
 * drop, '\n' between. Scratch comes from `slot`'s free arena and is given
 * back; the inputs may lie anywhere (the request's own bytes in the arena).
 */
export function fingerprintRequest(
  slot: u32, line: usize, lineLen: u32, headers: usize, headersLen: u32,
  body: usize, bodyLen: u32, bodyMode: u32, ignore: usize, ignoreLen: u32,
): i32 {
  if (!slotInUse(slot)) return -ERR_INVALID_SLOT;
  if (bodyMode > BODY_FORM) return -ERR_BAD_MODE;
  let sp: u32 = 0;
  while (sp < lineLen && load<u8>(line + sp) != 32) sp++;
  if (sp == 0 || sp + 1 >= lineLen) return -ERR_BAD_LINE;
  const target = line + sp + 1;
  const targetLen = lineLen - sp - 1;
  let q = pathStart(target, targetLen);
  const path = target + q;
  while (q < targetLen && load<u8>(target + q) != 63 && load<u8>(target + q) != 35) q++;
  const pathLen = <u32>(target + q - path);
  let queryLen: u32 = 0;
  if (q < targetLen && load<u8>(target + q) == 63) {
    while (q + 1 + queryLen < targetLen && load<u8>(target + q + 1 + queryLen) != 35) queryLen++;
  }
  const query = target + q + 1;

  const arena = arenaAt(slot);
  const mark = arenaMark(arena);
  const result = fingerprintParts(arena, line, sp, path, pathLen, query, queryLen, headers, headersLen, body, bodyLen, bodyMode, ignore, ignoreLen);
  arenaReset(arena, mark);
  return result;
}

function fingerprintParts(
  arena: Arena, method: usize, methodLen: u32, path: usize, pathLen: u32, query: usize, queryLen: u32,
  headers: usize, headersLen: u32, body: usize, bodyLen: u32, bodyMode: u32, ignore: usize, ignoreLen: u32,
): i32 {
  const mark = arenaMark(arena);
  part(0, method, methodLen);

  const pathCopy = arenaAlloc(arena, max(normalisedLength(path, pathLen, false), 1), 1);
  if (pathCopy == 0) return -ERR_NO_ROOM;
  if (pathLen == 0) store<u8>(pathCopy, 47);
  part(1, pathCopy, pathLen == 0 ? 1 : removeDotSegments(pathCopy, normalisePercent(pathCopy, path, pathLen, false)));
  arenaReset(arena, mark);

  const ignoreCopy = arenaAlloc(arena, normalisedLength(ignore, ignoreLen, true), 1);
  if (ignoreCopy == 0) return -ERR_NO_ROOM;
  const ignoreNormal = normaliseLines(ignoreCopy, ignore, ignoreLen);
  if (!fieldsPart(arena, 2, query, queryLen, ignoreCopy, ignoreNormal)) return -ERR_NO_ROOM;
  arenaReset(arena, mark);

  const headerResult = headersPart(arena, headers, headersLen);
  if (headerResult < 0) return headerResult;
  arenaReset(arena, mark);

  let mode = <i32>bodyMode;
  if (bodyMode == BODY_IGNORE) part(4, body, 0);
  else if (bodyMode == BODY_RAW) part(4, body, bodyLen);
  else if (bodyMode == BODY_FORM) {
    if (!fieldsPart(arena, 4, body, bodyLen, 0, 0)) return -ERR_NO_ROOM;
  } else {
    mode = jsonBodyPart(arena, body, bodyLen);
    if (mode < 0) return mode;
  }
  store<u32>(SUMMARY + 100, <u32>mode);
  hash128(SUMMARY, SUMMARY_SIZE, FINGERPRINT);
  return 0;
}

/** The hash of fingerprint a then b (32 bytes) at FINGERPRINT: chain mode's link. */
export function mixFingerprints(a: usize, b: usize): void {
  const both = SUMMARY; // free between calls
  memory.copy(both, a, 16);
  memory.copy(both + 16, b, 16);
  hash128(both, 32, FINGERPRINT);
}
