/**
 * Turning what a Context recorded into response bytes inside the request's
 * slot (Node host): extra header lines, CRLF and the body are encoded
 * straight into WASM memory, then one respond() call writes the status line,
 * Date, Content-Type, Content-Length and Connection in front of them.
 *
 * A body that does not fit the slot's arena stays in JS and leaves as a
 * `tail` after the head bytes. A stream body (c.body(stream), or a Web
 * Response without Content-Length) is streamed: chunked on HTTP/1.1, until
 * the connection closes on HTTP/1.0.
 */
import type { Core } from "../core.js";
import { ContentType, METHODS, REQ, RespondFlag } from "../abi.js";
import { BodyKind, type Context } from "./context.js";

/** A response whose body did not fit in the slot: `length` head bytes in the slot, then `tail`. */
export interface SplitAnswer {
  length: number;
  tail: Uint8Array | null;
}

/** A streamed response: `length` head bytes in the slot, then the stream (chunk-framed when `chunked`). */
export interface StreamAnswer {
  length: number;
  stream: ReadableStream<Uint8Array>;
  chunked: boolean;
}

export type SlotAnswer = number | SplitAnswer | StreamAnswer;

const KIND_TYPES: Record<BodyKind, number> = {
  [BodyKind.NONE]: ContentType.NONE,
  [BodyKind.TEXT]: ContentType.TEXT,
  [BodyKind.JSON]: ContentType.JSON,
  [BodyKind.HTML]: ContentType.HTML,
  [BodyKind.BYTES]: ContentType.NONE,
  [BodyKind.RESPONSE]: ContentType.NONE,
};

/** Headers the writer owns: a handler's values for these are dropped. */
const WRITER_OWNED = new Set(["content-length", "transfer-encoding", "connection", "date"]);


const BLANK_LINE = "\r\n";

/** Header lines "Name: value\r\n…" plus the blank line. */
function headerLines(list: readonly (readonly [string, string])[] | undefined): string {
  if (!list) return BLANK_LINE;
  let text = "";
  for (const [name, value] of list) {
    if (!WRITER_OWNED.has(name.toLowerCase())) text += `${name}: ${value}\r\n`;
  }
  return text + BLANK_LINE;
}

function hasContentType(list: readonly (readonly [string, string])[] | undefined): boolean {
  return list !== undefined && list.some(([name]) => name.toLowerCase() === "content-type");
}

/** Write the context's response into `slot`; returns its length (or a split answer). */
export function writeSlotResponse(core: Core, slot: number, c: Context<string, unknown>, close: boolean): SlotAnswer | Promise<SlotAnswer> {
  if (c.bodyKind === BodyKind.RESPONSE && c.response) return writeWebResponse(core, slot, c.response, close);
  const extra = headerLines(c.headerList);
  const type = hasContentType(c.headerList) ? ContentType.NONE : KIND_TYPES[c.bodyKind];
  const body = c.bodyValue;
  if (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
    return writeStreamHead(core, slot, c.statusCode, type, extra, body, close);
  }
  return write(core, slot, c.statusCode, type, extra, body, close);
}

function writeWebResponse(core: Core, slot: number, response: Response, close: boolean): SlotAnswer | Promise<SlotAnswer> {
  const list: [string, string][] = [];
  response.headers.forEach((value, name) => { list.push([name, value]); });
  const extra = headerLines(list);
  if (response.body && !response.headers.has("content-length")) {
    return writeStreamHead(core, slot, response.status, ContentType.NONE, extra, response.body, close);
  }
  return response.arrayBuffer().then((bytes) =>
    write(core, slot, response.status, ContentType.NONE, extra, response.body ? new Uint8Array(bytes) : null, close));
}

/** The head of a streamed response; the host sends the stream after it. */
function writeStreamHead(core: Core, slot: number, status: number, type: number, extra: string,
  stream: ReadableStream<Uint8Array>, close: boolean): SlotAnswer {
  const api = core.exports;
  const region = api.responseRegion(slot, extra.length);
  if (region === 0) return -1;
  const extraLen = core.writeLatin1(extra, region, extra.length);
  const head = core.slotRequest(slot);
  const flags = RespondFlag.STREAM | (close ? RespondFlag.CLOSE : 0);
  const length = api.respond(slot, region, status, type, extraLen - 2, 0, flags);
  const bodyless = METHODS[core.u32(head + REQ.METHOD_ID)] === "HEAD" || status < 200 || status === 204 || status === 304;
  if (length < 0 || bodyless) {
    void stream.cancel().catch(() => undefined);
    return length;
  }
  return { length, stream, chunked: core.u32(head + REQ.VERSION_MINOR) === 1 };
}

function write(core: Core, slot: number, status: number, type: number, extra: string, body: string | Uint8Array | null, close: boolean): SlotAnswer {
  const api = core.exports;
  const extraMax = extra.length; // header text is written as latin1: one byte per char
  const bodyMax = body === null ? 0 : typeof body === "string" ? body.length * 3 : body.length;
  let region = api.responseRegion(slot, extraMax + bodyMax);
  let tail: Uint8Array | null = null;
  if (region === 0) {
    // Too big for the arena: only the head goes through WASM memory.
    tail = body === null ? null : typeof body === "string" ? new TextEncoder().encode(body) : body;
    body = null;
    region = api.responseRegion(slot, extraMax);
    if (region === 0) return -1;
  }
  const extraLen = core.writeLatin1(extra, region, extraMax);
  let bodyLen = 0;
  if (body !== null) {
    const at = region + extraLen;
    if (typeof body === "string") bodyLen = core.writeUtf8(body, at, bodyMax);
    else {
      core.u8.set(body, at);
      bodyLen = body.length;
    }
  }
  const length = api.respond(slot, region, status, type, extraLen - 2, tail ? tail.length : bodyLen, close ? RespondFlag.CLOSE : 0);
  if (length < 0) return length;
  if (!tail) return length;
  // The head ends where the body would have started.
  const start = core.u32(core.slotRequest(slot) + REQ.RESPONSE_START);
  const headLength = region + extraLen - start;
  return { length: headLength, tail: length > headLength ? tail : null };
}
