/**
 * Test/bench helper: run bytes through the real core's `parse` and read the
 * RequestHead and header table back into a plain object.
 *
 * @example
 *   const core = instantiateCore();
 *   const r = parseAtEnd(core, bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
 *   r.result // 27
 */
import type { CoreExports } from "../../host/core/abi.js";
import { REQ, HDR, HEADER_ENTRY_SIZE, METHODS, PARSE_ERRORS, Flag } from "../../host/core/abi.js";

export interface ParsedHeader { name: string; value: string; id: number }

export interface ParsedRequest {
  result: number;
  phase: number;
  error: string | null;
  errorOffset: number;
  method: string;
  methodId: number;
  target: string;
  path: string;
  query: string;
  version: string;
  headers: [string, string][];
  headerIds: number[];
  trailers: [string, string][];
  body: string;
  flags: number;
  keepAlive: boolean;
  headEnd: number;
  messageEnd: number;
}

const latin1 = new TextDecoder("latin1");

/** Bytes of a latin1 string (tests write requests as strings). */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Read the request parsed into `slot`; spans are relative to `buf`. */
export function readRequest(core: CoreExports, slot: number, buf: number, result: number): ParsedRequest {
  const mem = new Uint8Array(core.memory.buffer);
  const view = new DataView(core.memory.buffer);
  const head = core.slotRequest(slot);
  const u32 = (off: number) => view.getUint32(head + off, true);
  const span = (off: number, len: number) => latin1.decode(mem.subarray(buf + off, buf + off + len));
  const errorCode = u32(REQ.ERROR_CODE);
  const table = core.slotHeaderTable(slot);
  const entry = (i: number): [string, string, number] => {
    const e = table + i * HEADER_ENTRY_SIZE;
    return [
      span(view.getUint32(e + HDR.NAME_OFF, true), view.getUint16(e + HDR.NAME_LEN, true)),
      span(view.getUint32(e + HDR.VALUE_OFF, true), view.getUint32(e + HDR.VALUE_LEN, true)),
      view.getUint16(e + HDR.ID, true),
    ];
  };
  const headerCount = u32(REQ.HEADER_COUNT);
  const trailerCount = u32(REQ.TRAILER_COUNT);
  const all = Array.from({ length: headerCount + trailerCount }, (_, i) => entry(i));
  const flags = u32(REQ.FLAGS);
  const minor = u32(REQ.VERSION_MINOR);
  return {
    result,
    phase: u32(REQ.PHASE),
    error: errorCode ? PARSE_ERRORS[errorCode][0] : null,
    errorOffset: u32(REQ.ERROR_OFFSET),
    method: METHODS[u32(REQ.METHOD_ID)] ?? "",
    methodId: u32(REQ.METHOD_ID),
    target: span(u32(REQ.TARGET_OFF), u32(REQ.TARGET_LEN)),
    path: span(u32(REQ.PATH_OFF), u32(REQ.PATH_LEN)),
    query: span(u32(REQ.QUERY_OFF), u32(REQ.QUERY_LEN)),
    version: `1.${minor}`,
    headers: all.slice(0, headerCount).map(([n, v]) => [n, v]),
    headerIds: all.slice(0, headerCount).map(([, , id]) => id),
    trailers: all.slice(headerCount).map(([n, v]) => [n, v]),
    body: span(u32(REQ.BODY_OFF), u32(REQ.BODY_LEN)),
    flags,
    keepAlive: (flags & Flag.KEEP_ALIVE) !== 0,
    headEnd: u32(REQ.HEAD_END),
    messageEnd: u32(REQ.MESSAGE_END),
  };
}

/**
 * Acquire a slot, put `input` at the very end of wasm memory (an over-read
 * traps), feed it in the given chunk sizes (each call sees all bytes so far),
 * and return the last result read out. The slot is released.
 */
export function parseAtEnd(core: CoreExports, input: Uint8Array, chunks: number[] = [input.length]): ParsedRequest {
  const slot = core.acquire();
  try {
    const buf = core.memory.buffer.byteLength - input.length;
    new Uint8Array(core.memory.buffer).set(input, buf);
    let len = 0;
    let result = 0;
    for (const n of chunks) {
      len += n;
      result = core.parse(slot, buf, len);
      if (result !== 0) break;
    }
    return readRequest(core, slot, buf, result);
  } finally {
    core.release(slot);
  }
}

/**
 * Feed `input` (at the very end of wasm memory) one more byte per call and
 * stop at the first call that rejects: `length` is the prefix it saw, or
 * null when no prefix is rejected. The slot is released.
 */
export function firstRejection(core: CoreExports, input: Uint8Array): { length: number | null; request: ParsedRequest } {
  const slot = core.acquire();
  try {
    const buf = core.memory.buffer.byteLength - input.length;
    new Uint8Array(core.memory.buffer).set(input, buf);
    let result = 0;
    for (let len = 1; len <= input.length; len++) {
      result = core.parse(slot, buf, len);
      if (result < 0) return { length: len, request: readRequest(core, slot, buf, result) };
      if (result > 0) break;
    }
    return { length: null, request: readRequest(core, slot, buf, result) };
  } finally {
    core.release(slot);
  }
}
