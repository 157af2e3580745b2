// The router contract: what every implementation (assembly/router/<impl>/)
// provides and how a match result is laid out. abi.ts exports the functions of
// the implementation chosen here; all implementations pass __tests__/.
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
