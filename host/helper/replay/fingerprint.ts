/**
 * Request fingerprints for record/replay, computed in WASM
 * (assembly/replay/fingerprint.ts). Runtime-free.
 *
 * What goes into a fingerprint (32 lower-case hex digits, 128 bits,
 * MurmurHash3 x64_128):
 *
 * - the method, byte for byte (methods are case-sensitive);
 * - the path, percent-normalised: %xx of an unreserved character
 *   (A-Z a-z 0-9 - . _ ~) decoded, every other %xx in upper-case hex, and
 *   bytes a URI may not hold raw (controls, space, non-ASCII,
 *   " < > \ ^ ` { | }) percent-encoded, as a URL parser does; "." and ".."
 *   segments removed; an empty path counts as "/"; the scheme and host of an
 *   absolute URL are dropped, and so is a #fragment;
 * - the query: its `name=value` fields, percent-normalised the same way
 *   (and `'` encoded, as URL parsers do in a query; `+` stays `+`, so
 *   `a+b` and `a%20b` differ), sorted by their bytes (repeated names keep
 *   their order), empty fields and fields whose name is in `ignoreQuery`
 *   dropped;
 * - the headers named in `headers` (none by default), each as
 *   `name:value` with a lower-case name and the value trimmed of spaces and
 *   tabs (repeated fields joined by ", ", as `c.req.header(name)` gives
 *   them), sorted by name; a header that is absent is left out. Header name
 *   case and order do not matter; `headerValue` may replace a value first
 *   (the recorder's keyed-hash redaction). Values are hashed as the UTF-8
 *   of the text the host decoded, and hosts decode non-ASCII header bytes
 *   differently: allow-list headers whose values are ASCII;
 * - the body, by `body` mode: "raw" its bytes; "json" its canonical JSON
 *   (members sorted by key at every level, whitespace dropped, strings and
 *   numbers written as JSON.stringify writes them, a repeated key's last
 *   value kept), or its bytes when it is not JSON (or over the core's JSON
 *   limits, or its JSON work does not fit even a large slot's arena);
 *   "form" its urlencoded fields normalised and sorted like the query (none
 *   dropped by `ignoreQuery`), or its bytes when that work does not fit a
 *   large slot's arena; "ignore" nothing. "auto" (the default) is "json" for
 *   application/json and any +json type, "form" for
 *   application/x-www-form-urlencoded, "raw" otherwise.
 *
 * Each part is hashed on its own and the fingerprint is the hash of their
 * lengths and hashes in that fixed order, so no part can run into the next.
 * Requests that differ only in what this list leaves out (other headers,
 * query order, JSON member order or whitespace, percent-encoding of
 * unreserved characters, header case) get the same fingerprint.
 *
 * @example
 *   const fp = await requestFingerprint(c.req, { ignoreQuery: ["ts"], headers: ["accept"], body: "auto" });
 */
import type { Core } from "../../core/core.js";
import { NO_SLOT, REQ, ReplayBody, ReplayError, Stat } from "../../core/abi.js";
import type { AppRequest } from "../../app/request.js";
import { bytesInArena } from "../../app/arena.js";
import type { Fingerprint, HeaderList } from "./types.js";

export const ERR_FINGERPRINT_NO_SLOT = "asedge: no free slot for a request fingerprint (every request arena is busy)";
export const ERR_FINGERPRINT_NO_LARGE_SLOT = "asedge: no free large slot for the fingerprint of a large request";
export const ERR_FINGERPRINT_TOO_LARGE = "asedge: the request does not fit a large slot's arena for its fingerprint";
export const ERR_BAD_FINGERPRINT = "asedge: mixFingerprints takes fingerprints of 32 lower-case hex digits";
export const ERR_FINGERPRINT_FAILED = "asedge: the core could not compute the fingerprint";
export const ERR_FINGERPRINT_BODY = 'asedge: fingerprint option body must be "auto", "raw", "json", "form" or "ignore"';

/** Why the core refused the parts (ReplayError codes other than NO_ROOM, which is retried). */
const FAILURES: Record<number, string> = {
  [ReplayError.INVALID_SLOT]: "the slot is not in use",
  [ReplayError.BAD_LINE]: "no \"METHOD target\" (an empty method or target?)",
  [ReplayError.BAD_HEADER]: "a header line without ':' (a value with a line break?)",
  [ReplayError.BAD_MODE]: "unknown body mode",
};

export interface FingerprintOptions {
  /** Query parameter names left out (after percent normalisation). */
  ignoreQuery?: string[];
  /** The header names that count (any case); none by default. */
  headers?: string[];
  /** How the body counts; "auto" by default. */
  body?: "auto" | "raw" | "json" | "form" | "ignore";
}

/** A request that is not live (a stored one: HAR import, a recording). */
export interface RequestParts {
  method: string;
  /** Path and query ("/a?b=1"), or an absolute URL (its scheme and host do not count). */
  target: string;
  headers: HeaderList;
  body?: Uint8Array | string;
  /** For body "auto"; the Content-Type header in `headers` when omitted. */
  contentType?: string;
}

/** Replaces a header's value before it is hashed (lower-case name). */
export type HeaderValue = (name: string, value: string) => string;

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** The fingerprint of a live request, on a slot host (its bytes where they lie) or a fetch host (body read first). */
export async function requestFingerprint(req: AppRequest, options: FingerprintOptions = {}, headerValue?: HeaderValue): Promise<Fingerprint> {
  const now = heldFingerprint(req, options, headerValue);
  if (now !== undefined) return now;
  const mode = bodyMode(options.body, req.header("content-type"));
  const headers = headerLines(options.headers, (name) => req.header(name), headerValue);
  const body = mode === ReplayBody.IGNORE ? EMPTY : new Uint8Array(await req.arrayBuffer());
  return fingerprintOf(req.core, { line: `${req.method} ${req.target}`, headers, body, mode, ignore: ignoreLines(options.ignoreQuery) });
}

/**
 * The same, at once, where the request's bytes are already in WASM memory
 * (a slot host: nothing to await); undefined on fetch hosts (their body must
 * be read first: use requestFingerprint). The replay middleware's fast path.
 */
export function heldFingerprint(req: AppRequest, options: FingerprintOptions = {}, headerValue?: HeaderValue): Fingerprint | undefined {
  const slot = req.heldSlot;
  if (slot === undefined) return undefined;
  const mode = bodyMode(options.body, req.header("content-type"));
  const headers = options.headers?.length ? headerLines(options.headers, (name) => req.header(name), headerValue) : "";
  return inHeldSlot(req, slot, headers, mode, ignoreLines(options.ignoreQuery));
}

/** The fingerprint of a stored request: the same value requestFingerprint gives for it live. */
export function fingerprintOfParts(core: Core, parts: RequestParts, options: FingerprintOptions = {}, headerValue?: HeaderValue): Fingerprint {
  const lookup = (name: string): string | undefined => {
    const values = parts.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    return values.length === 0 ? undefined : values.join(", ");
  };
  const mode = bodyMode(options.body, parts.contentType ?? lookup("content-type"));
  const body = mode === ReplayBody.IGNORE ? EMPTY : typeof parts.body === "string" ? encoder.encode(parts.body) : parts.body ?? EMPTY;
  return fingerprintOf(core, {
    line: `${parts.method} ${parts.target}`,
    headers: headerLines(options.headers, lookup, headerValue),
    body, mode, ignore: ignoreLines(options.ignoreQuery),
  });
}

/** The hash of fingerprint `a` then `b` (chain mode: each request's fingerprint mixed with the previous one). */
export function mixFingerprints(core: Core, a: Fingerprint, b: Fingerprint): Fingerprint {
  const api = core.exports;
  const at = api.replayFingerprintPtr();
  core.u8.set(fromHex(a), at + 16);
  core.u8.set(fromHex(b), at + 32);
  api.replayMix(at + 16, at + 32);
  return toHex(core.u8, at);
}

// ── the parts, as the core takes them ──────────────────────────────────────

type Mode = (typeof ReplayBody)[keyof typeof ReplayBody];

function bodyMode(option: FingerprintOptions["body"], contentType: string | undefined): Mode {
  switch (option ?? "auto") {
    case "raw": return ReplayBody.RAW;
    case "json": return ReplayBody.JSON;
    case "form": return ReplayBody.FORM;
    case "ignore": return ReplayBody.IGNORE;
    case "auto": break;
    default: throw new Error(`${ERR_FINGERPRINT_BODY}: ${JSON.stringify(option)}`);
  }
  if (contentType === undefined) return ReplayBody.RAW;
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type === "application/json" || (type.endsWith("+json") && type.includes("/"))) return ReplayBody.JSON;
  if (type === "application/x-www-form-urlencoded") return ReplayBody.FORM;
  return ReplayBody.RAW;
}

/** `name:value\n` for each allow-listed header present (the core sorts them by name and trims values). */
function headerLines(names: string[] | undefined, lookup: (name: string) => string | undefined, headerValue?: HeaderValue): string {
  let block = "";
  for (const raw of new Set((names ?? []).map((n) => n.toLowerCase()))) {
    const value = lookup(raw);
    if (value === undefined) continue;
    block += `${raw}:${headerValue ? headerValue(raw, value) : value}\n`;
  }
  return block;
}

function ignoreLines(names: string[] | undefined): string {
  return (names ?? []).join("\n");
}

interface Parts {
  line: string | Uint8Array | Span;
  headers: string;
  body: Uint8Array | Span;
  mode: Mode;
  ignore: string;
}

/** Bytes in WASM memory, or where they already lie. */
interface Span { ptr: number; length: number }

// ── where the work runs ────────────────────────────────────────────────────

/** A slot host's request: line and body where the parser left them; headers and ignore list into its arena. */
function inHeldSlot(req: AppRequest, slot: number, headers: string, mode: Mode, ignore: string): Fingerprint {
  const { core } = req;
  const head = core.slotRequest(slot);
  const input = core.slotInput(slot);
  const start = input + core.u32(head + REQ.METHOD_OFF);
  const line = { ptr: start, length: input + core.u32(head + REQ.TARGET_OFF) + core.u32(head + REQ.TARGET_LEN) - start };
  const view = mode === ReplayBody.IGNORE ? EMPTY : req.bodyView();
  const body = { ptr: view.byteOffset, length: view.length };
  const parts: Parts = { line, headers, body, mode, ignore };
  const result = attempt(core, slot, parts);
  if (result !== undefined) return result;
  if (core.slotInputCap(slot) > core.exports.stat(Stat.ARENA_CAP)) return rawOrFail(core, slot, parts);
  return inLargeSlot(core, copied(core, parts));
}

/** A request whose bytes are in JS: a slot taken for the call (a large one when they do not fit). */
function fingerprintOf(core: Core, parts: Parts): Fingerprint {
  const api = core.exports;
  const slot = api.acquire();
  if (slot === NO_SLOT) throw new Error(ERR_FINGERPRINT_NO_SLOT);
  try {
    const result = attempt(core, slot, parts);
    if (result !== undefined) return result;
  } finally {
    api.release(slot);
  }
  return inLargeSlot(core, parts);
}

/** The parts with every span copied out of WASM memory (before their slot can be reused). */
function copied(core: Core, parts: Parts): Parts {
  const copy = <T extends string | Uint8Array>(s: Span | T): T | Uint8Array =>
    typeof s === "string" || s instanceof Uint8Array ? s : core.u8.slice(s.ptr, s.ptr + s.length);
  return { ...parts, line: copy(parts.line), body: copy(parts.body) };
}

function inLargeSlot(core: Core, parts: Parts): Fingerprint {
  const api = core.exports;
  const small = api.acquire();
  if (small === NO_SLOT) throw new Error(ERR_FINGERPRINT_NO_LARGE_SLOT);
  const large = api.moveToLarge(small, 0); // releases `small`
  if (large === NO_SLOT) {
    api.release(small);
    throw new Error(ERR_FINGERPRINT_NO_LARGE_SLOT);
  }
  try {
    return attempt(core, large, parts) ?? rawOrFail(core, large, parts);
  } finally {
    api.release(large);
  }
}

/** The body's JSON or form work does not fit even a large arena: hash its bytes (documented above). */
function rawOrFail(core: Core, slot: number, parts: Parts): Fingerprint {
  const raw = parts.mode === ReplayBody.IGNORE || parts.mode === ReplayBody.RAW ? undefined : attempt(core, slot, { ...parts, mode: ReplayBody.RAW });
  if (raw === undefined) throw new Error(ERR_FINGERPRINT_TOO_LARGE);
  return raw;
}

/**
 * One replayFingerprint call in `slot`: the parts not yet in WASM memory are
 * copied into its arena (and stay there until the slot is released).
 * undefined when the arena has no room (for them, or for the core's work).
 */
function attempt(core: Core, slot: number, parts: Parts): Fingerprint | undefined {
  const line = place(core, slot, parts.line);
  const headers = place(core, slot, parts.headers);
  const body = place(core, slot, parts.body);
  const ignore = place(core, slot, parts.ignore);
  if (!line || !headers || !body || !ignore) return undefined;
  const result = core.exports.replayFingerprint(slot, line.ptr, line.length, headers.ptr, headers.length,
    body.ptr, body.length, parts.mode, ignore.ptr, ignore.length);
  if (result === -ReplayError.NO_ROOM) return undefined;
  if (result < 0) throw new Error(`${ERR_FINGERPRINT_FAILED}: ${FAILURES[-result] ?? `error ${-result}`}`);
  return toHex(core.u8, core.exports.replayFingerprintPtr());
}

/** A span as is; text (UTF-8) and bytes copied into `slot`'s arena; undefined without room. */
function place(core: Core, slot: number, part: string | Uint8Array | Span): Span | undefined {
  if (typeof part !== "string" && !(part instanceof Uint8Array)) return part;
  if (part.length === 0) return NOTHING;
  const bytes = typeof part === "string" ? encoder.encode(part) : part;
  const span = bytesInArena(core, slot, bytes);
  return span.ptr === 0 ? undefined : span;
}

const NOTHING: Span = { ptr: 0, length: 0 };

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function toHex(u8: Uint8Array, at: number): Fingerprint {
  let s = "";
  for (let i = 0; i < 16; i++) s += HEX[u8[at + i]];
  return s;
}

function fromHex(fp: Fingerprint): Uint8Array {
  if (!/^[0-9a-f]{32}$/.test(fp)) throw new Error(ERR_BAD_FINGERPRINT);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(fp.slice(i * 2, i * 2 + 2), 16);
  return out;
}
