/**
 * The WASM JSON reader and writer applied to a request body: parse strictly,
 * write back canonically (byte-identical to JSON.stringify(JSON.parse(body))).
 * Works on both request sources; all memory comes from a request arena: the
 * request's own on the Node host, a slot taken for this call on fetch hosts
 * (whose requests hold none while their handlers run).
 */
import type { Core } from "../core.js";
import { JSON_ERRORS, JsonError, NO_SLOT } from "../abi.js";
import type { AppRequest } from "./request.js";
import { bodyInArena, bodyToCopy, releaseSlot, takeSlot } from "./arena.js";

export const ERR_NO_FREE_SLOT = "asedge: no free slot for canonicalJson (every request arena is busy)";

export type CanonicalJson =
  | { ok: true; json: Uint8Array }
  | { ok: false; error: string; offset: number };

/** Tape bytes reserved per body byte (a tape uses at most 3 words per value; values take ≥ 1 byte). */
const TAPE_BYTES_PER_BYTE = 12;
/** Output bytes reserved per body byte (numbers like 1e20 grow when written out). */
const OUTPUT_BYTES_PER_BYTE = 4;
const SLACK = 256;

/** Canonical JSON of the request body, or the reader's error and byte offset. */
export async function canonicalJson(req: AppRequest): Promise<CanonicalJson> {
  const copy = await bodyToCopy(req);
  const slot = takeSlot(req);
  if (slot === NO_SLOT) throw new Error(ERR_NO_FREE_SLOT);
  try {
    const body = bodyInArena(req, slot, copy);
    return body.ptr === 0 ? tooLarge() : canonicalIn(req.core, slot, body.ptr, body.length);
  } finally {
    releaseSlot(req, slot);
  }
}

/** The canonical form of the `length` bytes at `input`, worked out in `slot`'s arena. */
function canonicalIn(core: Core, slot: number, input: number, length: number): CanonicalJson {
  const api = core.exports;
  const scratchCap = length * TAPE_BYTES_PER_BYTE + SLACK;
  const outCap = length * OUTPUT_BYTES_PER_BYTE + SLACK;
  const scratch = api.slotAlloc(slot, scratchCap, 8);
  const out = scratch === 0 ? 0 : api.slotAlloc(slot, outCap, 1);
  if (out === 0) return tooLarge();
  const written = api.jsonCanonical(input, length, out, outCap, scratch, scratchCap);
  if (written >= 0) return { ok: true, json: core.u8.slice(out, out + written) };
  const code = -written;
  if (code === JsonError.TAPE_FULL || code === JsonError.OUTPUT_FULL) return tooLarge();
  return { ok: false, error: JSON_ERRORS[code]?.[1] ?? "invalid JSON", offset: api.jsonErrorOffset() };
}

function tooLarge(): CanonicalJson {
  return { ok: false, error: JSON_ERRORS[JsonError.TOO_LARGE][1], offset: 0 };
}
