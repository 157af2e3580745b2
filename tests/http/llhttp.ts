/**
 * llhttp, the parser behind node:http, as the reference of the differential
 * tests: the WebAssembly build undici ships (a pinned devDependency, so the
 * reference is the same llhttp on every Node version), driven the way Node's
 * server drives its own copy (src/node_http_parser.cc): strict (no lenient
 * flag), with the two limits Node adds around llhttp:
 *
 *   HPE_HEADER_OVERFLOW             more than 16 KiB (--max-http-header-size's
 *                                   default) of target, field names and values
 *                                   in one head, or in one trailer section
 *   HPE_CHUNK_EXTENSIONS_OVERFLOW   more than 16 KiB of chunk-extension names
 *                                   and values on one chunk (CVE-2024-22019)
 *
 * and header values trimmed of trailing SP / HTAB as Node trims them. The
 * wasm calls back into JS per span (slow, but this is a test oracle).
 *
 * Checked against Node 20.20's own parser (the deprecated HTTPParser binding,
 * llhttp 9.3.1) on every .cases input and 25,000 fuzz inputs: the same
 * verdicts, offsets, message ends, heads and bodies, except one pipelined
 * input with quoted-pair chunk-extension values that Node 20's build refused
 * (HPE_STRICT) and this build accepts.
 *
 * @example
 *   llhttpMessages(Buffer.from("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
 *   // → { ends: [27], error: null, … }
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const LLHTTP_WASM = require("undici/lib/llhttp/llhttp-wasm.js") as Uint8Array<ArrayBuffer>;
const { ERROR, METHODS, TYPE } = require("undici/lib/llhttp/constants.js") as {
  ERROR: Record<string, number>; METHODS: Record<string, number>; TYPE: Record<string, number>;
};

/** Which llhttp build this is, for reports. */
export const LLHTTP_BUILD = `llhttp WebAssembly of undici ${(require("undici/package.json") as { version: string }).version}`;

/** Node's limits (node_http_parser.cc): default max header size, kMaxChunkExtensionsSize. */
export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_CHUNK_EXTENSION_BYTES = 16 * 1024;

interface LlhttpExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  llhttp_alloc(type: number): number;
  llhttp_init(parser: number, type: number, settings: number): void;
  llhttp_execute(parser: number, data: number, len: number): number;
  llhttp_resume_after_upgrade(parser: number): void;
  llhttp_get_error_pos(parser: number): number;
  llhttp_errno_name(errno: number): number;
  llhttp_get_method(parser: number): number;
  llhttp_get_http_major(parser: number): number;
  llhttp_get_http_minor(parser: number): number;
  llhttp_get_upgrade(parser: number): number;
}

// llhttp_settings_t, as u32 words (function-table indices): the callbacks the
// undici build fills in, and the two chunk-extension ones this file adds. The
// table has no room for another function, but a request parser never calls
// on_status (responses only), so the chunk extensions get its callback:
// wasm_on_status below counts chunk-extension bytes.
const SETTINGS_WORDS = 25;
const FILLED_BY_UNDICI = [0, 2, 3, 6, 7, 10, 11, 12]; // message_begin, url, status, header_field/value, headers_complete, body, message_complete
const ON_STATUS = 3;
const ON_CHUNK_EXTENSION_NAME = 8;
const ON_CHUNK_EXTENSION_VALUE = 9;

/** Parsers by their address in the wasm memory: the callbacks receive only that. */
const parsers = new Map<number, Llhttp>();
const on = (f: (parser: Llhttp, at: number, len: number) => number) =>
  (p: number, at: number, len: number) => f(parsers.get(p)!, at, len);

const instance = new WebAssembly.Instance(new WebAssembly.Module(LLHTTP_WASM), {
  env: {
    wasm_on_message_begin: on((parser) => parser.messageBegin()),
    wasm_on_url: on((parser, at, len) => parser.url(at, len)),
    wasm_on_status: on((parser, _at, len) => parser.chunkExtension(len)),
    wasm_on_header_field: on((parser, at, len) => parser.headerField(at, len)),
    wasm_on_header_value: on((parser, at, len) => parser.headerValue(at, len)),
    wasm_on_headers_complete: (p: number, _status: number, upgrade: number, keepAlive: number) =>
      parsers.get(p)!.headersComplete(upgrade !== 0, keepAlive !== 0),
    wasm_on_body: on((parser, at, len) => parser.body(at, len)),
    wasm_on_message_complete: on((parser) => parser.messageComplete()),
  },
});
const wasm = instance.exports as unknown as LlhttpExports;

/** The undici build's settings with the chunk-extension callbacks added; checked against the layout above. */
const SETTINGS = ((): number => {
  const probe = wasm.llhttp_alloc(TYPE.REQUEST);
  const words = () => new Uint32Array(wasm.memory.buffer);
  const fields = Array.from(words().subarray(probe >> 2, (probe >> 2) + 32));
  const at = fields.find((w) => w !== 0 && w % 4 === 0 && w + SETTINGS_WORDS * 4 <= wasm.memory.buffer.byteLength &&
    Array.from(words().subarray(w >> 2, (w >> 2) + SETTINGS_WORDS), (v, i) => (v !== 0) === FILLED_BY_UNDICI.includes(i)).every(Boolean));
  wasm.free(probe);
  if (at === undefined) throw new Error("llhttp.ts: the undici llhttp build's settings are not laid out as expected");
  const settings = wasm.malloc(SETTINGS_WORDS * 4);
  words().copyWithin(settings >> 2, at >> 2, (at >> 2) + SETTINGS_WORDS);
  const onStatus = words()[(settings >> 2) + ON_STATUS];
  words()[(settings >> 2) + ON_CHUNK_EXTENSION_NAME] = onStatus;
  words()[(settings >> 2) + ON_CHUNK_EXTENSION_VALUE] = onStatus;
  return settings;
})();

const cString = (ptr: number) => {
  const bytes = new Uint8Array(wasm.memory.buffer, ptr);
  return Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString("latin1");
};
const latin1 = (at: number, len: number) => Buffer.from(wasm.memory.buffer, at, len).toString("latin1");

/** Method names by llhttp's method number (LlhttpHead.method). */
export const LLHTTP_METHODS: readonly string[] = Object.entries(METHODS).reduce<string[]>((names, [name, m]) => {
  names[m] = name;
  return names;
}, []);

export interface LlhttpHead {
  versionMajor: number;
  versionMinor: number;
  /** Field names and values, alternating, as Node passes them (values without trailing SP / HTAB). */
  headers: string[];
  method: number;
  url: string;
  upgrade: boolean;
  shouldKeepAlive: boolean;
}

export interface LlhttpHandlers {
  headersComplete?(head: LlhttpHead): void;
  body?(chunk: Buffer): void;
  /** `trailers`: the trailer section's names and values, alternating (empty without one). */
  messageComplete?(trailers: string[]): void;
}

/** A rejection: llhttp's error name (e.g. "HPE_INVALID_METHOD") and the bytes of that call it consumed. */
export interface LlhttpError {
  code: string;
  bytesParsed: number;
}

/** One request stream's parser; each execute() feeds the stream's next bytes. */
export class Llhttp {
  readonly #parser = wasm.llhttp_alloc(TYPE.REQUEST);
  readonly #handlers: LlhttpHandlers;
  #input = 0;
  #inputCap = 0;
  #url = "";
  #fields: string[] = [];
  #values: string[] = [];
  #headerBytes = 0;
  #extensionBytes = 0;
  /** Node's own error (a limit), set by the callback that returned HPE_USER. */
  #userError: string | null = null;

  constructor(handlers: LlhttpHandlers = {}) {
    this.#handlers = handlers;
    parsers.set(this.#parser, this);
    this.reset();
  }

  /** Start a new stream (a new connection). */
  reset(): void {
    wasm.llhttp_init(this.#parser, TYPE.REQUEST, SETTINGS);
    this.#userError = null;
    this.messageBegin();
  }

  /** Bytes consumed (all of `data`, or up to the end of an upgrade / CONNECT head), or the rejection. */
  execute(data: Uint8Array): number | LlhttpError {
    if (data.length > this.#inputCap) {
      if (this.#input !== 0) wasm.free(this.#input);
      this.#inputCap = Math.max(data.length, 4096);
      this.#input = wasm.malloc(this.#inputCap);
    }
    new Uint8Array(wasm.memory.buffer).set(data, this.#input);
    const errno = wasm.llhttp_execute(this.#parser, this.#input, data.length);
    if (errno === ERROR.OK) return data.length;
    const consumed = wasm.llhttp_get_error_pos(this.#parser) - this.#input;
    if (errno === ERROR.PAUSED_UPGRADE) {
      wasm.llhttp_resume_after_upgrade(this.#parser);
      return consumed;
    }
    if (wasm.llhttp_get_upgrade(this.#parser) !== 0) return consumed;
    const code = errno === ERROR.USER && this.#userError !== null ? this.#userError : cString(wasm.llhttp_errno_name(errno));
    return { code, bytesParsed: consumed };
  }

  // ── callbacks (Node's on_* in node_http_parser.cc) ──

  /** @internal */
  messageBegin(): number {
    this.#url = "";
    this.#fields = [];
    this.#values = [];
    this.#headerBytes = 0;
    this.#extensionBytes = 0;
    return 0;
  }

  /** Node's TrackHeader. */
  #track(len: number): number {
    this.#headerBytes += len;
    if (this.#headerBytes < MAX_HEADER_BYTES) return 0;
    this.#userError = "HPE_HEADER_OVERFLOW";
    return ERROR.USER;
  }

  /** @internal */
  url(at: number, len: number): number {
    this.#url += latin1(at, len);
    return this.#track(len);
  }

  /** @internal A span of a field name: a new field unless the previous name has no value yet (Node's rule). */
  headerField(at: number, len: number): number {
    const rv = this.#track(len);
    if (rv !== 0) return rv;
    if (this.#fields.length === this.#values.length) this.#fields.push("");
    this.#fields[this.#fields.length - 1] += latin1(at, len);
    return 0;
  }

  /** @internal */
  headerValue(at: number, len: number): number {
    const rv = this.#track(len);
    if (rv !== 0) return rv;
    if (this.#values.length !== this.#fields.length) this.#values.push("");
    this.#values[this.#values.length - 1] += latin1(at, len);
    return 0;
  }

  /** Names and values so far, alternating, as Node's CreateHeaders; then start over (trailers follow). */
  #takeHeaders(): string[] {
    const list = this.#values.flatMap((value, i) => [this.#fields[i], value.replace(/[ \t]+$/, "")]);
    this.#fields = [];
    this.#values = [];
    return list;
  }

  /** @internal */
  headersComplete(upgrade: boolean, shouldKeepAlive: boolean): number {
    this.#headerBytes = 0;
    this.#extensionBytes = 0;
    this.#handlers.headersComplete?.({
      versionMajor: wasm.llhttp_get_http_major(this.#parser),
      versionMinor: wasm.llhttp_get_http_minor(this.#parser),
      headers: this.#takeHeaders(),
      method: wasm.llhttp_get_method(this.#parser),
      url: this.#url,
      upgrade,
      shouldKeepAlive,
    });
    return 0;
  }

  /**
   * @internal Node resets both counters at each chunk header; every chunk
   * but the last has data, so resetting on data (and at the head's end)
   * gives the same counts without a chunk-header callback.
   */
  body(at: number, len: number): number {
    this.#headerBytes = 0;
    this.#extensionBytes = 0;
    this.#handlers.body?.(Buffer.from(new Uint8Array(wasm.memory.buffer, at, len)));
    return 0;
  }

  /** @internal */
  chunkExtension(len: number): number {
    this.#extensionBytes += len;
    if (this.#extensionBytes <= MAX_CHUNK_EXTENSION_BYTES) return 0;
    this.#userError = "HPE_CHUNK_EXTENSIONS_OVERFLOW";
    return ERROR.USER;
  }

  /** @internal */
  messageComplete(): number {
    this.#handlers.messageComplete?.(this.#takeHeaders());
    return 0;
  }
}

export interface LlhttpResult {
  /** Byte offset (in the input) where each complete message ended. */
  ends: number[];
  heads: LlhttpHead[];
  bodies: Buffer[];
  /** llhttp error code name (e.g. "HPE_INVALID_METHOD") or null. */
  error: string | null;
  /** Bytes llhttp had seen when it rejected (the offending byte is the last), or null. */
  errorAt: number | null;
  /** Offset where an upgrade/CONNECT handed the rest to another protocol. */
  upgradeAt: number | null;
}

let pos = 0;
let result: LlhttpResult;
let body: Buffer[] = [];
const oneByteAtATime = new Llhttp({
  headersComplete: (head) => { result.heads.push(head); body = []; },
  body: (chunk) => { body.push(chunk); },
  messageComplete: () => { result.ends.push(pos); result.bodies.push(Buffer.concat(body)); },
});

/**
 * Feed `input` one byte at a time (so every message end is known to the
 * byte) and report what llhttp made of it.
 */
export function llhttpMessages(input: Uint8Array): LlhttpResult {
  oneByteAtATime.reset();
  result = { ends: [], heads: [], bodies: [], error: null, errorAt: null, upgradeAt: null };
  body = [];
  for (pos = 1; pos <= input.length; pos++) {
    const r = oneByteAtATime.execute(input.subarray(pos - 1, pos));
    if (typeof r !== "number") {
      result.error = r.code;
      result.errorAt = pos;
      return result;
    }
    const last = result.heads.at(-1);
    if (last?.upgrade && (r === 0 || result.ends.length === result.heads.length)) {
      // llhttp stopped: the rest of the stream belongs to another protocol.
      result.upgradeAt = r === 0 ? pos - 1 : pos;
      return result;
    }
  }
  return result;
}
