/**
 * The WASM JSON reader and writer applied to a request body: parse strictly,
 * write back canonically (byte-identical to JSON.stringify(JSON.parse(body))).
 * Works on both request sources; all memory comes from a request arena: the
 * request's own on the Node host, a slot taken for this call on fetch hosts
 * (whose requests hold none while their handlers run). One WASM call
 * (jsonCanonicalText) puts the tape, the reordering work and the output in
 * the arena's free room, as much as each needs. A body whose work does not
 * fit in a small slot's arena is copied into a large slot taken for the
 * call (large slots keep JSON room for a body up to maxBodyBytes).
 *
 * @example
 *   const result = await canonicalJson(c.req);
 *   if (!result.ok) return c.json({ error: result.error, offset: result.offset }, result.status);
 *   return c.jsonBytes(result.json);
 */
import type { Core } from "../core/core.js";
import { JSON_ERRORS, JsonError, NO_SLOT, Stat } from "../core/abi.js";
import type { AppRequest } from "./request.js";
import { bodyInArena, bodyToCopy, releaseSlot, takeSlot } from "./arena.js";

export const ERR_NO_FREE_SLOT = "asedge: no free slot for canonicalJson (every request arena is busy)";
/** The error of a valid body whose work does not fit even a large slot's arena (413). */
export const ERR_JSON_TOO_LARGE = JSON_ERRORS[JsonError.TOO_LARGE][1];
/** The error when a large body finds every large slot busy (503). */
export const ERR_SERVER_BUSY = "server busy";

export type CanonicalJson =
  | { ok: true; json: Uint8Array }
  /** status: 400 not JSON (offset: where reading stopped), 413 too large to canonicalise, 503 no large slot free. */
  | { ok: false; status: 400 | 413 | 503; error: string; offset: number };

/** Canonical JSON of the request body, or the reader's error and byte offset. */
export async function canonicalJson(req: AppRequest): Promise<CanonicalJson> {
  const copy = await bodyToCopy(req);
  const { core } = req;
  const slot = takeSlot(req);
  if (slot === NO_SLOT) throw new Error(ERR_NO_FREE_SLOT);
  let body: Uint8Array;
  try {
    const span = bodyInArena(req, slot, copy);
    const result = span.ptr === 0 ? NO_ROOM : canonicalIn(core, slot, span.ptr, span.length);
    if (result !== NO_ROOM || core.slotInputCap(slot) > core.exports.stat(Stat.ARENA_CAP)) return result;
    body = copy ?? core.u8.slice(span.ptr, span.ptr + span.length); // before the slot goes back
  } finally {
    releaseSlot(req, slot);
  }
  return inLargeSlot(core, body);
}

/** The arena had no room for the work (TAPE_FULL / OUTPUT_FULL, or no room to copy the body in). */
const NO_ROOM: CanonicalJson = Object.freeze({ ok: false, status: 413, error: ERR_JSON_TOO_LARGE, offset: 0 });
const BUSY: CanonicalJson = Object.freeze({ ok: false, status: 503, error: ERR_SERVER_BUSY, offset: 0 });

/** The canonical form of the `length` bytes at `input`, worked out in `slot`'s free arena. */
function canonicalIn(core: Core, slot: number, input: number, length: number): CanonicalJson {
  const api = core.exports;
  const written = api.jsonCanonicalText(slot, input, length);
  if (written >= 0) {
    const out = api.jsonOutputPtr();
    return { ok: true, json: core.u8.slice(out, out + written) };
  }
  const code = -written;
  if (code === JsonError.TAPE_FULL || code === JsonError.OUTPUT_FULL) return NO_ROOM;
  if (code === JsonError.TOO_LARGE) return NO_ROOM; // over the reader's maxBytes
  return { ok: false, status: 400, error: JSON_ERRORS[code]?.[1] ?? "invalid JSON", offset: api.jsonErrorOffset() };
}

/** `body` copied into a large slot taken for this call (given back at once). */
function inLargeSlot(core: Core, body: Uint8Array): CanonicalJson {
  const api = core.exports;
  const small = api.acquire();
  if (small === NO_SLOT) return BUSY;
  const large = api.moveToLarge(small, 0); // releases `small`
  if (large === NO_SLOT) {
    api.release(small);
    return BUSY;
  }
  try {
    const input = api.slotAlloc(large, Math.max(body.length, 1), 1);
    if (input === 0) return NO_ROOM;
    core.u8.set(body, input);
    return canonicalIn(core, large, input, body.length);
  } finally {
    api.release(large);
  }
}
