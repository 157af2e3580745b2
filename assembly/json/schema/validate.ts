// Schema validation of a parsed value (a tape), with optional coercion of
// string values for query/path parameters: when the schema does not allow a
// string but allows integer/number/boolean, "123" → 123, "1.5" → 1.5,
// "true"/"false" → true/false (the string must be exactly a JSON number or
// literal: no spaces, no escapes).
//
// A string also becomes a one-element array where the schema wants an array
// (?tag=a → ["a"]; repeated query names arrive as arrays already).
//
// Output (validateOutputPtr, validateOutputLength):
//   valid   → the value as canonical JSON, coerced values in place, in the
//             caller's region (nothing when the caller only checks)
//   invalid → [{"path":"/items/0/name","message":"…"},…] in a static buffer
//             (JSON Pointer paths; at most MAX_ERRORS listed, the return
//             value counts them all)

import {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT,
  TAPE_HAS_ESCAPES, tapeKind, tapeWord, tapeNumber, tapeNext,
} from "../tape";
import { JsonWriter } from "../writer";
import { writeTapeValue } from "../canonical";
import { decodeString } from "../string_source";
import { parseJson } from "../reader";
import { writeF64 } from "../number_format";
import { writeU64 } from "../digits";
import { JsonError } from "../errors";
import {
  SchemaNode, propAt, TYPE_STRING, TYPE_INTEGER, TYPE_NUMBER, TYPE_BOOLEAN, TYPE_ARRAY,
  TYPE_OBJECT, TYPE_NULL, HAS_MINIMUM, HAS_MAXIMUM, HAS_MIN_LENGTH, HAS_MAX_LENGTH, HAS_ENUM,
} from "./program";
import { schemaRoot } from "./compile";

export const MAX_ERRORS: u32 = 32;
const PATH_CAP: u32 = 512;
const ERRORS_CAP: u32 = 8192;
const SCRATCH_CAP: u32 = 1024;

// Static regions (validation is not reentrant; wasm is single-threaded).
const pathBuf = memory.data(<i32>PATH_CAP);
const errorsBuf = memory.data(<i32>ERRORS_CAP);
const scratch = memory.data(<i32>SCRATCH_CAP);     // decoded strings, enum candidates
const message = memory.data(96);
const WORK_CAP: u32 = 8192;
const work = memory.data(<i32>WORK_CAP);             // object reordering (canonical.ts)
const numberTape = memory.data(16);                // one NUMBER node for coercion
const outWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));
const errWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));
const enumWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

let src: usize = 0;
let tape: usize = 0;
let pathLen: u32 = 0;
let errorCount: u32 = 0;
let coerce = false;
let writeValue = true;

/** Where the last validate() left its output, and its length in bytes. */
export let validateOutputPtr: usize = 0;
export let validateOutputLength: u32 = 0;

/** Copy the value at tape index i to the output as it is (unless only checking). */
function copyValue(i: u32): void {
  if (writeValue) writeTapeValue(outWriter, src, tape, i, work, WORK_CAP);
}

/** Append an ASCII static string to message at offset; returns the new offset. */
function ascii(at: u32, s: string): u32 {
  const n = <u32>s.length;
  for (let k: u32 = 0; k < n && at < 96; k++) store<u8>(message + at++, <u8>s.charCodeAt(k));
  return at;
}

function report(len: u32): void {
  errorCount++;
  // List at most MAX_ERRORS, and only while a worst-case entry still fits.
  if (errorCount > MAX_ERRORS || errWriter.cap - errWriter.pos < PATH_CAP * 6 / 5 + 160) return;
  const w = errWriter;
  w.beginObject();
  w.key(changetype<usize>(PATH_KEY), 4);
  w.string(pathBuf, pathLen);
  w.key(changetype<usize>(MESSAGE_KEY), 7);
  w.string(message, len);
  w.endObject();
}
const PATH_KEY = memory.data<u8>([112, 97, 116, 104]);                   // "path"
const MESSAGE_KEY = memory.data<u8>([109, 101, 115, 115, 97, 103, 101]); // "message"

function reportText(s: string): void {
  report(ascii(0, s));
}

function reportBound(s: string, v: f64): void {
  const at = ascii(0, s);
  report(at + writeF64(message + at, v));
}

/** Push "/" + a member name (JSON Pointer escaping: ~ → ~0, / → ~1). */
function pushName(name: usize, len: u32): u32 {
  const saved = pathLen;
  if (pathLen < PATH_CAP) store<u8>(pathBuf + pathLen++, 47);
  for (let k: u32 = 0; k < len && pathLen + 2 <= PATH_CAP; k++) {
    const c = load<u8>(name + k);
    if (c == 126 || c == 47) {
      store<u8>(pathBuf + pathLen++, 126);
      store<u8>(pathBuf + pathLen++, c == 126 ? 48 : 49);
    } else {
      store<u8>(pathBuf + pathLen++, c);
    }
  }
  return saved;
}

function pushIndex(i: u32): u32 {
  const saved = pathLen;
  if (pathLen + 12 <= PATH_CAP) {
    store<u8>(pathBuf + pathLen++, 47);
    pathLen += writeU64(pathBuf + pathLen, i);
  }
  return saved;
}

function typeName(types: u32): string {
  if (types & TYPE_OBJECT) return "expected object";
  if (types & TYPE_ARRAY) return "expected array";
  if (types & TYPE_STRING) return "expected string";
  if (types & TYPE_INTEGER) return "expected integer";
  if (types & TYPE_NUMBER) return "expected number";
  if (types & TYPE_BOOLEAN) return "expected boolean";
  return "expected null";
}

/** Is the canonical JSON in enumWriter one of node's enum values? */
function inEnum(node: SchemaNode): bool {
  if (enumWriter.error) return false; // longer than any value we could match
  let p = node.enumData;
  for (let k: u32 = 0; k < node.enumCount; k++) {
    const len = load<u32>(p);
    if (len == enumWriter.pos && memory.compare(p + 4, enumWriter.ptr, len) == 0) return true;
    p += 4 + <usize>len;
  }
  return false;
}

function checkNumber(node: SchemaNode, v: f64): void {
  if ((node.flags & HAS_MINIMUM) && !(v >= node.minimum)) reportBound("must be >= ", node.minimum);
  if ((node.flags & HAS_MAXIMUM) && !(v <= node.maximum)) reportBound("must be <= ", node.maximum);
  if (node.flags & HAS_ENUM) {
    enumWriter.init(scratch, SCRATCH_CAP, 0);
    enumWriter.f64(v);
    if (!inEnum(node)) reportText("must be one of the allowed values");
  }
}

/** Try to read string text[0, len) as what node wants; writes the value and returns true. */
function coerceString(node: SchemaNode, text: usize, len: u32): bool {
  const types = node.types;
  if (types & TYPE_BOOLEAN) {
    if (len == 4 && load<u32>(text) == 0x65757274) { // "true"
      outWriter.bool(true);
      return true;
    }
    if (len == 5 && load<u32>(text) == 0x736c6166 && load<u8>(text, 4) == 101) { // "false"
      outWriter.bool(false);
      return true;
    }
  }
  if (types & (TYPE_INTEGER | TYPE_NUMBER) && len > 0) {
    const first = load<u8>(text);
    const last = load<u8>(text + len - 1);
    if ((first == 45 || first - 48 < 10) && last - 48 < 10 && parseJson(text, len, numberTape, 4, 1) == 3) {
      const v = tapeNumber(numberTape, 0);
      if (!(types & TYPE_NUMBER) && v != Math.floor(v)) return false;
      if (!isFinite(v)) return false;
      outWriter.f64(v);
      checkNumber(node, v);
      return true;
    }
  }
  return false;
}

function codePoints(p: usize, len: u32): u32 {
  let n: u32 = 0;
  for (let k: u32 = 0; k < len; k++) if ((load<u8>(p + k) & 0xc0) != 0x80) n++;
  return n;
}

function validateValue(node: SchemaNode | null, i: u32): void {
  if (!node) {
    copyValue(i);
    return;
  }
  const kind = tapeKind(tape, i);
  const types = node.types;
  let have: u32;
  switch (kind) {
    case TAPE_NULL: have = TYPE_NULL; break;
    case TAPE_TRUE:
    case TAPE_FALSE: have = TYPE_BOOLEAN; break;
    case TAPE_NUMBER: {
      const v = tapeNumber(tape, i);
      have = v == Math.floor(v) && isFinite(v) ? TYPE_NUMBER | TYPE_INTEGER : TYPE_NUMBER;
      break;
    }
    case TAPE_STRING: have = TYPE_STRING; break;
    case TAPE_ARRAY: have = TYPE_ARRAY; break;
    default: have = TYPE_OBJECT;
  }
  if (types && !(types & have)) {
    if (kind == TAPE_STRING && coerce) {
      if (!(tapeWord(tape, i) & TAPE_HAS_ESCAPES)
        && coerceString(node, src + tapeWord(tape, i + 1), tapeWord(tape, i + 2))) return;
      if (types & TYPE_ARRAY) {
        outWriter.beginArray();
        const saved = pushIndex(0);
        validateValue(changetype<SchemaNode | null>(node.items), i);
        pathLen = saved;
        outWriter.endArray();
        return;
      }
    }
    reportText(typeName(types));
    copyValue(i);
    return;
  }
  if (kind == TAPE_ARRAY) {
    outWriter.beginArray();
    const end = tapeWord(tape, i + 1) - 1;
    let index: u32 = 0;
    for (let j = i + 3; j < end; j = tapeNext(tape, j)) {
      const saved = pushIndex(index++);
      validateValue(changetype<SchemaNode | null>(node.items), j);
      pathLen = saved;
    }
    outWriter.endArray();
  } else if (kind == TAPE_OBJECT) {
    outWriter.beginObject();
    const end = tapeWord(tape, i + 1) - 1;
    let seen: u64 = 0;
    for (let k = i + 3; k < end; k = tapeNext(tape, k + 3)) {
      const off = tapeWord(tape, k + 1);
      const len = tapeWord(tape, k + 2);
      const escaped = (tapeWord(tape, k) & TAPE_HAS_ESCAPES) != 0;
      let name = src + off;
      let nameLen = len;
      if (escaped && len <= SCRATCH_CAP) {
        nameLen = decodeString(scratch, name, len);
        name = scratch;
      }
      let child: usize = 0;
      for (let p: u32 = 0; p < node.propCount; p++) {
        const e = propAt(node, p);
        if (e.nameLen == nameLen && memory.compare(e.name, name, nameLen) == 0) {
          child = e.node;
          seen |= <u64>1 << p;
          break;
        }
      }
      outWriter.sourceKey(src + off, len, escaped);
      const saved = pushName(name, nameLen);
      validateValue(changetype<SchemaNode | null>(child), k + 3);
      pathLen = saved;
    }
    for (let p: u32 = 0; p < node.propCount; p++) {
      const e = propAt(node, p);
      if (e.required && !(seen & (<u64>1 << p))) {
        const saved = pushName(e.name, e.nameLen);
        reportText("is required");
        pathLen = saved;
      }
    }
    outWriter.endObject();
  } else {
    copyValue(i);
    if (kind == TAPE_NUMBER) {
      checkNumber(node, tapeNumber(tape, i));
    } else if (kind == TAPE_STRING) {
      const flags = node.flags;
      if (flags & (HAS_MIN_LENGTH | HAS_MAX_LENGTH)) {
        let p = src + tapeWord(tape, i + 1);
        let len = tapeWord(tape, i + 2);
        if ((tapeWord(tape, i) & TAPE_HAS_ESCAPES) && len <= SCRATCH_CAP) {
          len = decodeString(scratch, p, len);
          p = scratch;
        }
        const n = codePoints(p, len);
        if ((flags & HAS_MIN_LENGTH) && n < node.minLength) reportBound("length must be >= ", <f64>node.minLength);
        if ((flags & HAS_MAX_LENGTH) && n > node.maxLength) reportBound("length must be <= ", <f64>node.maxLength);
      }
    }
    if (kind != TAPE_NUMBER && (node.flags & HAS_ENUM)) {
      enumWriter.init(scratch, SCRATCH_CAP, 0);
      writeTapeValue(enumWriter, src, tape, i, work, WORK_CAP);
      if (!inEnum(node)) reportText("must be one of the allowed values");
    }
  }
}

/**
 * Validate the value at tape index `at` (parsed from input) against schema
 * `id`, writing the valid value into out[0, outCap) unless `checkOnly`.
 * Returns the number of errors (0 = valid) or -JsonError; the output (see
 * above) is at validateOutputPtr.
 */
export function validate(id: u32, input: usize, tapePtr: usize, at: u32, outPtr: usize, outCap: u32,
  coerceStrings: bool, checkOnly: bool): i32 {
  validateOutputPtr = outPtr;
  validateOutputLength = 0;
  const root = schemaRoot(id);
  if (!root) return -JsonError.SCHEMA_UNKNOWN;
  src = input;
  tape = tapePtr;
  pathLen = 0;
  errorCount = 0;
  coerce = coerceStrings;
  writeValue = !checkOnly;
  outWriter.init(outPtr, checkOnly ? 0 : outCap, 0);
  errWriter.init(errorsBuf, ERRORS_CAP, 0);
  errWriter.beginArray();
  validateValue(changetype<SchemaNode>(root), at);
  if (errorCount == 0) {
    if (checkOnly) return 0;
    if (outWriter.error) return -<i32>outWriter.error;
    validateOutputLength = outWriter.pos;
    return 0;
  }
  errWriter.endArray();
  if (errWriter.error) return -JsonError.OUTPUT_FULL;
  validateOutputPtr = errorsBuf;
  validateOutputLength = errWriter.pos;
  return <i32>errorCount;
}
