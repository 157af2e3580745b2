/**
 * Record/replay storage, the binary format: an append-only recording of
 * exchanges with an index built at load. Runtime-free (no node:*): the same
 * code reads a recording on Node (./file.ts adds the file and zlib's CRC)
 * and on Workers (bytes from KV, R2 or an asset).
 *
 * All integers are unsigned little-endian.
 *
 *   file     offset  size
 *            0       4     magic "ASRR"
 *            4       4     u32 format version (1)
 *            8       …     entries, back to back, in the order they were appended
 *
 *   entry    0       4     u32 payload length N
 *            4       4     u32 CRC-32 (IEEE, zlib's) of the N payload bytes
 *            8       N     payload
 *
 *   payload  0       16    fingerprint, the 128 bits of the 32 hex digits
 *            16      4     u32 occurrence
 *            20      4     u32 session length S
 *            24      S     session, UTF-8
 *            ·       4     u32 meta length M
 *            ·       M     meta, UTF-8 JSON: {method, url, requestHeaders, status, responseHeaders, encoding, startedAt, durationMs}
 *            ·       4     u32 request body length Q
 *            ·       Q     request body, raw bytes
 *            ·       4     u32 response body length R
 *            ·       R     response body, raw bytes (decoded: see RecordedExchange.response.encoding)
 *
 * Loading scans entry headers and the fixed fields in front of each payload
 * (fingerprint, occurrence, session): the index needs nothing else, so no
 * JSON is parsed and no body is copied until an entry is used. An entry is
 * decoded on its first lookup, its CRC checked then (`verify()` checks all),
 * and its bodies are views of the loaded bytes (zero copy).
 *
 * A last entry shorter than its header says (a crash mid-append), or a tail
 * of zero bytes (a file the OS extended but never wrote), is torn: left out
 * and counted (`torn`, `tornBytes`), so a recording survives the crash of
 * its writer. Anything else that does not add up is an error naming the
 * entry's offset.
 *
 * The same (fingerprint, session, occurrence) appended twice: the later entry
 * answers (re-recording an exchange appends, it never rewrites), the earlier
 * one stays in the file, counted in `shadowed`, skipped by `entries()`.
 */
import type { Fingerprint, HeaderList, RecordedExchange } from "./types.js";

export const ERR_RECORDING_MAGIC = "asedge replay: not a recording (the file does not start with the magic \"ASRR\")";
export const ERR_RECORDING_VERSION = "asedge replay: unsupported recording format version";
export const ERR_RECORDING_CRC = "asedge replay: recording entry damaged (CRC-32 mismatch)";
export const ERR_RECORDING_CORRUPT = "asedge replay: recording entry malformed";
export const ERR_RECORDING_FINGERPRINT = "asedge replay: a fingerprint is 32 lower-case hex digits";
export const ERR_RECORDING_OCCURRENCE = "asedge replay: an occurrence is an integer from 0 to 4294967295";
export const ERR_RECORDING_TOO_LARGE = "asedge replay: a recorded exchange must encode to less than 4 GiB";

/** CRC-32 (IEEE 802.3, as zlib computes it) of some bytes, as an unsigned 32-bit integer. */
export type Crc32 = (data: Uint8Array) => number;

export interface RecordingOptions {
  /** A faster CRC-32 than the JS one (./file.ts passes node:zlib's crc32). */
  crc32?: Crc32;
}

export const MAGIC = new Uint8Array([0x41, 0x53, 0x52, 0x52]); // "ASRR"
export const VERSION = 1;
export const HEADER_SIZE = 8;
const ENTRY_HEADER_SIZE = 8;
/** Fingerprint, occurrence, session length: what every payload holds before the session bytes. */
const FIXED_SIZE = 24;
const MAX_U32 = 0xffff_ffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb8_8320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32, table-driven: the fallback where node:zlib is absent (Workers).
 * A dozen lines rather than a dependency (the npm ones, crc-32 and
 * friends, are this same table with more surface); loading never runs it,
 * only the first decoding of an entry does.
 */
export function crc32(data: Uint8Array): number {
  let c = 0xffff_ffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffff_ffff) >>> 0;
}

/** The 8 bytes a recording file starts with. */
export function fileHeader(): Uint8Array {
  const header = new Uint8Array(HEADER_SIZE);
  header.set(MAGIC, 0);
  new DataView(header.buffer).setUint32(4, VERSION, true);
  return header;
}

interface Meta {
  method: string;
  url: string;
  requestHeaders: HeaderList;
  status: number;
  responseHeaders: HeaderList;
  encoding: string;
  startedAt: number;
  durationMs: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const FINGERPRINT = /^[0-9a-f]{32}$/;
const LATIN1_CHUNK = 4096;

/** One exchange as an entry (length, CRC, payload), ready to append to a recording file. */
export function encodeExchange(x: RecordedExchange, crc: Crc32 = crc32): Uint8Array {
  if (!FINGERPRINT.test(x.fingerprint)) throw new Error(`${ERR_RECORDING_FINGERPRINT}: ${JSON.stringify(x.fingerprint)}`);
  if (!Number.isInteger(x.occurrence) || x.occurrence < 0 || x.occurrence > MAX_U32) throw new Error(`${ERR_RECORDING_OCCURRENCE}: ${x.occurrence}`);
  const session = encoder.encode(x.session);
  const meta: Meta = {
    method: x.request.method, url: x.request.url, requestHeaders: x.request.headers,
    status: x.response.status, responseHeaders: x.response.headers, encoding: x.response.encoding,
    startedAt: x.startedAt, durationMs: x.durationMs,
  };
  const metaBytes = encoder.encode(JSON.stringify(meta));
  const { body: requestBody } = x.request;
  const { body: responseBody } = x.response;
  const payloadLength = FIXED_SIZE + session.length + 4 + metaBytes.length + 4 + requestBody.length + 4 + responseBody.length;
  if (payloadLength > MAX_U32 - ENTRY_HEADER_SIZE) throw new Error(`${ERR_RECORDING_TOO_LARGE}: ${payloadLength} bytes`);
  const entry = new Uint8Array(ENTRY_HEADER_SIZE + payloadLength);
  const view = new DataView(entry.buffer);
  let at = ENTRY_HEADER_SIZE;
  for (let i = 0; i < 16; i++) entry[at + i] = parseInt(x.fingerprint.slice(i * 2, i * 2 + 2), 16);
  view.setUint32(at + 16, x.occurrence, true);
  at += 20;
  for (const part of [session, metaBytes, requestBody, responseBody]) {
    view.setUint32(at, part.length, true);
    entry.set(part, at + 4);
    at += 4 + part.length;
  }
  view.setUint32(0, payloadLength, true);
  view.setUint32(4, crc(entry.subarray(ENTRY_HEADER_SIZE)), true);
  return entry;
}

/**
 * A recording in memory: the loaded bytes, an index over them, and the
 * entries appended since (kept as their encoded bytes, so `toBytes()` is the
 * file a writer would have).
 *
 * The index is keyed by the raw bytes of fingerprint and session (see
 * keyOf: no hex, no UTF-8 decoding at load); each key maps an occurrence
 * to the entry that answers it. Decoded exchanges are cached and shared: treat
 * them as read-only.
 */
export class Recording {
  /** 1 when the loaded bytes ended in a torn entry (left out), else 0. */
  readonly torn: 0 | 1;
  /** How many bytes the torn entry had (what a writer truncates before appending). */
  readonly tornBytes: number;
  private readonly crc: Crc32;
  /** The loaded bytes up to the end of the last whole entry. */
  private readonly loaded: Uint8Array;
  private readonly appended: Uint8Array[] = [];
  /** Per entry number: the bytes holding the entry, where it starts there, its offset in the file, its occurrence. */
  private readonly holders: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  private readonly occurrences: number[] = [];
  private readonly decoded: (RecordedExchange | undefined)[] = [];
  /** Key → occurrence → the entry that answers it (the latest appended): O(1) lookups and counts, however often a request repeats. */
  private readonly index = new Map<string, Map<number, number>>();
  private readonly shadowedEntries = new Set<number>();
  private length: number;

  private constructor(bytes: Uint8Array, options: RecordingOptions) {
    this.crc = options.crc32 ?? crc32;
    if (bytes.length < HEADER_SIZE || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(ERR_RECORDING_MAGIC);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(4, true);
    if (version !== VERSION) throw new Error(`${ERR_RECORDING_VERSION}: ${version} (this asedge reads ${VERSION})`);
    let at = HEADER_SIZE;
    while (at < bytes.length) {
      const left = bytes.length - at;
      if (left < ENTRY_HEADER_SIZE || left - ENTRY_HEADER_SIZE < view.getUint32(at, true) || zeros(bytes, at)) break;
      this.indexEntry(bytes, view, at, at);
      at += ENTRY_HEADER_SIZE + view.getUint32(at, true);
    }
    this.torn = at < bytes.length ? 1 : 0;
    this.tornBytes = bytes.length - at;
    this.loaded = bytes.subarray(0, at);
    this.length = at;
  }

  /** A recording from a file's bytes (kept, not copied: bodies are views of them). */
  static from(bytes: Uint8Array, options: RecordingOptions = {}): Recording {
    return new Recording(bytes, options);
  }

  /** A recording with no entries. */
  static empty(options: RecordingOptions = {}): Recording {
    return new Recording(fileHeader(), options);
  }

  /** Entries that answer (every entry but the shadowed ones). */
  get size(): number {
    return this.starts.length - this.shadowedEntries.size;
  }

  /** Entries a later one with the same fingerprint, session and occurrence replaced. */
  get shadowed(): number {
    return this.shadowedEntries.size;
  }

  /** The length of `toBytes()`. */
  get byteLength(): number {
    return this.length;
  }

  /** The exchange recorded for this request's `occurrence`-th time in `session`. */
  lookup(fingerprint: Fingerprint, session: string, occurrence: number): RecordedExchange | undefined {
    const n = this.index.get(keyOf(fingerprint, session))?.get(occurrence);
    return n === undefined ? undefined : this.decode(n);
  }

  /** How many occurrences of this request the session has recorded. */
  count(fingerprint: Fingerprint, session: string): number {
    return this.index.get(keyOf(fingerprint, session))?.size ?? 0;
  }

  /** The entries that answer, in file order (decoding each). */
  *entries(): IterableIterator<RecordedExchange> {
    for (let n = 0; n < this.starts.length; n++) if (!this.shadowedEntries.has(n)) yield this.decode(n);
  }

  /** Appends an exchange in memory; returns its encoded entry, for a writer to append to the file. */
  add(x: RecordedExchange): Uint8Array {
    const entry = encodeExchange(x, this.crc);
    this.appended.push(entry);
    this.indexEntry(entry, new DataView(entry.buffer), 0, this.length);
    this.length += entry.length;
    return entry;
  }

  /** Checks every entry's CRC (decoding them all, shadowed ones too); throws on the first damaged one. */
  verify(): void {
    for (let n = 0; n < this.starts.length; n++) this.decode(n);
  }

  /** The whole recording as a file: header, the loaded entries (a torn one left out), then the appended ones. */
  toBytes(): Uint8Array {
    if (this.appended.length === 0) return this.loaded;
    const out = new Uint8Array(this.length);
    out.set(this.loaded, 0);
    let at = this.loaded.length;
    for (const entry of this.appended) {
      out.set(entry, at);
      at += entry.length;
    }
    return out;
  }

  /** The live entry of `occurrence` among a key's entries (the last in file order). */
  /** Reads the fixed fields of the entry at `start` of `bytes` and puts it in the index. */
  private indexEntry(bytes: Uint8Array, view: DataView, start: number, offset: number): void {
    const length = view.getUint32(start, true);
    const payload = start + ENTRY_HEADER_SIZE;
    if (length < FIXED_SIZE) throw corrupt(offset, `a payload of ${length} bytes cannot hold the fixed fields`);
    const occurrence = view.getUint32(payload + 16, true);
    const sessionLength = view.getUint32(payload + 20, true);
    if (sessionLength > length - FIXED_SIZE) throw corrupt(offset, "the session runs past the payload");
    const key = fingerprintKey(view, payload) + latin1(bytes, payload + FIXED_SIZE, payload + FIXED_SIZE + sessionLength);
    const n = this.starts.length;
    this.holders.push(bytes);
    this.starts.push(start);
    this.offsets.push(offset);
    this.occurrences.push(occurrence);
    let answers = this.index.get(key);
    if (!answers) this.index.set(key, (answers = new Map()));
    const earlier = answers.get(occurrence);
    if (earlier !== undefined) this.shadowedEntries.add(earlier);
    answers.set(occurrence, n);
  }

  /** Entry `n` as an exchange: CRC checked, meta parsed, bodies as views; cached. */
  private decode(n: number): RecordedExchange {
    const cached = this.decoded[n];
    if (cached) return cached;
    const bytes = this.holders[n], start = this.starts[n], offset = this.offsets[n];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getUint32(start, true);
    const payloadStart = start + ENTRY_HEADER_SIZE;
    const end = payloadStart + length;
    const stored = view.getUint32(start + 4, true);
    const computed = this.crc(bytes.subarray(payloadStart, end)) >>> 0;
    if (computed !== stored) throw new Error(`${ERR_RECORDING_CRC}: the entry at offset ${offset} (stored ${hex32(stored)}, computed ${hex32(computed)})`);
    let fingerprint = "";
    for (let i = 0; i < 16; i++) fingerprint += HEX[bytes[payloadStart + i]];
    let at = payloadStart + 20;
    /** The next length-prefixed part, as a view of `bytes`. */
    const part = (what: string): Uint8Array => {
      if (end - at < 4) throw corrupt(offset, `the payload ends before the ${what}`);
      const size = view.getUint32(at, true);
      if (size > end - at - 4) throw corrupt(offset, `the ${what} runs past the payload`);
      const bytesOfPart = new Uint8Array(bytes.buffer, bytes.byteOffset + at + 4, size);
      at += 4 + size;
      return bytesOfPart;
    };
    const session = utf8(part("session"), offset);
    const meta = parseMeta(part("meta"), offset);
    const requestBody = part("request body");
    const responseBody = part("response body");
    if (at !== end) throw corrupt(offset, `${end - at} bytes after the response body`);
    const x: RecordedExchange = {
      fingerprint, occurrence: this.occurrences[n], session,
      request: { method: meta.method, url: meta.url, headers: meta.requestHeaders, body: requestBody },
      response: { status: meta.status, headers: meta.responseHeaders, body: responseBody, encoding: meta.encoding },
      startedAt: meta.startedAt, durationMs: meta.durationMs,
    };
    this.decoded[n] = x;
    return x;
  }
}

/**
 * The index key of a fingerprint and a session: the fingerprint's 16 bytes
 * as 8 UTF-16 code units (big-endian pairs), then the session's UTF-8 bytes
 * as Latin-1. Built from the bytes at load, from the strings at lookup.
 */
function keyOf(fingerprint: Fingerprint, session: string): string {
  if (fingerprint === lastKey.fingerprint && session === lastKey.session) return lastKey.key; // count() then lookup() of one request
  if (fingerprint.length !== 32) throw new Error(`${ERR_RECORDING_FINGERPRINT}: ${JSON.stringify(fingerprint)}`);
  let key = "";
  for (let i = 0; i < 32; i += 4) {
    let unit = 0;
    for (let j = i; j < i + 4; j++) {
      const digit = HEX_DIGIT[fingerprint.charCodeAt(j)] ?? -1;
      if (digit < 0) throw new Error(`${ERR_RECORDING_FINGERPRINT}: ${JSON.stringify(fingerprint)}`);
      unit = (unit << 4) | digit;
    }
    key += String.fromCharCode(unit);
  }
  if (session !== "") {
    const bytes = encoder.encode(session);
    key += latin1(bytes, 0, bytes.length);
  }
  lastKey.fingerprint = fingerprint;
  lastKey.session = session;
  lastKey.key = key;
  return key;
}

/** The last key built (lookups come in pairs for one request). */
const lastKey = { fingerprint: "", session: "", key: "" };

/** Lower-case hex digit → its value; -1 for every other code unit below 128. */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX_DIGIT["0123456789abcdef".charCodeAt(d)] = d;

function fingerprintKey(view: DataView, at: number): string {
  return String.fromCharCode(
    view.getUint16(at, false), view.getUint16(at + 2, false), view.getUint16(at + 4, false), view.getUint16(at + 6, false),
    view.getUint16(at + 8, false), view.getUint16(at + 10, false), view.getUint16(at + 12, false), view.getUint16(at + 14, false));
}

/** Bytes as Latin-1, in chunks small enough for the argument list of fromCharCode. */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  if (to === from) return "";
  let text = "";
  for (let at = from; at < to; at += LATIN1_CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(to, at + LATIN1_CHUNK)) as unknown as number[]);
  }
  return text;
}

/** Whether the bytes from `at` on are all zero: a tail the OS extended but never wrote (a machine crash), torn too. */
function zeros(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== 0 || bytes[at + 1] !== 0 || bytes[at + 2] !== 0 || bytes[at + 3] !== 0) return false;
  for (let i = at + 4; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function corrupt(offset: number, why: string): Error {
  return new Error(`${ERR_RECORDING_CORRUPT}: the entry at offset ${offset}: ${why}`);
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

function utf8(bytes: Uint8Array, offset: number): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw corrupt(offset, "text that is not UTF-8");
  }
}

function parseMeta(bytes: Uint8Array, offset: number): Meta {
  let meta: Meta;
  try {
    meta = JSON.parse(utf8(bytes, offset)) as Meta;
  } catch (error) {
    if ((error as Error).message.startsWith(ERR_RECORDING_CORRUPT)) throw error;
    throw corrupt(offset, "the meta block is not JSON");
  }
  const valid = typeof meta === "object" && meta !== null
    && typeof meta.method === "string" && typeof meta.url === "string" && isHeaderList(meta.requestHeaders)
    && typeof meta.status === "number" && isHeaderList(meta.responseHeaders) && typeof meta.encoding === "string"
    && typeof meta.startedAt === "number" && typeof meta.durationMs === "number";
  if (!valid) throw corrupt(offset, "the meta block lacks a field or has one of the wrong type");
  return meta;
}

function isHeaderList(value: unknown): value is HeaderList {
  return Array.isArray(value) && value.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && typeof f[1] === "string");
}
