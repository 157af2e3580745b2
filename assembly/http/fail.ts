// The one way a parse step stops with an error: the head records it so every
// later call on the slot returns the same verdict.
import { RequestHead, PHASE_ERROR } from "./request";
import { ParseError } from "./errors";

/** Mark `req` failed with `code` at byte `at`; returns -code for the caller. */
export function fail(req: RequestHead, code: ParseError, at: u32): i32 {
  req.phase = PHASE_ERROR;
  req.errorCode = code;
  req.errorOffset = at;
  return -(<i32>code);
}
