// Router error codes. Append-only: a code never changes meaning. routeAdd and
// routeMatch return them negated. The only source of the table:
// scripts/generate-mirror.mjs reads the enum and routeErrorReason's cases
// (one `case RouteError.NAME: return "reason";` each) into
// host/core/tables.generated.ts (ROUTE_ERRORS).

export enum RouteError {
  NONE = 0,
  INVALID_METHOD = 1,     // method id out of range, or an empty/oversized name
  INVALID_PATTERN = 2,    // empty or oversized pattern
  BAD_REGEX = 3,          // `{…}` is not a regular expression
  UNSUPPORTED_REGEX = 4,  // lookaround, backreference, \b, \u, non-ASCII class…
  TOO_MANY_PARAMS = 5,    // more distinct param names than MAX_PARAMS
  TOO_MANY_SEGMENTS = 6,  // pattern deeper than MAX_PATTERN_SEGMENTS
  TABLE_FULL = 7,         // more than MAX_ROUTES routes
  ADDED_AFTER_MATCH = 8,  // the table is frozen by the first match
  RESULT_TOO_LARGE = 9,   // the match table does not fit outCap
  PATH_TOO_DEEP = 10,     // path has more than MAX_PATH_SEGMENTS segments
  UNKNOWN_ROUTE = 11,     // routeParamName: no such route id or name index
  INVALID_SLOT = 12,      // routeInSlot: the slot is not handed out (a host bug)
}

/** Short ASCII reason of a RouteError code. */
export function routeErrorReason(code: u32): string {
  switch (code) {
    case RouteError.NONE: return "ok";
    case RouteError.INVALID_METHOD: return "invalid method";
    case RouteError.INVALID_PATTERN: return "invalid pattern";
    case RouteError.BAD_REGEX: return "invalid regular expression";
    case RouteError.UNSUPPORTED_REGEX: return "unsupported regular expression feature";
    case RouteError.TOO_MANY_PARAMS: return "too many params";
    case RouteError.TOO_MANY_SEGMENTS: return "too many pattern segments";
    case RouteError.TABLE_FULL: return "route table full";
    case RouteError.ADDED_AFTER_MATCH: return "route added after the first match";
    case RouteError.RESULT_TOO_LARGE: return "match result exceeds output capacity";
    case RouteError.PATH_TOO_DEEP: return "path has too many segments";
    case RouteError.UNKNOWN_ROUTE: return "unknown route or param index";
    case RouteError.INVALID_SLOT: return "invalid slot";
  }
  return "unknown error";
}
