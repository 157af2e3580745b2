// Header ids: common field names interned to small integers so hosts and
// routes look headers up without strings. Append-only; 0 = not interned.
//
//  1 host               12 cache-control       23 content-encoding
//  2 content-length     13 origin              24 range
//  3 content-type       14 referer             25 pragma
//  4 transfer-encoding  15 if-none-match       26 te
//  5 connection         16 if-modified-since   27 trailer
//  6 accept             17 expect              28 keep-alive
//  7 accept-encoding    18 upgrade             29 sec-fetch-mode
//  8 accept-language    19 x-forwarded-for     30 sec-fetch-site
//  9 authorization      20 x-forwarded-proto   31 sec-fetch-dest
// 10 cookie             21 x-forwarded-host    32 if-match
// 11 user-agent         22 x-request-id        33 forwarded
//
// 34 x-real-ip                       39 if-unmodified-since
// 35 upgrade-insecure-requests       40 if-range
// 36 sec-ch-ua                       41 sec-ch-ua-mobile
// 37 access-control-request-method   42 sec-ch-ua-platform
// 38 access-control-request-headers  43 sec-fetch-user

export const HEADER_OTHER: u16 = 0;
export const HEADER_HOST: u16 = 1;
export const HEADER_CONTENT_LENGTH: u16 = 2;
export const HEADER_CONTENT_TYPE: u16 = 3;
export const HEADER_TRANSFER_ENCODING: u16 = 4;
export const HEADER_CONNECTION: u16 = 5;
export const HEADER_ACCEPT: u16 = 6;
export const HEADER_ACCEPT_ENCODING: u16 = 7;
export const HEADER_ACCEPT_LANGUAGE: u16 = 8;
export const HEADER_AUTHORIZATION: u16 = 9;
export const HEADER_COOKIE: u16 = 10;
export const HEADER_USER_AGENT: u16 = 11;
export const HEADER_CACHE_CONTROL: u16 = 12;
export const HEADER_ORIGIN: u16 = 13;
export const HEADER_REFERER: u16 = 14;
export const HEADER_IF_NONE_MATCH: u16 = 15;
export const HEADER_IF_MODIFIED_SINCE: u16 = 16;
export const HEADER_EXPECT: u16 = 17;
export const HEADER_UPGRADE: u16 = 18;
export const HEADER_X_FORWARDED_FOR: u16 = 19;
export const HEADER_X_FORWARDED_PROTO: u16 = 20;
export const HEADER_X_FORWARDED_HOST: u16 = 21;
export const HEADER_X_REQUEST_ID: u16 = 22;
export const HEADER_CONTENT_ENCODING: u16 = 23;
export const HEADER_RANGE: u16 = 24;
export const HEADER_PRAGMA: u16 = 25;
export const HEADER_TE: u16 = 26;
export const HEADER_TRAILER: u16 = 27;
export const HEADER_KEEP_ALIVE: u16 = 28;
export const HEADER_SEC_FETCH_MODE: u16 = 29;
export const HEADER_SEC_FETCH_SITE: u16 = 30;
export const HEADER_SEC_FETCH_DEST: u16 = 31;
export const HEADER_IF_MATCH: u16 = 32;
export const HEADER_FORWARDED: u16 = 33;
export const HEADER_X_REAL_IP: u16 = 34;
export const HEADER_UPGRADE_INSECURE_REQUESTS: u16 = 35;
export const HEADER_SEC_CH_UA: u16 = 36;
export const HEADER_ACCESS_CONTROL_REQUEST_METHOD: u16 = 37;
export const HEADER_ACCESS_CONTROL_REQUEST_HEADERS: u16 = 38;
export const HEADER_IF_UNMODIFIED_SINCE: u16 = 39;
export const HEADER_IF_RANGE: u16 = 40;
export const HEADER_SEC_CH_UA_MOBILE: u16 = 41;
export const HEADER_SEC_CH_UA_PLATFORM: u16 = 42;
export const HEADER_SEC_FETCH_USER: u16 = 43;
/** One past the largest id. */
export const HEADER_COUNT: u16 = 44;

// ── Interning ──────────────────────────────────────────────────────────────

import { fillNameTable, lookupName } from "./names";

/**
 * Lowercase names by id, the source of the interning table and of the
 * host's HEADER_NAMES (scripts/generate-mirror.mjs, which checks each
 * HEADER_<NAME> constant above against its name's index here).
 */
const HEADER_NAMES: StaticArray<string> = [
  "", "host", "content-length", "content-type", "transfer-encoding", "connection",
  "accept", "accept-encoding", "accept-language", "authorization", "cookie",
  "user-agent", "cache-control", "origin", "referer", "if-none-match",
  "if-modified-since", "expect", "upgrade", "x-forwarded-for", "x-forwarded-proto",
  "x-forwarded-host", "x-request-id", "content-encoding", "range", "pragma", "te",
  "trailer", "keep-alive", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-dest",
  "if-match", "forwarded", "x-real-ip", "upgrade-insecure-requests", "sec-ch-ua",
  "access-control-request-method", "access-control-request-headers", "if-unmodified-since",
  "if-range", "sec-ch-ua-mobile", "sec-ch-ua-platform", "sec-fetch-user",
];

// Hash multipliers for the penultimate and last byte: collision-free for the
// folded HEADER_NAMES in 128 buckets (found by search; checked by lookup.spec.ts).
// Few pairs below 64 work for these 43 names: (26, 7) and (59, 1).
const MUL_PENULT: u32 = 26;
const MUL_LAST: u32 = 7;
/** Row: length byte + the longest name (30) fits in 32. */
const ROW: u32 = 32;
/** OR-ed into every byte: ASCII case fold (see equalFolded in names.ts). */
const FOLD: u32 = 0x20;

const HEADER_BUCKETS = memory.data(128);
const HEADER_ROWS = memory.data(<i32>(<u32>HEADER_COUNT * ROW));
fillNameTable(HEADER_BUCKETS, HEADER_ROWS, ROW, HEADER_NAMES, FOLD, MUL_PENULT, MUL_LAST);

/**
 * Id of the field name of `len` bytes at `ptr`, compared case-insensitively,
 * or HEADER_OTHER. The name must be a token (the parser has checked it): the
 * case fold is exact for tokens against these names (chars.ts).
 */
export function internHeader(ptr: usize, len: u32): u16 {
  return <u16>lookupName(HEADER_BUCKETS, HEADER_ROWS, ROW, ptr, len, FOLD, MUL_PENULT, MUL_LAST);
}
