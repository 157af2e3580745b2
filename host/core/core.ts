/**
 * One instance of the WASM core with typed views over its memory and its
 * limits applied. Runtime-free (no Node APIs required): hosts pass in the
 * instance's exports. Apps never share a Core (its route table is fixed
 * once it starts matching): each server makes one for the app it serves,
 * and an App no host bound makes its own. The request bytes, the route
 * table and the response all live in the core's linear memory.
 *
 * @example
 *   const core = new Core(instantiateCore(), { maxBodyBytes: 64 * 1024 });
 *   const slot = core.exports.acquire();
 */
import type { CoreExports } from "./abi.js";
import { ARENA, Config, REQ } from "./abi.js";

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
  /** Slots laid out at start: requests in flight before the pool grows (default 64). */
  slots?: number;
  /**
   * Most requests in flight at once per core: when every slot is busy the
   * pool grows (as many slots again each time, memory is never given back)
   * up to this many, then answers 503 (default 1024, at least `slots`, less
   * if the 3 GiB pool budget cannot hold that many arenas).
   */
  maxSlots?: number;
  /** Most large slots: they grow the same way from `largeSlots` (default 16). */
  maxLargeSlots?: number;
  /** Arena bytes per request: request copy + params + response (default 64 KiB). */
  arenaBytes?: number;
  /** Slots for requests larger than an arena, up to the body limit (default 2). */
  largeSlots?: number;
}

/** The core's default maxBodyBytes (assembly/http/limits.ts). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const ERR_CORE_LIMITS = "asedge: invalid limits (maxHeaders ≤ 65535, maxUrlLength ≤ maxHeaderBytes, header+body bytes < 4 GiB)";
export const ERR_CORE_POOL = "asedge: invalid pool size (slots 1–65536, maxSlots ≥ slots, arenaBytes 1 KiB–256 MiB, the pool at maxSlots under 3 GiB)";

// Node's Buffer decodes/encodes and copies faster than the Web APIs; Workers
// have only the Web APIs.
const NodeBuffer: typeof Buffer | undefined = (globalThis as { Buffer?: typeof Buffer }).Buffer;
/** Buffer#utf8Slice / latin1Slice: toString(encoding, start, end) without its argument checks (Node and Bun have them). */
interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const SLICES = typeof (NodeBuffer?.prototype as SlicingBuffer | undefined)?.utf8Slice === "function"
  && typeof (NodeBuffer?.prototype as SlicingBuffer | undefined)?.latin1Slice === "function";
const decoder = new TextDecoder();
/** Strings up to this length are copied by a JS loop when ASCII. */
const SHORT_TEXT = 128;
const encoder = new TextEncoder();
/** JavaScriptCore (Bun): typed-array views are dear there, see copyInto. */
const VIEWS_ARE_DEAR = "Bun" in globalThis;

export class Core {
  readonly exports: CoreExports;
  /** Largest request body: the parser enforces it on sockets, c.req on fetch hosts. */
  readonly maxBodyBytes: number;
  /** What it was made with: a host replacing a trapped core makes the new one alike. */
  readonly options: CoreOptions;
  private _u8!: Uint8Array;
  private _u16!: Uint16Array;
  private _u32!: Uint32Array;
  private _buf: Buffer | undefined;
  /** Per-slot addresses: fixed once the pool is laid out, so read once. */
  private readonly heads: number[] = [];
  private readonly inputs: number[] = [];
  private readonly inputCaps: number[] = [];
  private readonly arenas: number[] = [];

  constructor(exports: CoreExports, options: CoreOptions = {}) {
    this.exports = exports;
    this.options = options;
    const result = exports.configure(
      options.maxHeaderBytes ?? 0, options.maxHeaders ?? 0, options.maxUrlLength ?? 0,
      options.maxBodyBytes ?? 0, options.slots ?? 0, options.arenaBytes ?? 0, options.largeSlots ?? 0,
      options.maxSlots ?? 0, options.maxLargeSlots ?? 0,
    );
    if (result === Config.BAD_LIMITS) throw new RangeError(ERR_CORE_LIMITS);
    if (result === Config.BAD_POOL) throw new RangeError(ERR_CORE_POOL);
    this.maxBodyBytes = options.maxBodyBytes || DEFAULT_MAX_BODY_BYTES;
    this.refresh();
  }

  /**
   * Views over the current memory. Memory grows only at start-up in
   * practice; a grow detaches the old buffer, which shows as a zero-length
   * view, so checking that is all the hot path pays.
   */
  private refresh(): void {
    const buffer = this.exports.memory.buffer;
    this._u8 = new Uint8Array(buffer);
    this._u16 = new Uint16Array(buffer);
    this._u32 = new Uint32Array(buffer);
    this._buf = NodeBuffer?.from(buffer);
  }

  get u8(): Uint8Array {
    if (this._u8.length === 0) this.refresh();
    return this._u8;
  }

  /** The slot's RequestHead address (REQ.* offsets). */
  slotRequest(slot: number): number {
    return this.heads[slot] ?? this.learnSlot(slot, this.heads);
  }

  /** Where the slot's request bytes go. */
  slotInput(slot: number): number {
    return this.inputs[slot] ?? this.learnSlot(slot, this.inputs);
  }

  /** How many request bytes fit in the slot. */
  slotInputCap(slot: number): number {
    return this.inputCaps[slot] ?? this.learnSlot(slot, this.inputCaps);
  }

  /** Next free byte of the slot's arena (read from its Arena struct, no call). */
  arenaTop(slot: number): number {
    return this.u32((this.arenas[slot] ?? this.learnSlot(slot, this.arenas)) + ARENA.TOP);
  }

  /** One past the last byte of the slot's arena. */
  arenaEnd(slot: number): number {
    return this.u32((this.arenas[slot] ?? this.learnSlot(slot, this.arenas)) + ARENA.END);
  }

  /** Where respond() put the slot's response (still valid right after a releasing respond()). */
  responseStart(slot: number): number {
    return this.u32(this.slotRequest(slot) + REQ.RESPONSE_START);
  }

  private learnSlot(slot: number, table: number[]): number {
    const api = this.exports;
    this.heads[slot] = api.slotRequest(slot);
    this.inputs[slot] = api.slotInput(slot);
    this.inputCaps[slot] = api.slotInputCap(slot);
    this.arenas[slot] = api.slotArena(slot);
    return table[slot];
  }

  /** Memory as u32 words (word index = address / 4), e.g. for host/core/match-table.ts. */
  get words(): Uint32Array {
    if (this._u8.length === 0) this.refresh();
    return this._u32;
  }

  /** u32 at a 4-aligned address (every field of the ABI's tables is). */
  u32(ptr: number): number {
    if (this._u8.length === 0) this.refresh();
    return this._u32[ptr >>> 2];
  }

  /** u16 at a 2-aligned address. */
  u16(ptr: number): number {
    if (this._u8.length === 0) this.refresh();
    return this._u16[ptr >>> 1];
  }

  /** UTF-8 text of [ptr, ptr + len). */
  utf8(ptr: number, len: number): string {
    if (len === 0) return "";
    const u8 = this.u8;
    const buf = this._buf;
    if (buf) return SLICES ? (buf as SlicingBuffer).utf8Slice(ptr, ptr + len) : buf.toString("utf8", ptr, ptr + len);
    return decoder.decode(u8.subarray(ptr, ptr + len));
  }

  /** Latin-1 text of [ptr, ptr + len): for ASCII-only spans (methods, header names). */
  latin1(ptr: number, len: number): string {
    if (len === 0) return "";
    const u8 = this.u8;
    const buf = this._buf;
    if (buf) return SLICES ? (buf as SlicingBuffer).latin1Slice(ptr, ptr + len) : buf.toString("latin1", ptr, ptr + len);
    let s = "";
    for (let i = ptr; i < ptr + len; i++) s += String.fromCharCode(u8[i]);
    return s;
  }

  /** Write `text` one byte per char (Latin-1, as HTTP header text) at ptr; returns bytes written. */
  writeLatin1(text: string, ptr: number, max: number): number {
    const u8 = this.u8;
    if (this._buf && text.length > SHORT_TEXT) return this._buf.write(text, ptr, max, "latin1");
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
    // Short ASCII (most bodies of small API responses): a plain loop beats a
    // call into the encoder; the first non-ASCII char hands over to it.
    const n = text.length;
    if (n <= SHORT_TEXT && n <= max) {
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        u8[ptr + i] = c;
      }
      if (i === n) return n;
    }
    if (this._buf) return this._buf.write(text, ptr, max, "utf8");
    return encoder.encodeInto(text, u8.subarray(ptr, ptr + max)).written;
  }

  /** Copy [ptr, ptr + len) into `target` at `at`. */
  copyInto(ptr: number, len: number, target: Buffer, at: number): void {
    const u8 = this.u8;
    // On JavaScriptCore a typed-array view costs more than the copy (Bun's
    // profile, bench/results/node-host.md) and Buffer#copy makes none; on V8
    // the view is cheap and set() is the faster of the two.
    if (VIEWS_ARE_DEAR && this._buf) this._buf.copy(target, at, ptr, ptr + len);
    else target.set(u8.subarray(ptr, ptr + len), at);
  }

  /** A copy of [ptr, ptr + len) that outlives later use of that memory. */
  copyOut(ptr: number, len: number): Uint8Array {
    const u8 = this.u8;
    if (this._buf) {
      const out = NodeBuffer!.allocUnsafe(len);
      this._buf.copy(out, 0, ptr, ptr + len);
      return out;
    }
    return u8.slice(ptr, ptr + len);
  }
}
