/**
 * The WASM JSON reader and writer applied to a request body: parse strictly,
 * write back canonically (byte-identical to JSON.stringify(JSON.parse(body))).
 * Works on both request sources; all memory comes from the request's arena.
 */
import { JSON_ERRORS, JsonError } from "../abi.js";
import { SlotRequest, type AppRequest } from "./request.js";

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
  const { core, slot } = req;
  const api = core.exports;
  let input: number;
  let length: number;
  if (req instanceof SlotRequest) {
    const body = req.bodyView();
    input = body.byteOffset;
    length = body.length;
  } else {
    const bytes = new Uint8Array(await req.arrayBuffer());
    length = bytes.length;
    input = api.slotAlloc(slot, Math.max(length, 1), 1);
    if (input === 0) return tooLarge();
    core.u8.set(bytes, input);
  }
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
