// Route registration and dispatch for AssemblyScript apps. Routes go into
// the core's router (Hono TrieRouter semantics) at start-up; per request the
// router's match table drives the chain: every matching route in
// registration order, middleware (use) calling c.next() to run the rest.
//
//   get("/users/:id", user)         start-up: routeAdd → route id → handler
//   dispatch(slot)                  per request: match → c.next() → 404 if
//                                   nothing answered; allocations go to the
//                                   slot's arena (arena runtime)

import { router } from "../router";
import { METHOD_ALL, MATCH_HEADER_SIZE, MATCH_PATH_BASE } from "../router/router";
import { RouteError } from "../router/errors";
import { routeInto, routedCount } from "../slot/route";
import { arenaMark, arenaReset } from "../arena/arena";
import { arenaAt, slotBase } from "../arena/pool";
import { RequestHead } from "../http/request";
import {
  METHOD_GET, METHOD_POST, METHOD_PUT, METHOD_DELETE, METHOD_PATCH, METHOD_OPTIONS, METHOD_HEAD,
} from "../http/methods";
import { runtimeEnter, runtimeLeave } from "../runtime/arena-runtime";
import { Context, Handler } from "./context";
import { utf8String } from "./text";

/** The one context handlers receive. */
export const context = new Context();
const handlers = context.handlers;
const names = context.req.names;

/** Why the last route registration failed (RouteError), 0 when all succeeded. */
export let routeError: u32 = 0;

/** Register `handler` for `methodId` (METHOD_*) and `pattern`; the route id or -RouteError. */
export function on(methodId: u32, pattern: string, handler: Handler): i32 {
  const bytes = String.UTF8.encode(pattern);
  const id = router.add(methodId, 0, 0, changetype<usize>(bytes), <u32>bytes.byteLength);
  if (id < 0) {
    routeError = <u32>-id;
    return id;
  }
  while (handlers.length <= id) {
    handlers.push(handler);
    names.push([]);
  }
  handlers[id] = handler;
  names[id] = paramNames(<u32>id);
  return id;
}

const NAME_BUF_BYTES: u32 = 256;
const NAME_BUF = memory.data(<i32>NAME_BUF_BYTES);

function paramNames(id: u32): Array<string> {
  const list = new Array<string>();
  const count = router.paramCount(id);
  for (let k = 0; k < count; k++) {
    const n = router.paramName(id, <u32>k, NAME_BUF, NAME_BUF_BYTES);
    list.push(n < 0 ? "" : utf8String(NAME_BUF, <u32>n));
  }
  return list;
}

export function get(pattern: string, handler: Handler): i32 { return on(METHOD_GET, pattern, handler); }
export function post(pattern: string, handler: Handler): i32 { return on(METHOD_POST, pattern, handler); }
export function put(pattern: string, handler: Handler): i32 { return on(METHOD_PUT, pattern, handler); }
export function del(pattern: string, handler: Handler): i32 { return on(METHOD_DELETE, pattern, handler); }
export function patch(pattern: string, handler: Handler): i32 { return on(METHOD_PATCH, pattern, handler); }
export function options(pattern: string, handler: Handler): i32 { return on(METHOD_OPTIONS, pattern, handler); }
export function head(pattern: string, handler: Handler): i32 { return on(METHOD_HEAD, pattern, handler); }
/** Every method. */
export function all(pattern: string, handler: Handler): i32 { return on(METHOD_ALL, pattern, handler); }
/** Middleware for every method: call c.next() to run the handlers after it. */
export function use(pattern: string, middleware: Handler): i32 { return on(METHOD_ALL, pattern, middleware); }

/**
 * Route and run the request parsed in `slot`; the response is left in the
 * context (status, type, lines, body) for the host entry to send.
 * Allocations made meanwhile land in the slot's arena.
 */
export function dispatch(slot: u32): Context {
  const c = context;
  c.begin(slot);
  const arena = arenaAt(slot);
  requestSlot = slot;
  requestTop = arenaMark(arena);
  const req = changetype<RequestHead>(slotBase(slot));
  // The table is sized (and retried) like on every other host.
  routeInto(req, arena, req.methodId, c.req.input + req.methodOff, req.methodLen, c.req.input + req.pathOff, req.pathLen);
  const table = <usize>req.matchTable;
  const count = routedCount(req);
  // Only now do allocations go to the arena: the router's first match
  // builds its lookup tables, which must stay on the start-up heap.
  runtimeEnter(arena);
  if (count < 0 && count != -RouteError.PATH_TOO_DEEP) {
    c.internalError();
  } else {
    if (count > 0) {
      c.req.pathBase = load<u32>(table + MATCH_PATH_BASE);
      c.cursor = table + MATCH_HEADER_SIZE;
      c.remaining = <u32>count;
      c.next();
    }
    if (!c.responded) c.notFound();
  }
  runtimeLeave();
  return c;
}

// Where the slot's arena stood before dispatch: a trapped handler may have
// filled it, and the 500 needs room.
let requestSlot: u32 = 0xffffffff;
let requestTop: usize = 0;

/** After a trap inside a handler (Node host): answer the app's 500 from `slot`. */
export function dispatchFailed(slot: u32): Context {
  runtimeLeave();
  if (slot == requestSlot) arenaReset(arenaAt(slot), requestTop);
  const c = context;
  c.begin(slot);
  c.internalError();
  return c;
}
