// Parsing into a slot: the request bytes at the slot's input (or anywhere the
// host put them) go through the HTTP/1.1 parser into the slot's RequestHead
// and header table; a complete message is claimed in the slot's arena and
// handed to the after-parse hook (routing, when slot/route.ts installed it).

import { Arena, arenaReset, arenaClaim } from "../arena/arena";
import { arenaAt, slotBase, slotHeaders, slotInUse } from "../arena/pool";
import { RequestHead } from "../http/request";
import { ParseError } from "../http/errors";
import { fail } from "../http/fail";
import { parseRequest } from "../http/parser";

/** Run on every complete request once claimed (the router installs itself here). */
let afterParse: ((req: RequestHead, arena: Arena, buf: usize) => void) | null = null;

/** Install (or, with null, remove) the hook parse() runs on every complete request. */
export function setAfterParse(hook: ((req: RequestHead, arena: Arena, buf: usize) => void) | null): void {
  afterParse = hook;
}

/**
 * Parse the `len` bytes at `buf` as (the start of) one request, resuming where
 * the previous call on this slot stopped. Spans in the RequestHead are
 * relative to `buf`. Returns the message's byte count when it is complete
 * (bytes after it belong to the next pipelined request), 0 when more bytes
 * are needed, or -ParseError. When `buf` is the slot's input, the bytes are
 * claimed in the slot's arena so later allocations never overwrite them.
 */
export function parse(slot: u32, buf: usize, len: u32): i32 {
  if (!slotInUse(slot)) return -ParseError.INVALID_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  const arena = arenaAt(slot);
  const inSlot = buf == arena.base;
  if (inSlot && <usize>len > arena.end - arena.base) return fail(req, ParseError.ARENA_EXHAUSTED, 0);
  const result = parseRequest(req, slotHeaders(slot), buf, len);
  if (result <= 0) return result;
  if (inSlot) {
    // Later allocations (match table, response) go after every received
    // byte, including a pipelined next request the host has not moved yet.
    arenaReset(arena);
    arenaClaim(arena, len);
  }
  req.matchTable = 0;
  req.matchCount = 0;
  const hook = afterParse;
  if (hook) hook(req, arena, buf);
  return result;
}
