// Tape → JSON bytes through the writer: the round trip
// parse(text) then write gives exactly JSON.stringify(JSON.parse(text)).
// The tape is in document order with explicit end words and keys flagged,
// so this is one linear loop with no stack.

import { JsonWriter } from "./writer";
import {
  TAPE_NULL, TAPE_FALSE, TAPE_TRUE, TAPE_NUMBER, TAPE_STRING, TAPE_ARRAY, TAPE_OBJECT,
  TAPE_ARRAY_END, TAPE_OBJECT_END, TAPE_HAS_ESCAPES, TAPE_IS_KEY, tapeWord, tapeNumber, tapeNext,
} from "./tape";
import { JsonError } from "./errors";

/**
 * Write the value at tape index `at` (and everything inside it).
 * `src` is the input the tape was parsed from.
 */
export function writeTapeValue(w: JsonWriter, src: usize, tape: usize, at: u32): void {
  const end = tapeNext(tape, at);
  let i = at;
  while (i < end && !w.error) {
    const head = tapeWord(tape, i);
    switch (head & 0xff) {
      case TAPE_OBJECT: w.beginObject(); i += 3; continue;
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
