// Tape → JSON bytes through the writer: the round trip
// parse(text) then write gives exactly JSON.stringify(JSON.parse(text)).
// The tape is in document order with explicit end words and keys flagged,
// so a plain document is one linear loop. Objects whose JavaScript property
// order differs from the source (repeated keys, array-index keys) are written
// member by member in that order (object_order.ts), using the work region.

import { JsonWriter } from "./writer";
import {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT,
  TAPE_ARRAY_END, TAPE_OBJECT_END, TAPE_HAS_ESCAPES, TAPE_IS_KEY, tapeWord, tapeNumber, tapeNext,
} from "./tape";
import { JsonError } from "./errors";
import { objectIsPlain, orderMembers, orderedCount, orderedBytes, orderedKeyAt, orderedValueAt } from "./object_order";

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
