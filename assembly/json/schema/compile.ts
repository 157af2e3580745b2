// Schema compiler: JSON bytes in a small JSON-Schema subset → SchemaNode tree.
// Supported keywords: type (a name or a list of names: string integer number
// boolean array object null), properties, required, items, minimum, maximum,
// minLength, maxLength, enum. Other keywords (title, description, $schema…)
// are ignored as JSON Schema says; a supported keyword with a value of the
// wrong shape makes the whole schema invalid. Runs at start-up only: it
// allocates from the runtime heap.

import { parseJson, maxDepth } from "../reader";
import {
  TAPE_STRING, TAPE_NUMBER, TAPE_ARRAY, TAPE_OBJECT, TAPE_HAS_ESCAPES,
  tapeKind, tapeWord, tapeNumber, tapeNext,
} from "../tape";
import { decodeString } from "../string_source";
import { JsonWriter } from "../writer";
import { writeTapeValue } from "../canonical";
import { JsonError } from "../errors";
import {
  SchemaNode, PropEntry, PROP_ENTRY_SIZE, propAt, MAX_PROPS,
  TYPE_STRING, TYPE_INTEGER, TYPE_NUMBER, TYPE_BOOLEAN, TYPE_ARRAY, TYPE_OBJECT, TYPE_NULL,
  HAS_MINIMUM, HAS_MAXIMUM, HAS_MIN_LENGTH, HAS_MAX_LENGTH, HAS_ENUM,
} from "./program";

/** Compiled schemas, by id. */
export const MAX_SCHEMAS: u32 = 256;
const schemas = memory.data(<i32>(MAX_SCHEMAS << 2));
let schemaCount: u32 = 0;

/** Root node of schema `id`, or 0 when there is no such schema. */
export function schemaRoot(id: u32): usize {
  return id < schemaCount ? load<usize>(schemas + (<usize>id << 2)) : 0;
}

// Compilation state (start-up only, one at a time).
let src: usize = 0;
let tape: usize = 0;
let failed = false;

/** Does the string at tape index i equal the ASCII text `name`? */
function keyIs(i: u32, name: string): bool {
  const len = tapeWord(tape, i + 2);
  if (len != <u32>name.length || (tapeWord(tape, i) & TAPE_HAS_ESCAPES)) return false;
  const p = src + tapeWord(tape, i + 1);
  for (let k: u32 = 0; k < len; k++) {
    if (<u32>load<u8>(p + k) != <u32>name.charCodeAt(k)) return false;
  }
  return true;
}

function typeBit(i: u32): u32 {
  if (tapeKind(tape, i) != TAPE_STRING) return 0;
  if (keyIs(i, "string")) return TYPE_STRING;
  if (keyIs(i, "integer")) return TYPE_INTEGER;
  if (keyIs(i, "number")) return TYPE_NUMBER;
  if (keyIs(i, "boolean")) return TYPE_BOOLEAN;
  if (keyIs(i, "array")) return TYPE_ARRAY;
  if (keyIs(i, "object")) return TYPE_OBJECT;
  if (keyIs(i, "null")) return TYPE_NULL;
  return 0;
}

/** A non-negative integer keyword value, or fail. */
function count(i: u32): u32 {
  if (tapeKind(tape, i) != TAPE_NUMBER) { failed = true; return 0; }
  const v = tapeNumber(tape, i);
  if (!(v >= 0 && v <= 4294967295.0 && v == Math.floor(v))) { failed = true; return 0; }
  return <u32>v;
}

function number(i: u32): f64 {
  if (tapeKind(tape, i) != TAPE_NUMBER) { failed = true; return 0; }
  return tapeNumber(tape, i);
}

/** Heap copy of the decoded string at tape index i. */
function copyString(i: u32): usize {
  const len = tapeWord(tape, i + 2);
  const p = heap.alloc(<usize>len + 1);
  store<u32>(changetype<usize>(scratchLen), decodeString(p, src + tapeWord(tape, i + 1), len));
  return p;
}
const scratchLen = memory.data(4); // length out-parameter of copyString

function findProp(node: SchemaNode, name: usize, len: u32): i32 {
  for (let k: u32 = 0; k < node.propCount; k++) {
    const e = propAt(node, k);
    if (e.nameLen == len && memory.compare(e.name, name, len) == 0) return <i32>k;
  }
  return -1;
}

// Work region for enum values that are objects needing reordering.
const WORK_CAP: u32 = 2048;
const work = memory.data(<i32>WORK_CAP);

function compileEnum(node: SchemaNode, i: u32): void {
  if (tapeKind(tape, i) != TAPE_ARRAY) { failed = true; return; }
  const end = tapeWord(tape, i + 1);
  // Canonical JSON is never more than 8× its source here plus a little
  // (1e20 → 100000000000000000000 is the worst growth: 4 → 21 bytes).
  const room: usize = <usize>((end - i) * 24 + 64);
  const buf = heap.alloc(room);
  const w = changetype<JsonWriter>(heap.alloc(offsetof<JsonWriter>()));
  let at: usize = 0;
  let n: u32 = 0;
  for (let j = i + 3; j < end - 1; j = tapeNext(tape, j)) {
    w.init(buf + at + 4, <u32>(room - at - 4), 0);
    writeTapeValue(w, src, tape, j, work, WORK_CAP);
    if (w.error) { failed = true; return; }
    store<u32>(buf + at, w.pos);
    at += 4 + <usize>w.pos;
    n++;
  }
  node.enumData = buf;
  node.enumCount = n;
  node.flags |= HAS_ENUM;
}

function compileNode(i: u32): SchemaNode {
  const node = changetype<SchemaNode>(heap.alloc(offsetof<SchemaNode>()));
  memory.fill(changetype<usize>(node), 0, offsetof<SchemaNode>());
  if (tapeKind(tape, i) != TAPE_OBJECT) { failed = true; return node; }
  const end = tapeWord(tape, i + 1) - 1;
  // First pass: properties (so "required" can find them in any order).
  for (let k = i + 3; k < end; k = tapeNext(tape, k + 3)) {
    if (!keyIs(k, "properties")) continue;
    const v = k + 3;
    if (tapeKind(tape, v) != TAPE_OBJECT) { failed = true; return node; }
    const n = tapeWord(tape, v + 2);
    if (n > MAX_PROPS) { failed = true; return node; }
    node.props = heap.alloc(<usize>(n + MAX_PROPS) * PROP_ENTRY_SIZE); // room for required-only names
    const vend = tapeWord(tape, v + 1) - 1;
    for (let p = v + 3; p < vend; p = tapeNext(tape, p + 3)) {
      const e = propAt(node, node.propCount++);
      e.name = copyString(p);
      e.nameLen = load<u32>(scratchLen);
      e.node = changetype<usize>(compileNode(p + 3));
      e.required = 0;
    }
  }
  for (let k = i + 3; k < end && !failed; k = tapeNext(tape, k + 3)) {
    const v = k + 3;
    if (keyIs(k, "type")) {
      if (tapeKind(tape, v) == TAPE_ARRAY) {
        const vend = tapeWord(tape, v + 1) - 1;
        for (let j = v + 3; j < vend; j = tapeNext(tape, j)) {
          const b = typeBit(j);
          if (!b) failed = true;
          node.types |= b;
        }
      } else {
        node.types = typeBit(v);
        if (!node.types) failed = true;
      }
    } else if (keyIs(k, "required")) {
      if (tapeKind(tape, v) != TAPE_ARRAY) { failed = true; break; }
      if (!node.props) node.props = heap.alloc(<usize>MAX_PROPS * PROP_ENTRY_SIZE);
      const vend = tapeWord(tape, v + 1) - 1;
      for (let j = v + 3; j < vend; j = tapeNext(tape, j)) {
        if (tapeKind(tape, j) != TAPE_STRING) { failed = true; break; }
        const name = copyString(j);
        const len = load<u32>(scratchLen);
        let at = findProp(node, name, len);
        if (at < 0) {
          if (node.propCount >= MAX_PROPS) { failed = true; break; }
          at = <i32>node.propCount;
          node.propCount++;
          const e = propAt(node, at);
          e.name = name;
          e.nameLen = len;
          e.node = 0;
        }
        propAt(node, at).required = 1;
      }
    } else if (keyIs(k, "items")) {
      node.items = changetype<usize>(compileNode(v));
    } else if (keyIs(k, "minimum")) {
      node.minimum = number(v);
      node.flags |= HAS_MINIMUM;
    } else if (keyIs(k, "maximum")) {
      node.maximum = number(v);
      node.flags |= HAS_MAXIMUM;
    } else if (keyIs(k, "minLength")) {
      node.minLength = count(v);
      node.flags |= HAS_MIN_LENGTH;
    } else if (keyIs(k, "maxLength")) {
      node.maxLength = count(v);
      node.flags |= HAS_MAX_LENGTH;
    } else if (keyIs(k, "enum")) {
      compileEnum(node, v);
    }
  }
  return node;
}

/** Compile the schema text [ptr, ptr + len); returns its id or -JsonError. */
export function compileSchema(ptr: usize, len: u32): i32 {
  if (schemaCount >= MAX_SCHEMAS) return -JsonError.SCHEMA_TOO_MANY;
  const words = len * 3 + 8;
  const t = heap.alloc(<usize>words << 2);
  const n = parseJson(ptr, len, t, words, maxDepth);
  if (n < 0) return n;
  src = ptr;
  tape = t;
  failed = false;
  const root = compileNode(0);
  if (failed) return -JsonError.SCHEMA_INVALID;
  store<usize>(schemas + (<usize>schemaCount << 2), changetype<usize>(root));
  const id = schemaCount++;
  return <i32>id;
}
