// The JSON calls a host makes on regions it passes (abi.ts exports them):
// write a tape back as JSON, parse-then-write in one call, decode one string,
// validate against a compiled schema, and the reason text of an error code.

import { JsonError, jsonErrorReason as jsonReasonOf } from "./errors";
import { parseJson, maxDepth as jsonMaxDepth } from "./reader";
import { JsonWriter } from "./writer";
import { writeTapeValue } from "./canonical";
import { decodeString } from "./string_source";
import { TAPE_STRING, tapeKind, tapeWord } from "./tape";
import { validate as validateSchema } from "./schema/validate";
import { writeAscii } from "../util/bytes";

// One writer struct for the ABI calls (one call at a time).
const jsonWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

/**
 * Write the value at tape word `at` (tape parsed from inPtr) as JSON into
 * out[0, outCap); indent 0 = compact, 1–10 = JSON.stringify(v, null, indent).
 * [workPtr, workPtr + workCap) is scratch for objects whose JavaScript key
 * order differs from the source (repeated or array-index keys); a few KiB
 * is plenty for ordinary documents. Returns bytes written or -JSON_ERR_*.
 */
export function jsonWriteTape(inPtr: usize, tapePtr: usize, at: u32, outPtr: usize, outCap: u32, indent: u32, workPtr: usize, workCap: u32): i32 {
  const w = jsonWriter;
  w.init(outPtr, outCap, indent);
  writeTapeValue(w, inPtr, tapePtr, at, workPtr, workCap);
  return w.result();
}

/**
 * Parse then write: JSON.stringify(JSON.parse(text)) bytes, or -JSON_ERR_*.
 * The scratch region holds the tape, then reordering work.
 */
export function jsonCanonical(inPtr: usize, inLen: u32, outPtr: usize, outCap: u32, scratchPtr: usize, scratchCap: u32): i32 {
  const words = parseJson(inPtr, inLen, scratchPtr, scratchCap >> 2, jsonMaxDepth);
  if (words < 0) return words;
  const tapeBytes = min(((<u32>words << 2) + 7) & ~7, scratchCap);
  return jsonWriteTape(inPtr, scratchPtr, 0, outPtr, outCap, 0, scratchPtr + tapeBytes, scratchCap - tapeBytes);
}

const JSON_REASON_BUF = memory.data(64);

/** Write the ASCII reason of a JSON_ERR_* code at jsonErrorReasonPtr(); returns its length. */
export function jsonErrorReason(code: u32): u32 {
  return writeAscii(JSON_REASON_BUF, jsonReasonOf(code), 64);
}

/** Where jsonErrorReason() writes. */
export function jsonErrorReasonPtr(): usize {
  return JSON_REASON_BUF;
}

/**
 * Resolve the escapes of the STRING at tape word `at` into WTF-8 at outPtr
 * (room for its source length is always enough). Returns bytes written or
 * -JSON_ERR_INVALID_TAPE when `at` is not a string.
 */
export function jsonDecodeString(inPtr: usize, tapePtr: usize, at: u32, outPtr: usize): i32 {
  if (tapeKind(tapePtr, at) != TAPE_STRING) return -JsonError.INVALID_TAPE;
  return <i32>decodeString(outPtr, inPtr + tapeWord(tapePtr, at + 1), tapeWord(tapePtr, at + 2));
}

/** schemaValidate flag: coerce string values ("123" → 123, "true" → true, "a" → ["a"]) as for query/params. */
export const SCHEMA_COERCE: u32 = 1;
/** schemaValidate flag: only check; a valid value is not written out (the host has its text already). */
export const SCHEMA_CHECK_ONLY: u32 = 2;

/**
 * Validate the value at tape word `at` (tape parsed from inPtr) against a
 * compiled schema. Returns 0 when valid (the value as canonical JSON, coerced,
 * written at outPtr), the error count when invalid ([{"path","message"}…] in
 * a static buffer, valid until the next call), or -JSON_ERR_*. Either output
 * is at schemaOutputPtr(), schemaOutputLength() bytes.
 */
export function schemaValidate(id: u32, inPtr: usize, tapePtr: usize, at: u32, outPtr: usize, outCap: u32, flags: u32): i32 {
  return validateSchema(id, inPtr, tapePtr, at, outPtr, outCap, (flags & SCHEMA_COERCE) != 0, (flags & SCHEMA_CHECK_ONLY) != 0);
}
