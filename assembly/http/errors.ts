// Parse errors: one append-only table. A code never changes meaning or number;
// new codes go at the end. Each has the HTTP status a server answers with and
// a short reason (ASCII) that goes in the error response body.
//
// This file is the table's only source: scripts/generate-mirror.mjs reads the
// enum (one "NAME = N," per line, its comment starting with the status),
// STATUS and REASONS into host/core/tables.generated.ts (npm run build), and
// refuses when they disagree; tests/abi.test.ts checks the result against the
// built .wasm.

export enum ParseError {
  NONE = 0,
  INVALID_METHOD = 1,            // 501 a token, but not a method llhttp knows (RFC 9110 §9.1)
  INVALID_REQUEST_LINE = 2,      // 400 request-line is not "method SP target SP version"
  INVALID_TARGET = 3,            // 400 byte not allowed in request-target, or bad form
  TARGET_TOO_LONG = 4,           // 414 request-target longer than maxTargetLength
  INVALID_VERSION = 5,           // 400 not "HTTP/" DIGIT "." DIGIT
  UNSUPPORTED_VERSION = 6,       // 505 a well-formed version other than 1.0 / 1.1
  BARE_CR = 7,                   // 400 CR not followed by LF
  BARE_LF = 8,                   // 400 LF not preceded by CR
  INVALID_HEADER_NAME = 9,       // 400 empty name or byte not a token char
  WHITESPACE_BEFORE_COLON = 10,  // 400 "Name : value"
  OBS_FOLD = 11,                 // 400 line starting with SP/HTAB (obsolete folding)
  INVALID_HEADER_VALUE = 12,     // 400 control byte in a field value
  HEADERS_TOO_LARGE = 13,        // 431 head longer than maxHeaderBytes
  TOO_MANY_HEADERS = 14,         // 431 more fields than maxHeaders
  INVALID_CONTENT_LENGTH = 15,   // 400 Content-Length not 1*DIGIT
  CONTENT_LENGTH_OVERFLOW = 16,  // 400 Content-Length does not fit in 53 bits
  DUPLICATE_CONTENT_LENGTH = 17, // 400 more than one Content-Length (llhttp rejects even equal ones)
  TE_WITH_CONTENT_LENGTH = 18,   // 400 Transfer-Encoding together with Content-Length
  TE_NOT_CHUNKED = 19,           // 400 Transfer-Encoding whose last coding is not chunked
  BODY_TOO_LARGE = 20,           // 413 body longer than maxBodyBytes
  INVALID_CHUNK_SIZE = 21,       // 400 chunk-size not HEXDIG
  CHUNK_SIZE_OVERFLOW = 22,      // 400 chunk-size too big to represent
  INVALID_CHUNK_EXTENSION = 23,  // 400 bad chunk-ext syntax
  INVALID_CHUNK_DATA = 24,       // 400 chunk data not followed by CRLF
  INVALID_TRAILER = 25,          // 400 a field trailers may not carry (Host, Content-Length, …)
  MISSING_HOST = 26,             // 400 HTTP/1.1 request without Host
  DUPLICATE_HOST = 27,           // 400 more than one Host field
  ARENA_EXHAUSTED = 28,          // 503 request does not fit its slot's arena
  POOL_EXHAUSTED = 29,           // 503 every slot is busy
  REQUEST_TIMEOUT = 30,          // 408 head or body not received in time (host timers)
  MALFORMED_METHOD = 31,         // 400 method empty or not a token ("G@T")
  INVALID_SLOT = 32,             // 500 parse() on a slot that is not handed out (a host bug)
  CHUNK_EXTENSIONS_TOO_LARGE = 33, // 413 one chunk's extensions longer than MAX_CHUNK_EXTENSION_BYTES
                                   //     (llhttp's HPE_CHUNK_EXTENSIONS_OVERFLOW, CVE-2024-22019: Node 20
                                   //     answers 413, checked with a node:http server)
}

/** One past the last code: table size. */
export const PARSE_ERROR_COUNT: u32 = 34;

// Status per code, index = code.
// [200, 501, 400, 400, 414, 400, 505, 400, 400, 400, 400, 400, 400, 431, 431,
//  400, 400, 400, 400, 400, 413, 400, 400, 400, 400, 400, 400, 400, 503, 503, 408,
//  400, 500, 413]
const STATUS = memory.data<u16>([
  200, 501, 400, 400, 414, 400, 505, 400, 400, 400, 400, 400, 400, 431, 431,
  400, 400, 400, 400, 400, 413, 400, 400, 400, 400, 400, 400, 400, 503, 503, 408,
  400, 500, 413,
]);

const REASONS: StaticArray<string> = [
  "ok",
  "unknown method",
  "invalid request line",
  "invalid request target",
  "request target too long",
  "invalid HTTP version",
  "HTTP version not supported",
  "CR not followed by LF",
  "LF without CR",
  "invalid header name",
  "whitespace before colon",
  "obsolete line folding",
  "invalid header value",
  "header section too large",
  "too many headers",
  "invalid Content-Length",
  "Content-Length overflow",
  "conflicting Content-Length",
  "Transfer-Encoding with Content-Length",
  "Transfer-Encoding not ending in chunked",
  "body too large",
  "invalid chunk size",
  "chunk size overflow",
  "invalid chunk extension",
  "invalid chunk data",
  "invalid trailer",
  "missing Host header",
  "duplicate Host header",
  "request too large for arena",
  "server busy",
  "request timeout",
  "invalid method",
  "invalid slot",
  "chunk extensions too large",
];

/** HTTP status for a code; 500 for a code outside the table. */
export function errorStatus(code: u32): u32 {
  return code < PARSE_ERROR_COUNT ? <u32>load<u16>(STATUS + (<usize>code << 1)) : 500;
}

/** Short reason for a code (a static string: no allocation). */
export function errorReason(code: u32): string {
  return code < PARSE_ERROR_COUNT ? unchecked(REASONS[code]) : "internal error";
}
