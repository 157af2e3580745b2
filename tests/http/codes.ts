/**
 * Parse error codes by where they come from, derived from PARSE_ERRORS so a
 * new code is in a coverage list until a test gives it a case.
 */
import { PARSE_ERRORS, type ParseErrorName } from "../../host/core/abi.js";

/** Codes no input bytes produce, each with what does produce it. */
export const NOT_FROM_BYTES: Readonly<Partial<Record<ParseErrorName, string>>> = {
  NONE: "success, not a rejection",
  ARENA_EXHAUSTED: "a slot's arena too small for what the limits admit (the host's configuration)",
  POOL_EXHAUSTED: "the host finding no free slot",
  REQUEST_TIMEOUT: "the host's timers",
  INVALID_SLOT: "a host bug: parse() on a slot that is not handed out",
};

/** Every code some input bytes produce, in table order. */
export const FROM_BYTES: readonly ParseErrorName[] = PARSE_ERRORS.map(([name]) => name).filter((name) => !(name in NOT_FROM_BYTES));
