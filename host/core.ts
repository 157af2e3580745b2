/**
 * One instance of the WASM core with typed views over its memory and its
 * limits applied. Runtime-free (no Node APIs): hosts pass in the instance's
 * exports. One Core per process (per isolate on Workers): the request bytes,
 * the route table and the response all live in the same linear memory.
 *
 * @example
 *   const core = new Core(instantiateCore(), { maxBodyBytes: 64 * 1024 });
 *   const slot = core.exports.acquire();
 */
import type { CoreExports } from "./abi.js";
import { Config } from "./abi.js";

/** Limits and pool sizes; every field optional (0/undefined = default). */
export interface CoreOptions {
  /** Request-line + headers, bytes (default 16 KiB → 431). */
  maxHeaderBytes?: number;
  /** Header fields (default 100 → 431). */
  maxHeaders?: number;
  /** Request-target length (default 8 KiB → 414). */
  maxUrlLength?: number;
  /** Decoded body bytes (default 1 MiB → 413). */
  maxBodyBytes?: number;
  /** Requests in flight at once per core (default 64 → 503 beyond). */
  slots?: number;
  /** Arena bytes per request: request copy + params + response (default 64 KiB). */
  arenaBytes?: number;
  /** Slots for requests larger than an arena, up to the body limit (default 2). */
  largeSlots?: number;
}

export const ERR_CORE_LIMITS = "asedge: invalid limits (maxHeaders ≤ 65535, maxUrlLength ≤ maxHeaderBytes, header+body bytes < 4 GiB)";
export const ERR_CORE_POOL = "asedge: invalid pool size (slots 1–65536, arenaBytes 1 KiB–256 MiB, total under 3 GiB)";

// Node's Buffer decodes/encodes short strings faster than TextDecoder/
// TextEncoder; elsewhere (Workers) the Web APIs are used.
const NodeBuffer: typeof Buffer | undefined = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class Core {
  readonly exports: CoreExports;
  private buffer: ArrayBuffer;
  private _u8: Uint8Array;
  private _dv: DataView;
  private _buf: Buffer | undefined;

  constructor(exports: CoreExports, options: CoreOptions = {}) {
    this.exports = exports;
    const result = exports.configure(
      options.maxHeaderBytes ?? 0, options.maxHeaders ?? 0, options.maxUrlLength ?? 0,
      options.maxBodyBytes ?? 0, options.slots ?? 0, options.arenaBytes ?? 0, options.largeSlots ?? 0,
    );
    if (result === Config.BAD_LIMITS) throw new RangeError(ERR_CORE_LIMITS);
    if (result === Config.BAD_POOL) throw new RangeError(ERR_CORE_POOL);
    this.buffer = exports.memory.buffer;
    this._u8 = new Uint8Array(this.buffer);
    this._dv = new DataView(this.buffer);
    this._buf = NodeBuffer?.from(this.buffer);
  }

  /** Views are rebuilt only if memory grew (start-up only, in practice). */
  private refresh(): void {
    const buffer = this.exports.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this._u8 = new Uint8Array(buffer);
    this._dv = new DataView(buffer);
    this._buf = NodeBuffer?.from(buffer);
  }

  get u8(): Uint8Array {
    if (this.exports.memory.buffer !== this.buffer) this.refresh();
    return this._u8;
  }

  get dv(): DataView {
    if (this.exports.memory.buffer !== this.buffer) this.refresh();
    return this._dv;
  }

  u32(ptr: number): number {
    return this.dv.getUint32(ptr, true);
  }

  u16(ptr: number): number {
    return this.dv.getUint16(ptr, true);
  }

  /** UTF-8 text of [ptr, ptr + len). */
  utf8(ptr: number, len: number): string {
    if (len === 0) return "";
    const u8 = this.u8;
    return this._buf ? this._buf.toString("utf8", ptr, ptr + len) : decoder.decode(u8.subarray(ptr, ptr + len));
  }

  /** Latin-1 text of [ptr, ptr + len): for ASCII-only spans (methods, header names). */
  latin1(ptr: number, len: number): string {
    if (len === 0) return "";
    const u8 = this.u8;
    if (this._buf) return this._buf.toString("latin1", ptr, ptr + len);
    let s = "";
    for (let i = ptr; i < ptr + len; i++) s += String.fromCharCode(u8[i]);
    return s;
  }

  /** Write `text` one byte per char (Latin-1, as HTTP header text) at ptr; returns bytes written. */
  writeLatin1(text: string, ptr: number, max: number): number {
    if (this._buf) return this._buf.write(text, ptr, max, "latin1");
    const u8 = this.u8;
    const n = Math.min(text.length, max);
    for (let i = 0; i < n; i++) u8[ptr + i] = text.charCodeAt(i);
    return n;
  }

  /**
   * Encode `text` as UTF-8 at ptr, writing at most `max` bytes; returns bytes
   * written. Callers reserve 3 × text.length to never truncate.
   */
  writeUtf8(text: string, ptr: number, max: number): number {
    const u8 = this.u8;
    if (this._buf) return this._buf.write(text, ptr, max, "utf8");
    return encoder.encodeInto(text, u8.subarray(ptr, ptr + max)).written;
  }
}
