// HTTP/1.1 request parser, picohttpparser style: each call parses what has
// arrived and returns the message length, NEED_MORE or -ParseError; results
// are offsets into the caller's buffer (request.ts). Strictness is llhttp's
// strict mode (Node 20) plus RFC 9112; where this parser is stricter than
// llhttp the file doing it says so.
//
//   PHASE_HEAD ──head.ts──▶ PHASE_BODY_LENGTH ──▶ PHASE_DONE
//        │                  PHASE_BODY_CHUNKED ──chunked.ts──▶ PHASE_DONE
//        └───────(no body, or upgrade / CONNECT)──────────────▶ PHASE_DONE
//   any error ─▶ PHASE_ERROR (sticky)
//
// Where the message ends is llhttp's choice: after the head when there is
// no body; after the head for CONNECT and for an upgrade without a body
// (the rest of the stream is another protocol: FLAG_UPGRADE); otherwise
// after the Content-Length bytes or the last chunk's trailers.
import {
  RequestHead, NEED_MORE, PHASE_HEAD, PHASE_BODY_LENGTH, PHASE_BODY_CHUNKED, PHASE_DONE,
  FLAG_CHUNKED,
} from "./request";
import { METHOD_CONNECT } from "./methods";
import { parseHead } from "./head";
import { beginChunked, decodeChunked } from "./chunked";

/**
 * Parse the `len` bytes at `buf` as (the start of) one request, resuming
 * from `req` (zeroed for a new request). `headers` is the HeaderEntry table.
 * Returns the message's byte count (> 0), NEED_MORE (0) or -ParseError.
 */
export function parseRequest(req: RequestHead, headers: usize, buf: usize, len: u32): i32 {
  let phase = req.phase;
  if (phase == PHASE_HEAD) {
    const head = parseHead(req, headers, buf, len);
    if (head <= 0) return head;
    phase = startBody(req, <u32>head);
  }
  if (phase == PHASE_BODY_LENGTH) {
    const end = <u64>req.headEnd + req.contentLength;
    if (<u64>len < end) return NEED_MORE;
    req.bodyLen = req.contentLength;
    phase = done(req, <u32>end);
  } else if (phase == PHASE_BODY_CHUNKED) {
    return decodeChunked(req, headers, buf, len);
  }
  return phase == PHASE_DONE ? <i32>req.messageEnd : -(<i32>req.errorCode);
}

/** The head ended at `headEnd`: pick how the body is framed. */
function startBody(req: RequestHead, headEnd: u32): u32 {
  const flags = req.flags;
  req.bodyOff = headEnd;
  req.bodyLen = 0;
  const hasBody = (flags & FLAG_CHUNKED) != 0 || req.contentLength != 0;
  // CONNECT: whatever follows the head belongs to the tunnel (llhttp).
  if (!hasBody || req.methodId == METHOD_CONNECT) return done(req, headEnd);
  if (flags & FLAG_CHUNKED) {
    beginChunked(req, headEnd);
    return req.phase = PHASE_BODY_CHUNKED;
  }
  return req.phase = PHASE_BODY_LENGTH;
}

function done(req: RequestHead, end: u32): u32 {
  req.messageEnd = end;
  return req.phase = PHASE_DONE;
}
