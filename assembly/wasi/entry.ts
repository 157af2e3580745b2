// wasi:http/incoming-handler@0.2.0 for an AssemblyScript app: the request
// arrives as resources, is written into a slot as HTTP/1.1 bytes so the
// core's parser applies the same rules and limits as on every other host,
// then the app runs (app/app.ts dispatch) and its response goes out as an
// outgoing-response. Exports: memory, cabi_realloc, and `handle`, renamed
// to "wasi:http/incoming-handler@0.2.0#handle" by scripts/build-component.mjs.
//
//   handle(request, out)
//     method, path-with-query, authority, headers → slot input: "M /p HTTP/1.1\r\n…"
//       (a field list beyond the scratch arena → 431, the body unread)
//     consume → stream → blocking-read until closed (≤ maxBodyBytes + 1)
//     drops: input-stream, incoming-body, fields, incoming-request
//     parse → dispatch → fields.from-list, outgoing-response, body, finish
//       (parse "need more" on the whole request → 400)
//     response-outparam.set

import { configure } from "../slot/configure";
import { acquire, release, slotInput, slotInputCap, moveToLarge } from "../slot/slots";
import { parse } from "../slot/parse";
import { errorReason, errorReasonPtr } from "../response/error";
import { Arena, arenaInit, arenaAlloc, arenaMark, arenaReset } from "../arena/arena";
import { RequestHead } from "../http/request";
import { slotBase } from "../arena/pool";
import { limits } from "../http/limits";
import { ParseError, errorStatus } from "../http/errors";
import { METHOD_HEAD } from "../http/methods";
import { bodyRule, BODY_ALLOWED, BODY_EMPTY, isFramingHeader } from "../response/rules";
import { CONTENT_NONE } from "../response/lines";
import { dispatch } from "../app/app";
import { Context } from "../app/context";
import { writeDecimal, equalsIgnoreCase } from "../util/bytes";
import * as w from "./imports";

// ── cabi_realloc: lists the host hands us land in a scratch arena ─────────

const SCRATCH_BYTES: u32 = 96 * 1024;
const scratch = changetype<Arena>(memory.data(offsetof<Arena>()));
arenaInit(scratch, heap.alloc(SCRATCH_BYTES), SCRATCH_BYTES);

// A host may hand over more than the scratch holds (a header section of
// hundreds of KiB: wasmtime allows it). Such lists land in one spill block,
// grown to the largest asked for and never read: the request is answered 431.
let spill: usize = 0;
let spillBytes: usize = 0;
let spilled = false;

/** Canonical-ABI allocator (only fresh allocations are ever asked of it here). */
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  const p = arenaAlloc(scratch, <u32>newSize, <u32>max<usize>(align, 1));
  if (p == 0) return spillBlock(newSize);
  if (oldPtr != 0) memory.copy(p, oldPtr, min(oldSize, newSize));
  return p;
}

function spillBlock(size: usize): usize {
  spilled = true;
  if (size > spillBytes) {
    if (spill != 0) heap.free(spill);
    spill = heap.alloc(size); // 16-byte aligned, enough for every canonical-ABI type
    spillBytes = size;
  }
  return spill;
}

// Return areas of the imports (one call at a time).
const RET = memory.data(64, 8);
// Body reads ask for at most this much at once.
const READ_CHUNK: u32 = 16 * 1024;

const METHODS: StaticArray<string> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

let configured = false;

/** The incoming-handler export (renamed at build time). */
export function handle(request: i32, out: i32): void {
  if (!configured) {
    configure(0, 0, 0, 0, 1, 0, 1, 1, 1); // one request per instance at a time: one small, one large slot, no growth
    configured = true;
  }
  const mark = arenaMark(scratch);
  let slot = acquire(0);
  let filled = writeHead(slot, request);
  arenaReset(scratch, mark); // the head is in the slot now
  if (filled == FIELDS_SPILLED) {
    w.dropIncomingRequest(request);
    sendError(out, ParseError.HEADERS_TOO_LARGE);
    release(slot);
    return;
  }
  const bodyStart = filled;
  // Body: read until closed, at most maxBodyBytes + 1 (one more says "too large").
  w.requestConsume(request, RET);
  if (load<u8>(RET) == 0) {
    const body = load<i32>(RET, 4);
    w.incomingBodyStream(body, RET);
    if (load<u8>(RET) == 0) {
      const stream = load<i32>(RET, 4);
      const max = limits.maxBodyBytes + 1;
      while (filled - bodyStart < max) {
        const want = min(READ_CHUNK, max - (filled - bodyStart));
        w.inputBlockingRead(stream, want, RET);
        if (load<u8>(RET) != 0) break; // closed (or failed): the body ends here
        const ptr = <usize>load<u32>(RET, 4);
        const len = load<u32>(RET, 8);
        if (filled + len + FRAMING_ROOM > slotInputCap(slot)) {
          const large = moveToLarge(slot, filled, 0);
          if (large == 0xffffffff) break;
          slot = large;
        }
        memory.copy(slotInput(slot) + filled, ptr, len);
        filled += len;
        arenaReset(scratch, mark);
      }
      w.dropInputStream(stream); // child before its parent body
    }
    w.dropIncomingBody(body);
  }
  w.dropIncomingRequest(request);
  filled = frameBody(slotInput(slot), bodyStart, filled - bodyStart);

  // The whole request is in the slot, so "need more" (0) means it is cut short.
  const result = parse(slot, slotInput(slot), filled);
  if (result > 0) {
    const c = dispatch(slot);
    sendResponse(out, c, changetype<RequestHead>(slotBase(slot)).methodId == METHOD_HEAD);
    c.releaseLent(); // the body was sent from there
  }
  else if (result < 0) sendError(out, <u32>-result);
  else sendText(out, 400, INCOMPLETE, INCOMPLETE_LENGTH);
  release(slot);
  arenaReset(scratch, mark);
}

const INCOMPLETE = memory.data<u8>([105,110,99,111,109,112,108,101,116,101,32,114,101,113,117,101,115,116]); // "incomplete request"
const INCOMPLETE_LENGTH: u32 = 18;

// writeHead's result when the host's field list did not fit the scratch.
const FIELDS_SPILLED: u32 = 0xffffffff;

/**
 * "METHOD target HTTP/1.1\r\nhost: authority\r\n" + each field + "\r\n" at
 * the slot's input; returns its length, or FIELDS_SPILLED. Fields that frame
 * the body (content-length, transfer-encoding) are left out: the body
 * arrives whole and frameBody() states its real length. The rule is
 * host/core/http-rules.ts's (host/wasm-app/fetch.ts follows it for Web Requests).
 */
function writeHead(slot: u32, request: i32): u32 {
  const base = slotInput(slot);
  const cap = slotInputCap(slot) - 128; // room for the framing line
  let p: u32 = 0;
  w.requestMethod(request, RET);
  const kind = load<u8>(RET);
  if (kind < 9) p = put(base, p, cap, METHODS[kind]);
  else p = putBytes(base, p, cap, load<u32>(RET, 4), load<u32>(RET, 8));
  p = put(base, p, cap, " ");
  w.requestPathWithQuery(request, RET);
  if (load<u8>(RET) != 0 && load<u32>(RET, 8) != 0) p = putBytes(base, p, cap, load<u32>(RET, 4), load<u32>(RET, 8));
  else p = put(base, p, cap, "/");
  p = put(base, p, cap, " HTTP/1.1\r\nhost: ");
  // Hosts carry Host as the request's authority, not as a field.
  w.requestAuthority(request, RET);
  if (load<u8>(RET) != 0 && load<u32>(RET, 8) != 0) p = putBytes(base, p, cap, load<u32>(RET, 4), load<u32>(RET, 8));
  else p = put(base, p, cap, "localhost");
  p = put(base, p, cap, "\r\n");
  sawFraming = false;
  const fields = w.requestHeaders(request);
  spilled = false; // a spilled method, target or authority is still whole: the parser judges it
  w.fieldsEntries(fields, RET);
  if (spilled) {
    w.dropFields(fields);
    return FIELDS_SPILLED;
  }
  const list = <usize>load<u32>(RET);
  const count = load<u32>(RET, 4);
  for (let i: u32 = 0; i < count; i++) {
    const e = list + <usize>i * 16;
    const name = <usize>load<u32>(e);
    const nameLen = load<u32>(e, 4);
    if (isFramingHeader(name, nameLen)) {
      sawFraming = true;
      continue;
    }
    if (equalsIgnoreCase(name, nameLen, "host")) continue;
    p = putBytes(base, p, cap, name, nameLen);
    p = put(base, p, cap, ": ");
    p = putBytes(base, p, cap, load<u32>(e, 8), load<u32>(e, 12));
    p = put(base, p, cap, "\r\n");
  }
  w.dropFields(fields); // child before its parent request
  return put(base, p, slotInputCap(slot), "\r\n");
}

const FRAMING_LINE: u32 = 16; // "content-length: "
// Room the framing line may take after the body was read.
const FRAMING_ROOM: u32 = 32;

// Framing fields the host sent (the body arrives whole: its real length is used).
let sawFraming = false;

/**
 * End the head with "content-length: n" when there is a body or the client
 * framed one (moving the body after it), or as is otherwise; returns the
 * request's total length.
 */
function frameBody(base: usize, bodyStart: u32, bodyLen: u32): u32 {
  if (bodyLen == 0 && !sawFraming) return bodyStart;
  const digits = writeDecimal(NUMBER, bodyLen);
  const start = bodyStart - 2 + FRAMING_LINE + digits + 4; // the body's new place
  memory.copy(base + start, base + bodyStart, bodyLen); // first: the line overwrites its old place
  let p = put(base, bodyStart - 2, start, "content-length: "); // over the blank line
  memory.copy(base + p, NUMBER, digits);
  put(base, p + digits, start, "\r\n\r\n");
  return start + bodyLen;
}

/** ASCII text at base + p, cut at cap (an over-long head fails the parser's limits). */
function put(base: usize, p: u32, cap: u32, text: string): u32 {
  for (let i = 0; i < text.length && p < cap; i++) store<u8>(base + p++, <u8>text.charCodeAt(i));
  return p;
}

function putBytes(base: usize, p: u32, cap: u32, src: usize, len: u32): u32 {
  const n = min(len, cap - min(p, cap));
  memory.copy(base + p, src, n);
  return p + n;
}

// ── Response ───────────────────────────────────────────────────────────────

// Content-Type values by id (response/lines.ts CONTENT_*).
const CONTENT_TYPES: StaticArray<string> = [
  "", "text/plain; charset=UTF-8", "application/json", "text/html; charset=UTF-8", "application/octet-stream",
];

// Field list for fields.from-list, in the scratch arena: (name ptr, name
// len, value ptr, value len) × n.
const FIELD_BYTES: u32 = 16;
let fieldList: usize = 0;
const NUMBER = memory.data(16);

function sendResponse(out: i32, c: Context, head: bool): void {
  // A field per header line, + Content-Type + Content-Length.
  fieldList = arenaAlloc(scratch, (lineCount(c) + 2) * FIELD_BYTES, 4);
  if (fieldList == 0) {
    c.internalError(); // more fields than the scratch can list (≈ 6000): a 500, not a shortened list
    fieldList = arenaAlloc(scratch, 2 * FIELD_BYTES, 4);
  }
  let n: u32 = 0;
  let p = c.lines;
  const end = c.lines + c.linesLen;
  while (p < end) {
    let colon = p;
    while (load<u8>(colon) != 0x3a) colon++;
    let eol = colon + 2;
    while (load<u8>(eol) != 0x0d) eol++;
    n = field(n, p, <u32>(colon - p), colon + 2, <u32>(eol - colon - 2));
    p = eol + 2;
  }
  if (c.contentType != CONTENT_NONE) {
    const type = CONTENT_TYPES[c.contentType];
    n = field(n, changetype<usize>(CONTENT_NAME), 12, asciiBytes(type), <u32>type.length);
  }
  // response/rules.ts: 1xx/204/304 no length, 205 "content-length: 0", no
  // content for either. A HEAD answer sends no length here: the outgoing body
  // it declares would be checked against the (empty) body written.
  const rule = bodyRule(c.statusCode);
  const sent = rule == BODY_ALLOWED && !head;
  if (sent || rule == BODY_EMPTY) {
    const digits = decimal(sent ? c.bodyLen : 0);
    n = field(n, changetype<usize>(LENGTH_NAME), 14, NUMBER, digits);
  }
  send(out, c.statusCode, n, sent ? c.body : 0, sent ? c.bodyLen : 0);
}

/** Header lines the app wrote: "Name: value\r\n" each, values without CR or LF. */
function lineCount(c: Context): u32 {
  let count: u32 = 0;
  const end = c.lines + c.linesLen;
  for (let p = c.lines; p < end; p++) if (load<u8>(p) == 0x0a) count++;
  return count;
}

function sendError(out: i32, code: u32): void {
  const len = errorReason(code);
  sendText(out, errorStatus(code), errorReasonPtr(), len);
}

/** `status` with a text/plain body of `len` bytes at `body`. */
function sendText(out: i32, status: u32, body: usize, len: u32): void {
  fieldList = arenaAlloc(scratch, 2 * FIELD_BYTES, 4);
  const type = CONTENT_TYPES[1];
  let n = field(0, changetype<usize>(CONTENT_NAME), 12, asciiBytes(type), <u32>type.length);
  n = field(n, changetype<usize>(LENGTH_NAME), 14, NUMBER, decimal(len));
  send(out, status, n, body, len);
}

const CONTENT_NAME = memory.data<u8>([99,111,110,116,101,110,116,45,116,121,112,101]); // "content-type"
const LENGTH_NAME = memory.data<u8>([99,111,110,116,101,110,116,45,108,101,110,103,116,104]); // "content-length"

function field(n: u32, name: usize, nameLen: u32, value: usize, valueLen: u32): u32 {
  const e = fieldList + <usize>n * FIELD_BYTES;
  store<u32>(e, <u32>name);
  store<u32>(e, nameLen, 4);
  store<u32>(e, <u32>value, 8);
  store<u32>(e, valueLen, 12);
  return n + 1;
}

function decimal(value: u32): u32 {
  return writeDecimal(NUMBER, value);
}

/** ASCII string → bytes in the scratch arena. */
function asciiBytes(s: string): usize {
  const p = arenaAlloc(scratch, <u32>s.length, 1);
  for (let i = 0; i < s.length; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  return p;
}

function send(out: i32, status: u32, fieldCount: u32, body: usize, bodyLen: u32): void {
  w.fieldsFromList(fieldList, fieldCount, RET);
  const headers = load<u8>(RET) == 0 ? load<i32>(RET, 4) : -1;
  if (headers < 0) {
    w.fieldsFromList(fieldList, 0, RET); // the app wrote a field the host refuses: send none
  }
  const response = w.newOutgoingResponse(headers < 0 ? load<i32>(RET, 4) : headers);
  w.setStatusCode(response, status);
  w.outgoingResponseBody(response, RET);
  const outBody = load<i32>(RET, 4);
  w.responseOutparamSet(out, 0, response, 0, 0, 0, 0, 0, 0);
  w.outgoingBodyWrite(outBody, RET);
  const stream = load<i32>(RET, 4);
  // blocking-write-and-flush takes at most 4096 bytes per call.
  let off: u32 = 0;
  while (off < bodyLen) {
    const n = min<u32>(4096, bodyLen - off);
    w.outputBlockingWriteAndFlush(stream, body + off, n, RET);
    if (load<u8>(RET) != 0) break;
    off += n;
  }
  w.dropOutputStream(stream); // child before finishing its body
  w.outgoingBodyFinish(outBody, 0, 0, RET);
}
