// The parsed request: a fixed table of integers that the parser fills and the
// host reads. Every span is an offset+length pair relative to the start of the
// buffer that was parsed (the slot's arena base on the socket hosts). No
// strings are made.
//
// RequestHead (unmanaged, REQUEST_HEAD_SIZE = 128 bytes, all fields u32):
//
//   off field           meaning
//   ─── ─────────────── ──────────────────────────────────────────────────────
//     0 phase           Phase: where parsing resumes on the next call
//     4 scanned         head bytes already scanned for the blank line
//     8 methodId        Method id (http/methods.ts), 0 never (unknown → error)
//    12 methodOff       ┐ method token
//    16 methodLen       ┘
//    20 targetOff       ┐ raw request-target as received
//    24 targetLen       ┘
//    28 pathOff         ┐ path part of the target (absolute-form: after authority)
//    32 pathLen         ┘
//    36 queryOff        ┐ query without '?'; see FLAG_HAS_QUERY for "/a?" vs "/a"
//    40 queryLen        ┘
//    44 versionMinor    1 for HTTP/1.1, 0 for HTTP/1.0
//    48 headerCount     header entries filled (trailers follow, see trailerCount)
//    52 headEnd         offset just past the blank line ending the head
//    56 flags           FLAG_* bits below
//    60 contentLength   Content-Length value (valid with FLAG_CONTENT_LENGTH)
//    64 bodyOff         ┐ body bytes; chunked bodies are decoded in place, so
//    68 bodyLen         ┘ this is always one contiguous span
//    72 messageEnd      bytes of the whole message (valid in phase DONE)
//    76 errorCode       ParseError (http/errors.ts), 0 when fine
//    80 errorOffset     byte offset where parsing stopped on error
//    84 trailerCount    trailer fields, stored after the headers in the table
//    88 chunkState      ┐
//    92 chunkRemaining  │ chunked decoder state (parser-private)
//    96 chunkRead       │ next raw byte to decode
//   100 chunkWrite      ┘ next decoded byte to write
//   104 hostCount       Host fields seen (HTTP/1.1 needs exactly one)
//   ─── fields below survive release(): each is written before it is read ───
//   108 responseStart   where respond() put the response (absolute address)
//   112 matchTable      route match table in the arena (route-on-parse), 0 if none
//   116 matchCount      matches in it (≥ 0), or -RouteError
//   120 lineState       field-line scan state (parser-private, scan.ts); written
//                       at the start of each field section before it is read
//   124 reserved        zero
//
// HeaderEntry (unmanaged, HEADER_ENTRY_SIZE = 16 bytes), headerCap of them
// right after the RequestHead:
//
//   0 nameOff  u32   ┐ field name as received (case preserved)
//   4 valueOff u32   │ field value, leading/trailing OWS stripped
//   8 valueLen u32   │
//  12 nameLen  u16   ┘
//  14 id       u16   HeaderId (http/headers.ts), 0 = not interned

export const REQUEST_HEAD_SIZE: u32 = 128;
export const HEADER_ENTRY_SIZE: u32 = 16;

@unmanaged
export class RequestHead {
  phase: u32;
  scanned: u32;
  methodId: u32;
  methodOff: u32;
  methodLen: u32;
  targetOff: u32;
  targetLen: u32;
  pathOff: u32;
  pathLen: u32;
  queryOff: u32;
  queryLen: u32;
  versionMinor: u32;
  headerCount: u32;
  headEnd: u32;
  flags: u32;
  contentLength: u32;
  bodyOff: u32;
  bodyLen: u32;
  messageEnd: u32;
  errorCode: u32;
  errorOffset: u32;
  trailerCount: u32;
  chunkState: u32;
  chunkRemaining: u32;
  chunkRead: u32;
  chunkWrite: u32;
  hostCount: u32;
  responseStart: u32;
  matchTable: u32;
  matchCount: i32;
  lineState: u32;
}

/** Bytes release() zeroes: the parser state; the fields from responseStart on outlive the request. */
export const REQUEST_HEAD_RESET_SIZE: u32 = offsetof<RequestHead>("responseStart");

@unmanaged
export class HeaderEntry {
  nameOff: u32;
  valueOff: u32;
  valueLen: u32;
  nameLen: u16;
  id: u16;
}

/** Where the parser resumes. A fresh (zeroed) head is in PHASE_HEAD. */
export const PHASE_HEAD: u32 = 0;
export const PHASE_BODY_LENGTH: u32 = 1;
export const PHASE_BODY_CHUNKED: u32 = 2;
export const PHASE_DONE: u32 = 3;
export const PHASE_ERROR: u32 = 4;

/** Request flags. */
export const FLAG_KEEP_ALIVE: u32 = 1 << 0;      // connection stays open after this message
export const FLAG_CHUNKED: u32 = 1 << 1;         // Transfer-Encoding: chunked
export const FLAG_CONTENT_LENGTH: u32 = 1 << 2;  // a Content-Length field was present
export const FLAG_EXPECT_CONTINUE: u32 = 1 << 3; // Expect: 100-continue
export const FLAG_UPGRADE: u32 = 1 << 4;         // Upgrade requested (Connection: upgrade + Upgrade, or CONNECT)
export const FLAG_HAS_QUERY: u32 = 1 << 5;       // target had a '?'
export const FLAG_CONNECTION_CLOSE: u32 = 1 << 6; // Connection: close was sent
export const FLAG_ABSOLUTE_FORM: u32 = 1 << 7;   // target was absolute-form (http://host/path)
export const FLAG_ASTERISK_FORM: u32 = 1 << 8;   // OPTIONS *
export const FLAG_AUTHORITY_FORM: u32 = 1 << 9;  // CONNECT host:port

/** Parser results besides a positive byte count. */
export const NEED_MORE: i32 = 0;
