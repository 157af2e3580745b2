// One core instance for the JSON tests, with helpers that move bytes in and
// out through the real ABI. Regions come from one acquired slot's arena; the
// input is copied to the very end of linear memory so any over-read traps.
import { instantiateCore } from "../../host/node/core-file.js";
import { Tape, SCHEMA_COERCE } from "../../host/core/abi.js";

export const core = instantiateCore();
core.configure(0, 0, 0, 0, 2, 8 << 20, 0);
const slot = core.acquire();
const base = core.slotInput(slot);
const OUT = base;
const OUT_CAP = 4 << 20;
const SCRATCH = base + OUT_CAP;
const SCRATCH_CAP = 4 << 20;

const u8 = () => new Uint8Array(core.memory.buffer);
const dv = () => new DataView(core.memory.buffer);
const decoder = new TextDecoder();

/** Copy bytes so they end exactly at the end of linear memory; returns their address. */
export function putAtEnd(bytes: Uint8Array): number {
  const at = core.memory.buffer.byteLength - bytes.length;
  u8().set(bytes, at);
  return at;
}

export type Outcome = { ok: true; text: string } | { ok: false; code: number; offset: number; reason: string };

function reasonOf(code: number): string {
  const n = core.jsonErrorReason(code);
  return decoder.decode(u8().subarray(core.jsonErrorReasonPtr(), core.jsonErrorReasonPtr() + n));
}

/** jsonCanonical on raw bytes. */
export function canonicalBytes(bytes: Uint8Array): Outcome {
  const at = putAtEnd(bytes);
  const n = core.jsonCanonical(at, bytes.length, OUT, OUT_CAP, SCRATCH, SCRATCH_CAP);
  if (n < 0) return { ok: false, code: -n, offset: core.jsonErrorOffset(), reason: reasonOf(-n) };
  return { ok: true, text: decoder.decode(u8().subarray(OUT, OUT + n)) };
}

/** jsonCanonical on a JS string (UTF-8 encoded; lone surrogates must be escaped). */
export function canonical(text: string): Outcome {
  return canonicalBytes(Buffer.from(text, "utf8"));
}

/** Parse then write the root with JSON.stringify-style indentation. */
export function pretty(text: string, indent: number): string {
  const bytes = Buffer.from(text, "utf8");
  const at = putAtEnd(bytes);
  const words = core.jsonParse(at, bytes.length, SCRATCH, SCRATCH_CAP);
  if (words < 0) throw new Error(`parse failed: ${words}`);
  const n = core.jsonWriteTape(at, SCRATCH, 0, OUT, OUT_CAP, indent, SCRATCH + 4 * words, SCRATCH_CAP - 4 * words);
  if (n < 0) throw new Error(`write failed: ${n}`);
  return decoder.decode(u8().subarray(OUT, OUT + n));
}

/**
 * Parse text and return the tape as words plus the doubles of every NUMBER
 * node in document order (read straight from tape memory: KIND word, then
 * the f64 in the next two words).
 */
export function parseTape(text: string): { words: number[]; numbers: number[] } {
  const bytes = Buffer.from(text, "utf8");
  const at = putAtEnd(bytes);
  const count = core.jsonParse(at, bytes.length, SCRATCH, SCRATCH_CAP);
  if (count < 0) throw new Error(`parse failed: ${-count} at ${core.jsonErrorOffset()}`);
  const view = dv();
  const words: number[] = [];
  for (let i = 0; i < count; i++) words.push(view.getUint32(SCRATCH + 4 * i, true));
  const numbers: number[] = [];
  for (let i = 0; i < count;) {
    const kind = words[i] & 0xff;
    if (kind === Tape.NUMBER) numbers.push(view.getFloat64(SCRATCH + 4 * (i + 1), true));
    i += kind === Tape.NUMBER || kind === Tape.STRING || kind === Tape.ARRAY || kind === Tape.OBJECT ? 3 : 1;
  }
  return { words, numbers };
}

/** Decode the STRING node at tape word `at` of the last parse of `text`. */
export function decodeStringAt(text: string, at: number): Uint8Array {
  const bytes = Buffer.from(text, "utf8");
  const inAt = core.memory.buffer.byteLength - bytes.length;
  const n = core.jsonDecodeString(inAt, SCRATCH, at, OUT);
  if (n < 0) throw new Error(`not a string: ${n}`);
  return u8().slice(OUT, OUT + n);
}

/** Compile a schema; returns its id (≥ 0) or -code. */
export function compileSchema(schema: string): number {
  const bytes = Buffer.from(schema, "utf8");
  u8().set(bytes, OUT);
  return core.schemaCompile(OUT, bytes.length);
}

/** Parse body and validate it against schema id; returns [result, output JSON]. */
export function validate(id: number, body: string, coerce = false): [number, unknown] {
  const bytes = Buffer.from(body, "utf8");
  const at = putAtEnd(bytes);
  const words = core.jsonParse(at, bytes.length, SCRATCH, SCRATCH_CAP);
  if (words < 0) throw new Error(`parse failed: ${-words}`);
  const r = core.schemaValidate(id, at, SCRATCH, 0, OUT, OUT_CAP, coerce ? SCHEMA_COERCE : 0);
  const n = core.schemaOutputLength();
  const p = core.schemaOutputPtr();
  return [r, n ? JSON.parse(decoder.decode(u8().subarray(p, p + n))) : null];
}
