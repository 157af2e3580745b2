// Tape → JSON bytes through the writer: the round trip
// parse(text) then write gives exactly JSON.stringify(JSON.parse(text)).
// The tape is in document order with explicit end words and keys flagged,
// so a plain document is one linear loop. Objects whose JavaScript property
// order differs from the source (repeated keys, array-index keys) are written
// member by member in that order (object_order.ts), using the work region.
//
// canonicalInArena() runs the whole round trip in an arena's free room, the
// way schemaValidateText does: the tape takes the room first, the work the
// reordering needs (workBytes) goes after it, the output after that; then
// the output is moved down to the mark and the rest is given back.
//
//   during: mark  tape              work          out
//           ├─────┴── words × 4 ─────┴── need ─────┴── written ──┤ … free … end
//   after:  mark ── front ──┬── output ──┤ top         (the rest is free again)

import { JsonWriter } from "./writer";
import {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT,
  TAPE_ARRAY_END, TAPE_OBJECT_END, TAPE_HAS_ESCAPES, TAPE_IS_KEY, tapeWord, tapeNumber, tapeNext,
} from "./tape";
import { JsonError } from "./errors";
import {
  objectIsPlain, orderMembers, orderedCount, orderedBytes, orderedKeyAt, orderedValueAt, orderWorkBytes,
} from "./object_order";
import { parseJson, maxDepth } from "./reader";
import { Arena, arenaAlloc, arenaFree, arenaMark, arenaReset } from "../arena/arena";

/** Members of a reordered object, in JS order. */
function writeOrderedObject(w: JsonWriter, src: usize, tape: usize, obj: u32, work: usize, workCap: u32): void {
  if (!orderMembers(src, tape, obj, work, workCap)) {
    w.error = JsonError.TAPE_FULL;
    return;
  }
  const count = orderedCount;
  const used = (orderedBytes + 7) & ~7; // the list stays; work after it is free
  w.beginObject();
  for (let i: u32 = 0; i < count && !w.error; i++) {
    const k = orderedKeyAt(work, i);
    w.sourceKey(src + tapeWord(tape, k + 1), tapeWord(tape, k + 2), (tapeWord(tape, k) & TAPE_HAS_ESCAPES) != 0);
    writeTapeValue(w, src, tape, orderedValueAt(work, i), work + used, workCap - used);
  }
  w.endObject();
}

/**
 * Write the value at tape index `at` (and everything inside it). `src` is the
 * input the tape was parsed from; [work, work + workCap) is scratch for
 * objects that need reordering (JsonError.TAPE_FULL when it is too small).
 */
export function writeTapeValue(w: JsonWriter, src: usize, tape: usize, at: u32, work: usize, workCap: u32): void {
  const end = tapeNext(tape, at);
  let i = at;
  while (i < end && !w.error) {
    const head = tapeWord(tape, i);
    switch (head & 0xff) {
      case TAPE_OBJECT:
        if (objectIsPlain(src, tape, i)) {
          w.beginObject();
          i += 3;
        } else {
          writeOrderedObject(w, src, tape, i, work, workCap);
          i = tapeWord(tape, i + 1);
        }
        continue;
      case TAPE_ARRAY: w.beginArray(); i += 3; continue;
      case TAPE_OBJECT_END: w.endObject(); i++; continue;
      case TAPE_ARRAY_END: w.endArray(); i++; continue;
      case TAPE_STRING: {
        const off = tapeWord(tape, i + 1);
        const len = tapeWord(tape, i + 2);
        const escaped = (head & TAPE_HAS_ESCAPES) != 0;
        if (head & TAPE_IS_KEY) w.sourceKey(src + off, len, escaped);
        else w.sourceString(src + off, len, escaped);
        i += 3;
        continue;
      }
      case TAPE_NUMBER: w.f64(tapeNumber(tape, i)); i += 3; continue;
      case TAPE_TRUE: w.bool(true); i++; continue;
      case TAPE_FALSE: w.bool(false); i++; continue;
      case TAPE_NULL: w.null(); i++; continue;
    }
    w.error = JsonError.INVALID_TAPE;
  }
}

/**
 * Work bytes writeTapeValue needs for the value at tape index `at`: the
 * largest sum, along one path of nested objects, of what orderMembers takes
 * for each object that is not plain (0 for a document without such objects).
 */
export function workBytes(src: usize, tape: usize, at: u32): u64 {
  const kind = tapeWord(tape, at) & 0xff;
  if (kind != TAPE_OBJECT && kind != TAPE_ARRAY) return 0;
  const end = tapeWord(tape, at + 1) - 1;
  const object = kind == TAPE_OBJECT;
  let inner: u64 = 0;
  for (let i = at + 3; i < end;) {
    const value = object ? i + 3 : i; // a member is key (3 words) + value
    const need = workBytes(src, tape, value);
    if (need > inner) inner = need;
    i = tapeNext(tape, value);
  }
  if (!object || objectIsPlain(src, tape, at)) return inner;
  return orderWorkBytes(tape, at) + inner;
}

// One writer for canonicalInArena (one call at a time).
const arenaWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

/** Where the last successful canonicalInArena left its output. */
export let canonicalOutput: usize = 0;

/**
 * JSON.stringify(JSON.parse(text)) of in[0, inLen), worked out in the free
 * room of `arena`. Returns the output's length, at canonicalOutput, which
 * starts `front` bytes after the arena's top at the call (room a response
 * head can use) and stays allocated; the tape and work room are given back.
 * Returns -JsonError otherwise (the arena as it was): the reader's errors,
 * TAPE_FULL / OUTPUT_FULL when the room is too small.
 */
export function canonicalInArena(arena: Arena, inPtr: usize, inLen: u32, front: u32): i32 {
  const mark = arenaMark(arena);
  const free = arenaFree(arena);
  // Claim all the free room, then give back what the output does not use.
  const tape = arenaAlloc(arena, free > 8 ? free - 8 : 0, 8);
  if (tape == 0) return -JsonError.TAPE_FULL;
  const room = <u64>(arena.top - tape);
  const words = parseJson(inPtr, inLen, tape, <u32>(room >> 2), maxDepth);
  if (words < 0) {
    arenaReset(arena, mark);
    return words;
  }
  const tapeBytes = ((<u64>words << 2) + 7) & ~7;
  const work = tapeBytes + workBytes(inPtr, tape, 0);
  if (work >= room) {
    arenaReset(arena, mark);
    return -JsonError.TAPE_FULL;
  }
  const out = tape + <usize>work;
  const w = arenaWriter;
  w.init(out, <u32>(room - work), 0);
  writeTapeValue(w, inPtr, tape, 0, tape + <usize>tapeBytes, <u32>(work - tapeBytes));
  const written = w.result();
  const dest = mark + front;
  if (written < 0 || dest + <usize>written > arena.end) {
    arenaReset(arena, mark);
    return written < 0 ? written : -JsonError.OUTPUT_FULL;
  }
  memory.copy(dest, out, <usize>written); // down over the tape (overlap-safe)
  arenaReset(arena, dest + <usize>written);
  canonicalOutput = dest;
  return written;
}
