// JSON work in a slot's arena (a request body already there, or JSON text
// the host wrote there): the tape, the reordering work and the output take
// the free room they need, no fixed ratio, and the tape's room is given back.

import { JsonError } from "./errors";
import { parseJson, maxDepth as jsonMaxDepth } from "./reader";
import { canonicalInArena } from "./canonical";
import { validateOutputPtr, validateOutputLength } from "./schema/validate";
import { schemaValidate } from "./calls";
import { arenaAlloc, arenaFree, arenaMark, arenaReset } from "../arena/arena";
import { arenaAt, slotInUse } from "../arena/pool";

/**
 * jsonCanonical with every region in the free part of `slot`'s arena.
 * Returns the output's length, at jsonOutputPtr(), valid until the slot is
 * released, or -JSON_ERR_*: TAPE_FULL / OUTPUT_FULL when the arena has no
 * room for them, a syntax error sets jsonErrorOffset().
 */
export function jsonCanonicalText(slot: u32, inPtr: usize, inLen: u32): i32 {
  if (!slotInUse(slot)) return -JsonError.INVALID_SLOT;
  return canonicalInArena(arenaAt(slot), inPtr, inLen, 0);
}

/**
 * Parse in[0, inLen) and validate it against schema `id` in one call, with
 * the tape and the output in the free part of `slot`'s arena. Results as
 * schemaValidate; -JSON_ERR_TAPE_FULL / OUTPUT_FULL mean the arena has no
 * room for them, a syntax error sets jsonErrorOffset(). A valid value's
 * output stays in the arena until the slot is released.
 */
export function schemaValidateText(id: u32, slot: u32, inPtr: usize, inLen: u32, flags: u32): i32 {
  if (!slotInUse(slot)) return -JsonError.INVALID_SLOT;
  const arena = arenaAt(slot);
  const mark = arenaMark(arena);
  // Claim all the free room, then give back what the output does not use.
  const free = arenaFree(arena);
  const tape = arenaAlloc(arena, free > 8 ? free - 8 : 0, 8);
  if (tape == 0) return -JsonError.TAPE_FULL;
  const tapeCap = <u32>(arena.top - tape);
  const words = parseJson(inPtr, inLen, tape, tapeCap >> 2, jsonMaxDepth);
  let result = words;
  if (words >= 0) {
    const out = tape + (<usize>words << 2);
    result = schemaValidate(id, inPtr, tape, 0, out, <u32>(arena.top - out), flags);
  }
  if (result == 0 && validateOutputLength != 0) {
    memory.copy(tape, validateOutputPtr, validateOutputLength); // down over the tape
    validateOutputPtr = tape;
    arenaReset(arena, tape + validateOutputLength);
  } else {
    arenaReset(arena, mark);
  }
  return result;
}
