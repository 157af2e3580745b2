// Routing into a slot: the match table of one request, written into its
// slot's arena. routeInto is the one routine every host uses (parse() with
// routeOnParse(1) for the App's hosts, routeInSlot() for fetch-style hosts,
// dispatch() for AssemblyScript apps), so a route set that one host can match,
// every host can.
//
//   arena  … ┌ match table (router/router.ts layout) ──────┐ …
//            │ header │ records + params │ %-decoded path │
//            └────────┴──────────────────┴────────────────┘
//            first try: MATCH_TABLE_BYTES + 2 × path bytes (records for a
//            typical route set, and room for the decoded copy of the path,
//            never longer than the path); on RESULT_TOO_LARGE the first try's
//            bytes are given back and the router runs once more with half of
//            the arena's free bytes (at most MATCH_TABLE_MAX_BYTES): the other
//            half stays for the handler and the response. (A fixed 64 KiB
//            retry never fitted the default 64 KiB arena.)

import { router } from "../router";
import { RouteError } from "../router/errors";
import { Arena, arenaAlloc, arenaFree, arenaMark, arenaReset } from "../arena/arena";
import { arenaAt, slotBase, slotInUse } from "../arena/pool";
import { RequestHead } from "../http/request";
import { setAfterParse } from "./parse";

/** Match table bytes tried first (plus 2 × path), and once more on RESULT_TOO_LARGE. */
export const MATCH_TABLE_BYTES: u32 = 2048;
export const MATCH_TABLE_MAX_BYTES: u32 = 64 * 1024;

/**
 * Match the request and write its table into `arena`: req.matchTable (0 when
 * the arena had no room) and req.matchCount (count or -RouteError).
 */
export function routeInto(req: RequestHead, arena: Arena, methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32): void {
  let cap = MATCH_TABLE_BYTES + (pathLen << 1);
  let retried = false;
  req.matchTable = 0;
  req.matchCount = 0;
  for (;;) {
    const mark = arenaMark(arena);
    const out = arenaAlloc(arena, cap, 4);
    if (out == 0) return;
    const count = router.match(methodId, methodPtr, methodLen, pathPtr, pathLen, out, cap);
    // Half of what is free once the first try is given back.
    const retry = min(MATCH_TABLE_MAX_BYTES, (arenaFree(arena) + cap) >> 1);
    if (count != -RouteError.RESULT_TOO_LARGE || retried || retry <= cap) {
      req.matchTable = <u32>out;
      req.matchCount = count;
      return;
    }
    arenaReset(arena, mark);
    cap = retry;
    retried = true;
  }
}

/** req.matchCount, or -RESULT_TOO_LARGE when the arena had no room for the table. */
// @ts-ignore: decorator
@inline export function routedCount(req: RequestHead): i32 {
  return req.matchTable == 0 ? -RouteError.RESULT_TOO_LARGE : req.matchCount;
}

/** 1: parse() routes every complete request (the App's hosts); 0: the host routes (AS apps). */
export function routeOnParse(on: u32): void {
  setAfterParse(on ? routeParsed : null);
}

function routeParsed(req: RequestHead, arena: Arena, buf: usize): void {
  routeInto(req, arena, req.methodId, buf + req.methodOff, req.methodLen, buf + req.pathOff, req.pathLen);
}

/**
 * Route `path` (fetch-style hosts: the host wrote method and path into the
 * slot's arena) like parse() routes a parsed request: the match table lands
 * in the arena, REQ_MATCH_TABLE / REQ_MATCH_COUNT say where and how many.
 * Returns the count, or -RouteError (-RESULT_TOO_LARGE also when the arena
 * has no room for the table).
 */
export function routeInSlot(slot: u32, methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32): i32 {
  if (!slotInUse(slot)) return -RouteError.INVALID_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  routeInto(req, arenaAt(slot), methodId, methodPtr, methodLen, pathPtr, pathLen);
  return routedCount(req);
}
