// What the head's fields mean for the message: body length (Content-Length,
// Transfer-Encoding), connection handling (Connection, Upgrade), Host and
// Expect. Rules as llhttp strict / Node 20's server, each checked there:
//
// - Content-Length: 1*DIGIT, then only SP (llhttp refuses a trailing HTAB);
//   any second Content-Length field is an error, even an identical one.
// - Transfer-Encoding: a comma list whose last coding is "chunked" (case-
//   insensitive, SP around elements, empty elements allowed); "chunked"
//   anywhere else, or a TE field after one ending in chunked, is an error;
//   TE with Content-Length, in either order, is an error.
// - HTTP/1.1 needs exactly one Host (Node's requireHostHeader; RFC 9112
//   §3.2 for the duplicate, which llhttp itself lets through).
// - Keep-alive: HTTP/1.1 unless "close"; HTTP/1.0 only with "keep-alive";
//   close wins over keep-alive, and a chunked HTTP/1.0 message closes
//   (RFC 9112 §6.1).
// - Upgrade: Connection "upgrade" plus an Upgrade field, or CONNECT.
//
// The per-head booleans live in module globals: one head is parsed at a
// time and resetFraming() starts each one.
import {
  RequestHead, FLAG_KEEP_ALIVE, FLAG_CHUNKED, FLAG_CONTENT_LENGTH, FLAG_EXPECT_CONTINUE,
  FLAG_UPGRADE, FLAG_CONNECTION_CLOSE,
} from "./request";
import { ParseError } from "./errors";
import { limits } from "./limits";
import { METHOD_CONNECT } from "./methods";
import {
  HEADER_HOST, HEADER_CONTENT_LENGTH, HEADER_TRANSFER_ENCODING, HEADER_CONNECTION,
  HEADER_EXPECT, HEADER_UPGRADE,
} from "./headers";
import { equalFolded } from "./names";
import { isOws, SP } from "./chars";
import { fail } from "./fail";

const COMMA: u32 = 0x2C;
const FOLD: u32 = 0x20;
/** Largest Content-Length we represent: 2^53 - 1 (a JS safe integer). */
const MAX_CONTENT_LENGTH: u64 = 0x1FFFFFFFFFFFFF;

// Lowercase words compared with equalFolded (a case fold that is exact for
// these letters, digits and '-', whatever the other byte).
const CHUNKED = memory.data<u8>([0x63, 0x68, 0x75, 0x6E, 0x6B, 0x65, 0x64]);             // "chunked"
const CLOSE = memory.data<u8>([0x63, 0x6C, 0x6F, 0x73, 0x65]);                           // "close"
const KEEP_ALIVE = memory.data<u8>([0x6B, 0x65, 0x65, 0x70, 0x2D, 0x61, 0x6C, 0x69, 0x76, 0x65]); // "keep-alive"
const UPGRADE = memory.data<u8>([0x75, 0x70, 0x67, 0x72, 0x61, 0x64, 0x65]);             // "upgrade"
const CONTINUE = memory.data<u8>([0x31, 0x30, 0x30, 0x2D, 0x63, 0x6F, 0x6E, 0x74, 0x69, 0x6E, 0x75, 0x65]); // "100-continue"

let connectionClose = false;
let connectionKeepAlive = false;
let connectionUpgrade = false;
let upgradeField = false;
let transferEncodingAt: u32 = 0; // value offset of the first TE field, 0 = none

/** Forget the previous head's fields. */
export function resetFraming(): void {
  connectionClose = false;
  connectionKeepAlive = false;
  connectionUpgrade = false;
  upgradeField = false;
  transferEncodingAt = 0;
}

// @ts-ignore: decorator
@inline function isWord(buf: usize, s: u32, e: u32, word: usize, wordLen: u32): bool {
  return e - s == wordLen && equalFolded(buf + s, word, wordLen, FOLD);
}

/** Act on header `id` whose value is [vs, ve) (OWS trimmed) and whose line's CR is at `cr`. */
export function applyHeader(req: RequestHead, id: u16, buf: usize, name: u32, vs: u32, ve: u32, cr: u32): i32 {
  switch (id) {
    case HEADER_HOST: {
      if (++req.hostCount > 1) return fail(req, ParseError.DUPLICATE_HOST, name);
      return 0;
    }
    case HEADER_CONTENT_LENGTH: return contentLength(req, buf, name, vs, cr);
    case HEADER_TRANSFER_ENCODING: return transferEncoding(req, buf, name, vs, cr);
    case HEADER_CONNECTION: {
      connectionTokens(buf, vs, ve);
      return 0;
    }
    case HEADER_EXPECT: {
      if (isWord(buf, vs, ve, CONTINUE, 12)) req.flags |= FLAG_EXPECT_CONTINUE;
      return 0;
    }
    case HEADER_UPGRADE: {
      upgradeField = true;
      return 0;
    }
  }
  return 0;
}

/** Trailers may not carry framing, routing or connection fields. */
export function checkTrailer(req: RequestHead, id: u16, name: u32): i32 {
  switch (id) {
    case HEADER_HOST:
    case HEADER_CONTENT_LENGTH:
    case HEADER_TRANSFER_ENCODING:
    case HEADER_CONNECTION:
    case HEADER_EXPECT:
    case HEADER_UPGRADE: return fail(req, ParseError.INVALID_TRAILER, name);
  }
  return 0;
}

function contentLength(req: RequestHead, buf: usize, name: u32, vs: u32, cr: u32): i32 {
  if (req.flags & FLAG_CONTENT_LENGTH) return fail(req, ParseError.DUPLICATE_CONTENT_LENGTH, name);
  if (transferEncodingAt != 0) return fail(req, ParseError.TE_WITH_CONTENT_LENGTH, name);
  let i = vs;
  let value: u64 = 0;
  while (i < cr) {
    const d = <u32>load<u8>(buf + i) - 0x30;
    if (d > 9) break;
    value = value * 10 + d;
    if (value > MAX_CONTENT_LENGTH) return fail(req, ParseError.CONTENT_LENGTH_OVERFLOW, i);
    i++;
  }
  if (i == vs) return fail(req, ParseError.INVALID_CONTENT_LENGTH, i);
  for (; i < cr; i++) {
    if (<u32>load<u8>(buf + i) != SP) return fail(req, ParseError.INVALID_CONTENT_LENGTH, i);
  }
  if (value > <u64>limits.maxBodyBytes) return fail(req, ParseError.BODY_TOO_LARGE, vs);
  req.flags |= FLAG_CONTENT_LENGTH;
  req.contentLength = <u32>value;
  return 0;
}

function transferEncoding(req: RequestHead, buf: usize, name: u32, vs: u32, cr: u32): i32 {
  if (req.flags & FLAG_CONTENT_LENGTH) return fail(req, ParseError.TE_WITH_CONTENT_LENGTH, name);
  if (req.flags & FLAG_CHUNKED) return fail(req, ParseError.TE_NOT_CHUNKED, vs);
  if (transferEncodingAt == 0) transferEncodingAt = vs;
  let i = vs;
  while (true) {
    while (i < cr && <u32>load<u8>(buf + i) == SP) i++;
    const s = i;
    while (i < cr && <u32>load<u8>(buf + i) != COMMA) i++;
    let e = i;
    while (e > s && <u32>load<u8>(buf + e - 1) == SP) e--;
    const chunked = isWord(buf, s, e, CHUNKED, 7);
    if (i == cr) {
      if (chunked) req.flags |= FLAG_CHUNKED;
      return 0;
    }
    if (chunked) return fail(req, ParseError.TE_NOT_CHUNKED, s);
    i++; // the comma
  }
  return 0;
}

/** Note close / keep-alive / upgrade among the comma-separated tokens in [i, end). */
function connectionTokens(buf: usize, i: u32, end: u32): void {
  while (i < end) {
    while (i < end && (isOws(<u32>load<u8>(buf + i)) || <u32>load<u8>(buf + i) == COMMA)) i++;
    const s = i;
    while (i < end && <u32>load<u8>(buf + i) != COMMA) i++;
    let e = i;
    while (e > s && isOws(<u32>load<u8>(buf + e - 1))) e--;
    if (isWord(buf, s, e, CLOSE, 5)) connectionClose = true;
    else if (isWord(buf, s, e, KEEP_ALIVE, 10)) connectionKeepAlive = true;
    else if (isWord(buf, s, e, UPGRADE, 7)) connectionUpgrade = true;
  }
}

/**
 * After the last header: the checks that need every field, then the flags.
 * Returns 0 or -code after fail().
 */
export function finishFraming(req: RequestHead, headEnd: u32): i32 {
  if (transferEncodingAt != 0 && !(req.flags & FLAG_CHUNKED)) {
    return fail(req, ParseError.TE_NOT_CHUNKED, transferEncodingAt);
  }
  if (req.versionMinor == 1 && req.hostCount == 0) return fail(req, ParseError.MISSING_HOST, headEnd);
  let flags = req.flags;
  if (connectionClose) flags |= FLAG_CONNECTION_CLOSE;
  const keepAlive = req.versionMinor == 1 ? !connectionClose : connectionKeepAlive && !connectionClose;
  if (keepAlive && !(req.versionMinor == 0 && (flags & FLAG_CHUNKED))) flags |= FLAG_KEEP_ALIVE;
  if (req.methodId == METHOD_CONNECT || (connectionUpgrade && upgradeField)) flags |= FLAG_UPGRADE;
  req.flags = flags;
  return 0;
}
