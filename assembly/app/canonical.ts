// Canonical JSON of the request body for AssemblyScript handlers, the AS side
// of host/app/json-canonical.ts: JSON.stringify(JSON.parse(body)) bytes.
// The round trip runs in the request's free arena (canonicalInArena: tape,
// reordering work and output take the room each needs) and the output is
// sent where it lies. A body in a small slot whose work does not fit there
// is worked out in a large slot taken for the call (large slots keep JSON
// room for a body up to maxBodyBytes), and the response is sent from there
// (Context.jsonInLentSlot; the entries give the slot back once it is out).
//
//   const n = sendCanonicalJson(c);
//   if (n < 0) …  // -JsonError (jsonErrorOffset() for a syntax error), or CANONICAL_BUSY

import { Context, BODY_FRONT } from "./context";
import { canonicalInArena, canonicalOutput } from "../json/canonical";
import { JsonError } from "../json/errors";
import { arenaAt, isLargeSlot, poolAcquireLarge, poolRelease, NO_SLOT } from "../arena/pool";
import { arenaAlloc } from "../arena/arena";

/** sendCanonicalJson: the work needed a large slot and none was free (→ 503). */
export const CANONICAL_BUSY: i32 = i32.MIN_VALUE;

/** The round trip ran out of arena room (the body is valid as far as it was read). */
export function canonicalNoRoom(result: i32): bool {
  return result == -JsonError.TAPE_FULL || result == -JsonError.OUTPUT_FULL;
}

/**
 * Make the body's canonical JSON the response (200, application/json).
 * Returns its length, or with nothing sent: -JsonError (the reader's errors;
 * TAPE_FULL / OUTPUT_FULL when no arena had room for the work; TOO_LARGE
 * over the reader's maxBytes) or CANONICAL_BUSY.
 */
export function sendCanonicalJson(c: Context): i32 {
  const body = c.req.bodyPtr;
  const length = c.req.bodyLength;
  const arena = arenaAt(c.slot);
  let n = canonicalInArena(arena, body, length, BODY_FRONT);
  if (n >= 0) {
    c.jsonInPlace(canonicalOutput, <u32>n);
    return n;
  }
  if (!canonicalNoRoom(n) || isLargeSlot(c.slot)) return n;
  const large = poolAcquireLarge();
  if (large == NO_SLOT) return CANONICAL_BUSY;
  const scratch = arenaAt(large);
  const copy = arenaAlloc(scratch, max(length, 1), 1); // a large arena holds any body
  memory.copy(copy, body, length);
  n = canonicalInArena(scratch, copy, length, BODY_FRONT);
  if (n >= 0) c.jsonInLentSlot(large, canonicalOutput, <u32>n); // sent from the large slot
  else poolRelease(large);
  return n;
}
