// Chunked transfer coding (RFC 9112 §7.1), decoded in place: chunk data is
// moved down to one contiguous span starting at the head's end. The write
// position never passes the read position, and nothing at or after the end
// of the message is written, so pipelined bytes stay untouched.
//
//   chunk      = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   last-chunk = 1*"0" [ chunk-ext ] CRLF, then trailer fields, then CRLF
//   chunk-ext  = *( ";" ext-name [ "=" ( token / quoted-string ) ] )
//
// As llhttp strict: no whitespace anywhere in the size line, a chunk must be
// followed by exactly CRLF. Stricter than llhttp: empty ext-names (";;a")
// and empty ext-values (";a=") are refused. A LF without its CR anywhere in
// the framing is BARE_LF, as in the head. Every byte is judged as it arrives,
// extension bytes included, and one chunk's extensions may not pass
// MAX_CHUNK_EXTENSION_BYTES (limits.ts; llhttp's 16 KiB, counted as llhttp
// does): CHUNK_EXTENSIONS_TOO_LARGE at the first byte over it.
//
// State between calls (RequestHead): chunkState (CS_* below), chunkRemaining
// (size being read, or data bytes left in the chunk), chunkRead / chunkWrite
// (next raw byte / next decoded byte), lineState (extension bytes counted in
// the current size line). In CS_TRAILERS, chunkRead is where the trailer
// section starts and `scanned` where its scan resumes (lineState is then the
// field-line state, scan.ts).
import { RequestHead, PHASE_DONE } from "./request";
import { ParseError } from "./errors";
import { limits, MAX_CHUNK_EXTENSION_BYTES } from "./limits";
import { classOf, C_TOKEN, C_QDTEXT, C_VALUE, CR, LF, HTAB } from "./chars";
import { hexValue } from "../util/hex";
import { scanFieldSection } from "./scan";
import { parseFieldSection } from "./fields";
import { fail } from "./fail";

const CS_SIZE_START: u32 = 0;   // first hex digit of a chunk-size
const CS_SIZE: u32 = 1;         // more hex digits, ';' or CR
const CS_EXT_NAME_START: u32 = 2;
const CS_EXT_NAME: u32 = 3;
const CS_EXT_VALUE_START: u32 = 4;
const CS_EXT_VALUE: u32 = 5;    // token value
const CS_EXT_QUOTED: u32 = 6;   // inside a quoted-string
const CS_EXT_QUOTED_PAIR: u32 = 7;
const CS_EXT_QUOTED_END: u32 = 8;
const CS_SIZE_LF: u32 = 9;      // CR seen at the end of the size line
const CS_DATA: u32 = 10;
const CS_DATA_CR: u32 = 11;
const CS_DATA_LF: u32 = 12;
const CS_TRAILERS: u32 = 13;

const SEMICOLON: u32 = 0x3B;
const EQUALS: u32 = 0x3D;
const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5C;
/** chunkRemaining must not grow past this before its next hex digit. */
const MAX_BEFORE_DIGIT: u32 = 0x0FFFFFFF;

/** Byte `c` at `at` breaks the chunk syntax: `code`, or BARE_LF for a LF (no CR before it). */
// @ts-ignore: decorator
@inline function syntaxError(req: RequestHead, c: u32, code: ParseError, at: u32): i32 {
  return fail(req, c == LF ? ParseError.BARE_LF : code, at);
}

/** Prepare `req` to decode a chunked body that starts at `start`. */
export function beginChunked(req: RequestHead, start: u32): void {
  req.chunkState = CS_SIZE_START;
  req.chunkRemaining = 0;
  req.chunkRead = start;
  req.chunkWrite = start;
  req.lineState = 0;
}

/**
 * Decode what has arrived of the chunked body. Returns the message length
 * when the last chunk and trailers are complete, 0 for more bytes, or -code.
 */
export function decodeChunked(req: RequestHead, headers: usize, buf: usize, len: u32): i32 {
  let state = req.chunkState;
  let remaining = req.chunkRemaining;
  let r = req.chunkRead;
  let w = req.chunkWrite;
  const bodyStart = req.headEnd;
  const maxBody = <u64>limits.maxBodyBytes;
  let extBytes = req.lineState;

  while (state != CS_TRAILERS && r < len) {
    if (state == CS_DATA) {
      const avail = len - r;
      const n = remaining < avail ? remaining : avail;
      memory.copy(buf + w, buf + r, n); // w <= r: an overlapping move down
      w += n;
      r += n;
      remaining -= n;
      if (remaining == 0) state = CS_DATA_CR;
      continue;
    }
    const c = <u32>load<u8>(buf + r);
    const before = state;
    switch (state) {
      case CS_SIZE_START:
      case CS_SIZE: {
        const h = hexValue(c);
        if (h != 0xFF) {
          if (remaining > MAX_BEFORE_DIGIT) return fail(req, ParseError.CHUNK_SIZE_OVERFLOW, r);
          remaining = (remaining << 4) | h;
          state = CS_SIZE;
        } else if (state == CS_SIZE_START || (c != SEMICOLON && c != CR)) {
          return syntaxError(req, c, ParseError.INVALID_CHUNK_SIZE, r);
        } else if (<u64>(w - bodyStart) + remaining > maxBody) {
          // Checked once the size is complete (at most 8 significant digits
          // before CHUNK_SIZE_OVERFLOW), before any of its data is taken.
          return fail(req, ParseError.BODY_TOO_LARGE, r);
        } else {
          state = c == CR ? CS_SIZE_LF : CS_EXT_NAME_START;
        }
        break;
      }
      case CS_EXT_NAME_START: {
        if (!(classOf(c) & C_TOKEN)) return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        state = CS_EXT_NAME;
        break;
      }
      case CS_EXT_NAME:
      case CS_EXT_VALUE: {
        if (classOf(c) & C_TOKEN) break;
        if (c == SEMICOLON) state = CS_EXT_NAME_START;
        else if (c == CR) state = CS_SIZE_LF;
        else if (c == EQUALS && state == CS_EXT_NAME) state = CS_EXT_VALUE_START;
        else return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        break;
      }
      case CS_EXT_VALUE_START: {
        if (c == QUOTE) state = CS_EXT_QUOTED;
        else if (classOf(c) & C_TOKEN) state = CS_EXT_VALUE;
        else return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        break;
      }
      case CS_EXT_QUOTED: {
        if (c == QUOTE) state = CS_EXT_QUOTED_END;
        else if (c == BACKSLASH) state = CS_EXT_QUOTED_PAIR;
        else if (!(classOf(c) & C_QDTEXT)) return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        break;
      }
      case CS_EXT_QUOTED_PAIR: {
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ): the value bytes
        if (!(classOf(c) & C_VALUE)) return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        state = CS_EXT_QUOTED;
        break;
      }
      case CS_EXT_QUOTED_END: {
        if (c == SEMICOLON) state = CS_EXT_NAME_START;
        else if (c == CR) state = CS_SIZE_LF;
        else return syntaxError(req, c, ParseError.INVALID_CHUNK_EXTENSION, r);
        break;
      }
      case CS_SIZE_LF: {
        if (c != LF) return fail(req, ParseError.BARE_CR, r - 1);
        extBytes = 0; // the next size line, or the trailers' field-line state
        if (remaining == 0) {
          state = CS_TRAILERS;
          req.scanned = r + 1;
          r++;
          continue;
        }
        state = CS_DATA;
        break;
      }
      case CS_DATA_CR: {
        if (c != CR) return syntaxError(req, c, ParseError.INVALID_CHUNK_DATA, r);
        state = CS_DATA_LF;
        break;
      }
      default: { // CS_DATA_LF
        if (c != LF) return fail(req, ParseError.BARE_CR, r - 1);
        state = CS_SIZE_START;
        break;
      }
    }
    // An extension byte the switch took: a name or value byte, or any byte
    // of a quoted-string (quotes included), is what llhttp counts.
    if (before >= CS_EXT_NAME_START && before <= CS_EXT_QUOTED_PAIR
      && (before >= CS_EXT_QUOTED || (c != SEMICOLON && c != EQUALS && c != CR))
      && ++extBytes > MAX_CHUNK_EXTENSION_BYTES) {
      return fail(req, ParseError.CHUNK_EXTENSIONS_TOO_LARGE, r);
    }
    r++;
  }

  req.chunkState = state;
  req.chunkRemaining = remaining;
  req.chunkRead = r;
  req.chunkWrite = w;
  req.lineState = extBytes;
  if (state != CS_TRAILERS) return 0;
  return trailers(req, headers, buf, len);
}

/** The trailer section starts at chunkRead; scan it, then parse it. */
function trailers(req: RequestHead, headers: usize, buf: usize, len: u32): i32 {
  const start = req.chunkRead;
  // Head and trailers together stay within maxHeaderBytes.
  const limit = start + (limits.maxHeaderBytes - req.headEnd);
  const end = scanFieldSection(req, buf, req.scanned, len, limit, ParseError.HEADERS_TOO_LARGE);
  if (end <= 0) return end;
  const first = req.headerCount;
  const count = parseFieldSection(req, headers, buf, start, <u32>end, first, true);
  if (count < 0) return count;
  req.trailerCount = <u32>count - first;
  req.bodyOff = req.headEnd;
  req.bodyLen = req.chunkWrite - req.headEnd;
  req.messageEnd = <u32>end;
  req.phase = PHASE_DONE;
  return end;
}
