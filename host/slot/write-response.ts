/**
 * Turning a response record (../app/response.ts) into response bytes inside
 * the request's slot (slot hosts): extra header lines, CRLF and the body are encoded
 * straight into WASM memory at the free end of the slot's arena (no call
 * needed to find it), then one respond() call writes the status line, Date,
 * Content-Type, Content-Length and Connection in front of them and releases
 * the slot; the bytes are copied out before anything else calls the core.
 *
 * A body that does not fit the slot's arena stays in JS and is appended to
 * the head bytes. A stream body (c.body(stream), or a Web Response without
 * Content-Length) is streamed: chunked on HTTP/1.1, until the connection
 * closes on HTTP/1.0.
 */
import type { Core } from "../core/core.js";
import { ContentType, METHOD_HEAD, REQ, RESPONSE_HEAD_ROOM, RespondFlag } from "../core/abi.js";
import { BodyKind, hasHeader, type HeaderList, type HeaderRun, type ResponseRecord } from "../app/response.js";
import { isBodyless, isTransportHeader } from "../core/http-rules.js";
import { GATHERED, type ReplySink, type SlotReply } from "./contract.js";
import { microsSince } from "../core/metrics.js";

const KIND_TYPES: Record<BodyKind, number> = {
  [BodyKind.NONE]: ContentType.NONE,
  [BodyKind.TEXT]: ContentType.TEXT,
  [BodyKind.JSON]: ContentType.JSON,
  [BodyKind.HTML]: ContentType.HTML,
  [BodyKind.BYTES]: ContentType.NONE,
  [BodyKind.RESPONSE]: ContentType.NONE,
};

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const SP = 0x20;

/** The run list[i] starts when the whole HeaderDefaults set stands there in order (then its lines go as one block). */
function runAt(list: HeaderList, i: number): HeaderRun | undefined {
  const run = list[i][3];
  if (run === undefined) return undefined;
  const { fields } = run;
  if (i + fields.length > list.length) return undefined;
  for (let k = 1; k < fields.length; k++) if (list[i + k] !== fields[k]) return undefined;
  return run;
}

/** Bytes the header lines "Name: value\r\n…" plus the blank line take (Latin-1: one byte per char). */
function headerBytes(list: HeaderList | undefined): number {
  let bytes = 2;
  if (!list) return bytes;
  for (let i = 0; i < list.length; i++) {
    const field = list[i];
    const run = runAt(list, i);
    if (run !== undefined) {
      bytes += run.lines.length;
      i += run.fields.length - 1;
      continue;
    }
    const line = field[2];
    if (line !== undefined) bytes += line.length; // prepared: never a transport header
    else if (!isTransportHeader(field[0])) bytes += field[0].length + field[1].length + 4;
  }
  return bytes;
}

/**
 * Write the header lines and the blank line at `at` (headerBytes(list) of
 * room); returns the bytes written. Transport headers are the core writer's,
 * so they are skipped; a prepared line (PreparedHeader) is copied as it is,
 * a whole HeaderDefaults set as one block.
 */
function writeHeaderLines(core: Core, list: HeaderList | undefined, at: number): number {
  const start = at;
  const u8 = core.u8;
  if (list) {
    for (let i = 0; i < list.length; i++) {
      const field = list[i];
      const run = runAt(list, i);
      const line = run !== undefined ? run.lines : field[2];
      if (line !== undefined) {
        u8.set(line, at);
        at += line.length;
        if (run !== undefined) i += run.fields.length - 1;
        continue;
      }
      const name = field[0];
      if (isTransportHeader(name)) continue;
      const value = field[1];
      at += core.writeLatin1(name, at, name.length);
      u8[at++] = COLON;
      u8[at++] = SP;
      at += core.writeLatin1(value, at, value.length);
      u8[at++] = CR;
      u8[at++] = LF;
    }
  }
  u8[at++] = CR;
  u8[at++] = LF;
  return at - start;
}

/** Who answered, for the core's metrics: the route (id + 1, 0: none) and when the request's first byte came (performance.now()). */
export interface Answer {
  route: number;
  startedAt: number;
}

/**
 * Write the recorded response into `slot` and release it; returns the
 * response bytes, or GATHERED when `sink` took them (a whole response
 * written now; never a streamed head or a body kept in JS).
 */
export function writeSlotResponse(core: Core, slot: number, c: ResponseRecord, close: boolean, answer: Answer,
  sink?: ReplySink): SlotReply | Promise<SlotReply> {
  if (c.response) return writeWebResponse(core, slot, c.response, close, answer);
  const list = c.headerList;
  const type = hasHeader(list, "content-type") ? ContentType.NONE : KIND_TYPES[c.bodyKind];
  const body = c.bodyValue;
  if (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
    return writeStreamHead(core, slot, c.statusCode, type, list, body, close, answer);
  }
  return write(core, slot, c.statusCode, type, list, body, close, answer, sink);
}

function writeWebResponse(core: Core, slot: number, response: Response, close: boolean, answer: Answer): SlotReply | Promise<SlotReply> {
  const list: HeaderList = [];
  response.headers.forEach((value, name) => { list.push([name, value]); });
  if (response.body && !response.headers.has("content-length")) {
    return writeStreamHead(core, slot, response.status, ContentType.NONE, list, response.body, close, answer);
  }
  return response.arrayBuffer().then((bytes) =>
    write(core, slot, response.status, ContentType.NONE, list, response.body ? new Uint8Array(bytes) : null, close, answer));
}

/** The head of a streamed response; the host sends the stream after it. */
function writeStreamHead(core: Core, slot: number, status: number, type: number, list: HeaderList | undefined,
  stream: ReadableStream<Uint8Array>, close: boolean, answer: Answer): SlotReply {
  const region = responseRegion(core, slot, headerBytes(list));
  if (region === 0) return failed(core, slot, stream);
  const extraLen = writeHeaderLines(core, list, region);
  const head = core.slotRequest(slot);
  // Read before respond(): releasing the slot clears its request head.
  const bodyless = core.u32(head + REQ.METHOD_ID) === METHOD_HEAD || isBodyless(status);
  const chunked = core.u32(head + REQ.VERSION_MINOR) === 1;
  const flags = RespondFlag.STREAM | RespondFlag.RELEASE | (close ? RespondFlag.CLOSE : 0);
  const length = core.exports.respond(slot, region, status, type, extraLen - 2, 0, flags, answer.route, microsSince(answer.startedAt));
  if (length < 0) return failed(core, slot, stream);
  const bytes = responseBytes(core, slot, length);
  if (bodyless) {
    void stream.cancel().catch(() => undefined);
    return bytes;
  }
  return { head: bytes, stream, chunked };
}

function write(core: Core, slot: number, status: number, type: number, list: HeaderList | undefined, body: string | Uint8Array | null,
  close: boolean, answer: Answer, sink?: ReplySink): SlotReply {
  const extraMax = headerBytes(list);
  const bodyMax = body === null ? 0 : typeof body === "string" ? body.length * 3 : body.length;
  let region = responseRegion(core, slot, extraMax + bodyMax);
  let tail: Uint8Array | null = null;
  if (region === 0) {
    // Too big for the arena: only the head goes through WASM memory.
    tail = body === null ? null : typeof body === "string" ? new TextEncoder().encode(body) : body;
    body = null;
    region = responseRegion(core, slot, extraMax);
    if (region === 0) return failed(core, slot);
  }
  const extraLen = writeHeaderLines(core, list, region);
  let bodyLen = 0;
  if (body !== null) {
    const at = region + extraLen;
    if (typeof body === "string") bodyLen = core.writeUtf8(body, at, bodyMax);
    else {
      core.u8.set(body, at);
      bodyLen = body.length;
    }
  }
  const flags = RespondFlag.RELEASE | (close ? RespondFlag.CLOSE : 0);
  const length = core.exports.respond(slot, region, status, type, extraLen - 2, tail ? tail.length : bodyLen, flags,
    answer.route, microsSince(answer.startedAt));
  if (length < 0) return failed(core, slot);
  if (!tail) return sink?.gather(core, core.responseStart(slot), length) ? GATHERED : responseBytes(core, slot, length);
  // The head ends where the body would have started; a HEAD answer has no tail.
  const headLength = region + extraLen - core.responseStart(slot);
  const head = responseBytes(core, slot, headLength);
  return length > headLength ? concat(head, tail) : head;
}

/**
 * Where to write a response of up to `maxBytes` (header lines + CRLF + body):
 * the arena's free end, past the room respond() needs for the head; 0 when it
 * does not fit. Nothing may allocate in the arena until respond().
 */
function responseRegion(core: Core, slot: number, maxBytes: number): number {
  const region = core.arenaTop(slot) + RESPONSE_HEAD_ROOM;
  return region + maxBytes <= core.arenaEnd(slot) ? region : 0;
}

/** A copy of the response respond() just wrote (the slot is already released). */
function responseBytes(core: Core, slot: number, length: number): Uint8Array {
  return core.copyOut(core.responseStart(slot), length);
}

/** No response could be written: give the slot back, drop the stream. */
function failed(core: Core, slot: number, stream?: ReadableStream<Uint8Array>): null {
  core.exports.release(slot);
  if (stream) void stream.cancel().catch(() => undefined);
  return null;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
