// The router contract: the Router class every implementation
// (assembly/router/<impl>/) extends, and how a match result is laid out.
// index.ts picks the implementation at compile time and abi.ts exports its
// calls; all implementations pass __tests__/. Beside the contract, shared by
// implementations: regex.ts (`:name{re}` params), percent.ts (%xx decoding),
// errors.ts (RouteError).
//
// Semantics are Hono's (TrieRouter, the router that passes all of Hono's
// common cases): every matching route is returned, in registration order, each
// with its own params; `*` matches one segment in the middle and any rest
// (also none) at the end; `:name?` at the end expands like Hono's
// checkOptionalParameter; `:name{re}` matches `re` against the segment, or
// against the whole rest of the path when `re` can span slashes.
//
// Registration follows Hono too (its routers agree; tests/router/
// hono-registration.test.ts): a name repeated in one pattern (`/a/:id/:id`)
// is one param whose first value wins; a label that is not a well-formed
// param (`:` alone, `:{x}` with no name, `:id{` unclosed, `:id{}` empty) is
// static text. Only an invalid regular expression is refused (BAD_REGEX,
// where Hono throws a SyntaxError), besides this router's own limits
// (UNSUPPORTED_REGEX, TOO_MANY_PARAMS, … in errors.ts).
//
// Result table written by match() at outPtr (u32 little-endian words):
//
//   outPtr ┌───────────┬────────────┐
//          │ count     │ pathBase   │  header: matches written; address the
//          ├───────────┼────────────┤  param spans are relative to (the path,
//          │ routeId   │ paramCount │  or its %-decoded copy at the end of out)
//          ├───────────┼────────────┼───────────┐
//          │ nameIndex │ offset     │ length    │ × paramCount
//          ├───────────┼────────────┼───────────┘
//          │ routeId   │ paramCount │  next match …
//          └───────────┴────────────┘
//
// nameIndex is the route's k-th distinct param name (routeParamName(id, k)).
// Spans are raw bytes: %xx decoding is left to whoever reads a param.

import { METHOD_COUNT } from "../http/methods";

/** Method "id" of routes that match every method (Hono's ALL). */
export const METHOD_ALL: u32 = 255;

/** Limits of the route table. */
export const MAX_ROUTES: u32 = 65535;
export const MAX_PARAMS: u32 = 32;
export const MAX_PATTERN_BYTES: u32 = 4096;
export const MAX_PATTERN_SEGMENTS: u32 = 128;
export const MAX_METHOD_NAME_BYTES: u32 = 64;
/** Paths with more segments answer -PATH_TOO_DEEP. */
export const MAX_PATH_SEGMENTS: u32 = 256;
/** Matches per request before -RESULT_TOO_LARGE. */
export const MAX_MATCHES: u32 = 256;

/** Result layout (bytes). */
export const MATCH_HEADER_SIZE: u32 = 8;
export const MATCH_COUNT: u32 = 0;
export const MATCH_PATH_BASE: u32 = 4;
export const MATCH_RECORD_SIZE: u32 = 8;      // routeId, paramCount
export const MATCH_PARAM_SIZE: u32 = 12;      // nameIndex, offset, length
/** Field offsets inside a match record and inside one of its params. */
export const MATCH_ROUTE_ID: u32 = 0;
export const MATCH_PARAM_COUNT: u32 = 4;
export const MATCH_PARAM_NAME: u32 = 0;
export const MATCH_PARAM_OFFSET: u32 = 4;
export const MATCH_PARAM_LENGTH: u32 = 8;

/** routerSetFlags bits. */
export const ROUTER_DECODE_PATH: u32 = 1;     // %-decode the path like Hono's getPath before matching

/** A method id a route may be registered with (0 = by name). */
@inline export function validRouteMethod(id: u32): bool {
  return id < METHOD_COUNT || id == METHOD_ALL;
}

/**
 * What a router implementation provides. Routes are registered at start-up;
 * the first match() freezes the table (a later add() answers
 * -ADDED_AFTER_MATCH). Every call answers a negative RouteError instead of
 * trapping.
 */
export abstract class Router {
  /** ROUTER_* bits (routerSetFlags); ROUTER_DECODE_PATH by default. */
  flags: u32 = ROUTER_DECODE_PATH;

  /**
   * Register a route for `methodId` (METHOD_*, METHOD_ALL, or 0 with the
   * method's name at methodPtr/methodLen) and the pattern bytes; returns its
   * id (≥ 0, ids count up from 0) or -RouteError. A failed add changes nothing.
   */
  abstract add(methodId: u32, methodPtr: usize, methodLen: u32, patternPtr: usize, patternLen: u32): i32;

  /**
   * Write the result table (layout above) of every route matching the
   * request at outPtr (outCap bytes); returns the match count or -RouteError.
   */
  abstract match(methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32, outPtr: usize, outCap: u32): i32;

  /** How many distinct param names route `routeId` has, or -RouteError. */
  abstract paramCount(routeId: u32): i32;

  /** Copy the k-th param name (UTF-8) of a route to dst (≤ cap bytes); its length or -RouteError. */
  abstract paramName(routeId: u32, k: u32, dst: usize, cap: u32): i32;
}
