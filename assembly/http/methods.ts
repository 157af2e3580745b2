// Method ids. The parser accepts exactly the methods Node's llhttp accepts
// (http.METHODS in Node 20), so nothing Node rejects gets through. Ids are
// stable (append-only); the common ones are small so routers can index by id.
//
// id name          id name          id name
//  1 GET           14 LOCK          27 NOTIFY
//  2 HEAD          15 MKCOL         28 SUBSCRIBE
//  3 POST          16 MOVE          29 UNSUBSCRIBE
//  4 PUT           17 PROPFIND      30 PURGE
//  5 DELETE        18 PROPPATCH     31 MKCALENDAR
//  6 CONNECT       19 SEARCH        32 LINK
//  7 OPTIONS       20 UNLOCK        33 UNLINK
//  8 TRACE         21 BIND          34 SOURCE
//  9 PATCH         22 REBIND        35 QUERY
// 10 (reserved)    23 UNBIND
// 11 (reserved)    24 ACL
// 12 (reserved)    25 REPORT, 26 MKACTIVITY, 36 CHECKOUT, 37 MERGE, 38 M-SEARCH
// 13 COPY
//
// 0 means "not a known method" (only the Workers host can see such methods:
// the platform parsed them; they route by name).

export const METHOD_OTHER: u32 = 0;
export const METHOD_GET: u32 = 1;
export const METHOD_HEAD: u32 = 2;
export const METHOD_POST: u32 = 3;
export const METHOD_PUT: u32 = 4;
export const METHOD_DELETE: u32 = 5;
export const METHOD_CONNECT: u32 = 6;
export const METHOD_OPTIONS: u32 = 7;
export const METHOD_TRACE: u32 = 8;
export const METHOD_PATCH: u32 = 9;
export const METHOD_COPY: u32 = 13;
export const METHOD_LOCK: u32 = 14;
export const METHOD_MKCOL: u32 = 15;
export const METHOD_MOVE: u32 = 16;
export const METHOD_PROPFIND: u32 = 17;
export const METHOD_PROPPATCH: u32 = 18;
export const METHOD_SEARCH: u32 = 19;
export const METHOD_UNLOCK: u32 = 20;
export const METHOD_BIND: u32 = 21;
export const METHOD_REBIND: u32 = 22;
export const METHOD_UNBIND: u32 = 23;
export const METHOD_ACL: u32 = 24;
export const METHOD_REPORT: u32 = 25;
export const METHOD_MKACTIVITY: u32 = 26;
export const METHOD_NOTIFY: u32 = 27;
export const METHOD_SUBSCRIBE: u32 = 28;
export const METHOD_UNSUBSCRIBE: u32 = 29;
export const METHOD_PURGE: u32 = 30;
export const METHOD_MKCALENDAR: u32 = 31;
export const METHOD_LINK: u32 = 32;
export const METHOD_UNLINK: u32 = 33;
export const METHOD_SOURCE: u32 = 34;
export const METHOD_QUERY: u32 = 35;
export const METHOD_CHECKOUT: u32 = 36;
export const METHOD_MERGE: u32 = 37;
export const METHOD_MSEARCH: u32 = 38;
/** One past the largest id. */
export const METHOD_COUNT: u32 = 39;

// ── Lookup ─────────────────────────────────────────────────────────────────

import { fillNameTable, lookupName } from "./names";

/**
 * Method names by id ("" = reserved id), the source of the lookup table and
 * of the host's METHODS (scripts/generate-mirror.mjs, which checks each
 * METHOD_<NAME> constant above against its name's index here).
 */
const METHOD_NAMES: StaticArray<string> = [
  "", "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
  "", "", "", "COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH",
  "UNLOCK", "BIND", "REBIND", "UNBIND", "ACL", "REPORT", "MKACTIVITY", "NOTIFY",
  "SUBSCRIBE", "UNSUBSCRIBE", "PURGE", "MKCALENDAR", "LINK", "UNLINK", "SOURCE",
  "QUERY", "CHECKOUT", "MERGE", "M-SEARCH",
];

// Hash multipliers for the penultimate and last byte: collision-free for
// METHOD_NAMES in 128 buckets (found by search; checked by lookup.spec.ts).
const MUL_PENULT: u32 = 4;
const MUL_LAST: u32 = 37;
/** Row: length byte + the longest name (11) fits in 16. */
const ROW: u32 = 16;

const METHOD_BUCKETS = memory.data(128);
const METHOD_ROWS = memory.data(<i32>(METHOD_COUNT * ROW));
fillNameTable(METHOD_BUCKETS, METHOD_ROWS, ROW, METHOD_NAMES, 0, MUL_PENULT, MUL_LAST);

/**
 * Id of the method token of `len` bytes at `ptr` (case-sensitive, as
 * llhttp), or METHOD_OTHER when it is not one of the methods above.
 */
export function lookupMethod(ptr: usize, len: u32): u32 {
  return lookupName(METHOD_BUCKETS, METHOD_ROWS, ROW, ptr, len, 0, MUL_PENULT, MUL_LAST);
}
