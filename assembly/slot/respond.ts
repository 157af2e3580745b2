// Answering a slot: the host (or an AssemblyScript handler) wrote extra
// header lines and the body into the slot's arena; respond() writes the
// status line and common headers in front of them, as the parsed request
// asks (keep-alive or close, HTTP/1.0, HEAD), and may release the slot.
//
//   region = responseRegion(slot, maxBytes)     (HEAD_ROOM reserved in front)
//   host writes at region: extra header lines, "\r\n", body
//   len = respond(slot, region, status, contentType, extraLen, bodyLen, flags)
//   response = [req.responseStart, + len)      one contiguous span

import { metricsRecord } from "../metrics/metrics";
import { arenaAlloc } from "../arena/arena";
import { arenaAt, slotBase, slotInUse, largeArenaHolds, poolRelease } from "../arena/pool";
import { RequestHead, FLAG_KEEP_ALIVE } from "../http/request";
import { METHOD_HEAD } from "../http/methods";
import {
  writeHeadBefore, responseLength, HEAD_ROOM, RESPOND_CLOSE, RESPOND_KEEP_ALIVE, RESPOND_OMIT_BODY,
  RESPOND_CHUNKED, RESPOND_UNSIZED,
} from "../response/writer";

/** respond() flags. */
export const RESPOND_FLAG_CLOSE: u32 = 1;  // Connection: close (errors, shutdown, limits)
export const RESPOND_FLAG_STREAM: u32 = 2; // no Content-Length: the host streams the body
export const RESPOND_FLAG_RELEASE: u32 = 4; // release the slot once the head is written

/** Respond errors (negative results). */
export const RESPOND_BAD_STATUS: i32 = -1;
export const RESPOND_BAD_REGION: i32 = -2;
export const RESPOND_BAD_SLOT: i32 = -3;

/**
 * Reserve room in the slot's arena for a response of up to `maxBytes` (extra
 * header lines + CRLF + body) with HEAD_ROOM in front. Returns where the host
 * writes, or 0 when the arena cannot hold it (host answers from its own
 * buffer or with 500).
 */
export function responseRegion(slot: u32, maxBytes: u32): usize {
  if (maxBytes > 0xffffffff - HEAD_ROOM) return 0;
  const p = arenaAlloc(arenaAt(slot), HEAD_ROOM + maxBytes, 1);
  return p == 0 ? 0 : p + HEAD_ROOM;
}

/**
 * Write the response head in front of `region` (see responseRegion) and
 * return the whole response's length; its start is at REQ_RESPONSE_START in
 * the slot's RequestHead. The region is in the slot's arena, or in a large
 * slot in use that an AssemblyScript handler took for the response body. Connection handling and HEAD follow the parsed
 * request; `flags` are RESPOND_FLAG_* bits.
 */
export function respond(slot: u32, region: usize, status: u32, contentType: u32, extraLen: u32, bodyLen: u32, flags: u32,
  route: u32, latencyUs: u32): i32 {
  if (!slotInUse(slot)) return RESPOND_BAD_SLOT;
  const req = changetype<RequestHead>(slotBase(slot));
  const arena = arenaAt(slot);
  const inSlot = region >= arena.base + HEAD_ROOM && region <= arena.end;
  if (!inSlot && !largeArenaHolds(region, HEAD_ROOM)) return RESPOND_BAD_REGION;
  const options = responseOptions(req, flags);
  const start = writeHeadBefore(region, status, contentType, bodyLen, options);
  if (start == 0) return RESPOND_BAD_STATUS;
  req.responseStart = <u32>start;
  const length = <i32>responseLength(start, region, extraLen, bodyLen, status, options);
  metricsRecord(route, req.methodId, status, latencyUs, req.messageEnd, <u32>length);
  // Release rewinds and zeroes the parser state only: the response bytes and
  // responseStart stay as they are until the next call.
  if (flags & RESPOND_FLAG_RELEASE) poolRelease(slot);
  return length;
}

/** The writer's options (RESPOND_CLOSE, …) for a response to `req` with RESPOND_FLAG_* `flags`. */
function responseOptions(req: RequestHead, flags: u32): u32 {
  let options: u32 = 0;
  // HTTP/1.0 has no chunked coding: a streamed body ends with the connection.
  const unsized = (flags & RESPOND_FLAG_STREAM) != 0 && req.versionMinor == 0;
  if (flags & RESPOND_FLAG_CLOSE || unsized || !(req.flags & FLAG_KEEP_ALIVE)) options |= RESPOND_CLOSE;
  else if (req.versionMinor == 0) options |= RESPOND_KEEP_ALIVE;
  if (flags & RESPOND_FLAG_STREAM) options |= unsized ? RESPOND_UNSIZED : RESPOND_CHUNKED;
  if (req.methodId == METHOD_HEAD) options |= RESPOND_OMIT_BODY;
  return options;
}
