// Status lines, pre-serialized once at start-up ("HTTP/1.1 404 Not Found\r\n")
// for every status code Node's http.STATUS_CODES names, with the same reason
// phrases, so writing one is a single memory.copy. Codes without a registered reason get "HTTP/1.1 NNN \r\n"
// (RFC 9112 allows an empty reason phrase).

import { writeAscii, writeDecimal } from "../util/bytes";

// Codes with a reason phrase, ascending; REASONS[i] belongs to CODES[i].
const CODES = memory.data<u16>([
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
  416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511,
]);
const REASONS: StaticArray<string> = [
  "Continue", "Switching Protocols", "Processing", "Early Hints",
  "OK", "Created", "Accepted", "Non-Authoritative Information", "No Content",
  "Reset Content", "Partial Content", "Multi-Status", "Already Reported", "IM Used",
  "Multiple Choices", "Moved Permanently", "Found", "See Other", "Not Modified",
  "Use Proxy", "Temporary Redirect", "Permanent Redirect",
  "Bad Request", "Unauthorized", "Payment Required", "Forbidden", "Not Found",
  "Method Not Allowed", "Not Acceptable", "Proxy Authentication Required",
  "Request Timeout", "Conflict", "Gone", "Length Required", "Precondition Failed",
  "Payload Too Large", "URI Too Long", "Unsupported Media Type", "Range Not Satisfiable",
  "Expectation Failed", "I'm a Teapot", "Misdirected Request", "Unprocessable Entity",
  "Locked", "Failed Dependency", "Too Early", "Upgrade Required",
  "Precondition Required", "Too Many Requests", "Request Header Fields Too Large",
  "Unavailable For Legal Reasons",
  "Internal Server Error", "Not Implemented", "Bad Gateway", "Service Unavailable",
  "Gateway Timeout", "HTTP Version Not Supported", "Variant Also Negotiates",
  "Insufficient Storage", "Loop Detected", "Bandwidth Limit Exceeded", "Not Extended",
  "Network Authentication Required",
];

export const MIN_STATUS: u32 = 100;
export const MAX_STATUS: u32 = 599;
const SLOTS: u32 = MAX_STATUS - MIN_STATUS + 1;
const PREFIX = "HTTP/1.1 ";

// lineAt[code - 100] = (offset << 8 | length) of that code's line in `lines`.
const lineAt = memory.data(SLOTS << 2);
let lines: usize = 0;

function writeLine(dst: usize, code: u32, reason: string): u32 {
  let n = writeAscii(dst, PREFIX);
  n += writeDecimal(dst + n, code);
  store<u8>(dst + n++, 0x20);
  n += writeAscii(dst + n, reason);
  store<u16>(dst + n, 0x0a0d); // "\r\n"
  return n + 2;
}

/** Build every line once (called at module start; start-up allocation only). */
function buildStatusLines(): void {
  let registered: u32 = <u32>REASONS.length;
  let size: u32 = 0;
  for (let i: u32 = 0; i < registered; i++) size += 15 + <u32>unchecked(REASONS[i]).length;
  size += (SLOTS - registered) * 15;
  lines = heap.alloc(size);
  let pos: u32 = 0;
  let next: u32 = 0;
  for (let code = MIN_STATUS; code <= MAX_STATUS; code++) {
    let reason = "";
    if (next < registered && <u32>load<u16>(CODES + (<usize>next << 1)) == code) {
      reason = unchecked(REASONS[next]);
      next++;
    }
    const len = writeLine(lines + pos, code, reason);
    store<u32>(lineAt + (<usize>(code - MIN_STATUS) << 2), pos << 8 | len);
    pos += len;
  }
}
buildStatusLines();

/** Copy the status line of `code` (100–599) to dst; returns its length, 0 if out of range. */
export function writeStatusLine(dst: usize, code: u32): u32 {
  if (code - MIN_STATUS >= SLOTS) return 0; // one unsigned compare covers < 100 too
  const entry = load<u32>(lineAt + (<usize>(code - MIN_STATUS) << 2));
  const len = entry & 0xff;
  memory.copy(dst, lines + (entry >>> 8), len);
  return len;
}

/** Length of the status line of `code`, 0 if out of range. */
export function statusLineLength(code: u32): u32 {
  if (code - MIN_STATUS >= SLOTS) return 0;
  return load<u32>(lineAt + (<usize>(code - MIN_STATUS) << 2)) & 0xff;
}
