// Context: one request (c.req, see request.ts) and its response, as an
// AssemblyScript handler sees them. One instance, reused for every request
// (handlers run one at a time inside the instance).
//
// The response is assembled in the slot's arena so that it leaves as one
// span without copying the body:
//
//   body region (bodyRegion):
//   ┌──────────────┬─────────────────────┬──────────────────────────┐
//   │ HEAD_ROOM    │ EXTRA_ROOM          │ body (text, JSON, bytes) │
//   └──────────────┴─────────────────────┴──────────────────────────┘
//   finish: header lines + CRLF are copied to end right at the body, and
//   respond() writes the status line, Date, Content-Type, Content-Length,
//   Connection in front of them. Lines longer than EXTRA_ROOM (or a body
//   outside the arena) take one copy into a fresh region instead.

import { Arena, arenaAlloc, arenaFree } from "../arena/arena";
import { arenaAt, poolRelease, NO_SLOT } from "../arena/pool";
import { MATCH_RECORD_SIZE, MATCH_PARAM_SIZE, MATCH_ROUTE_ID, MATCH_PARAM_COUNT } from "../router/router";
import { HEAD_ROOM } from "../response/writer";
import { isTransportHeader } from "../response/rules";
import { CONTENT_NONE, CONTENT_TEXT, CONTENT_JSON, CONTENT_HTML } from "../response/lines";
import { Json } from "./json";
import { utf8Length, writeUtf8 } from "./text";
import { AppRequest } from "./request";

/** A route handler or middleware: a top-level function (no closures in AssemblyScript). */
export type Handler = (c: Context) => void;

/** Header-line bytes that fit in front of the body without a copy. */
export const EXTRA_ROOM: u32 = 512;
/** Arena bytes a body region keeps free in front of the body: the head, then header lines. */
export const BODY_FRONT: u32 = HEAD_ROOM + EXTRA_ROOM;
const LINES_INITIAL: u32 = 256;

export class Context {
  slot: u32 = 0;
  arena: usize = 0;
  /** The request, read lazily from the slot (c.req.param("id"), c.req.header("accept")…). */
  readonly req: AppRequest = new AppRequest();

  // Route chain (set by the dispatcher; see app.ts).
  handlers: Array<Handler> = [];
  cursor: usize = 0;
  remaining: u32 = 0;
  /** The route whose handler ran last, as id + 1 (0: none ran): what the metrics count the answer under. */
  route: u32 = 0;

  // Response.
  statusCode: u32 = 200;
  contentType: u32 = CONTENT_NONE;
  typeFromHeader: bool = false;
  responded: bool = false;
  lines: usize = 0;
  linesLen: u32 = 0;
  linesCap: u32 = 0;
  body: usize = 0;
  bodyLen: u32 = 0;
  /** The body sits at a bodyRegion() start (room in front for the head). */
  bodyInPlace: bool = false;
  /** A large slot whose arena holds the body (jsonInLentSlot), NO_SLOT when none. */
  lent: u32 = NO_SLOT;
  readonly out: Json = new Json();

  /** Point at a parsed request in `slot` and clear the response. */
  begin(slot: u32): void {
    this.releaseLent(); // a request that trapped before its response went out
    this.slot = slot;
    this.arena = changetype<usize>(arenaAt(slot));
    this.req.begin(slot);
    this.remaining = 0;
    this.route = 0;
    this.statusCode = 200;
    this.contentType = CONTENT_NONE;
    this.typeFromHeader = false;
    this.responded = false;
    this.lines = 0;
    this.linesLen = 0;
    this.linesCap = 0;
    this.body = 0;
    this.bodyLen = 0;
    this.bodyInPlace = false;
  }

  // ── Chain ────────────────────────────────────────────────────────────────

  /** Run the next matching handler (middleware call this; Hono's `await next()`). */
  next(): void {
    if (this.remaining == 0) return;
    this.remaining--;
    const record = this.cursor;
    this.cursor = record + MATCH_RECORD_SIZE + <usize>load<u32>(record + MATCH_PARAM_COUNT) * MATCH_PARAM_SIZE;
    const req = this.req;
    const saved = req.record;
    req.record = record;
    const id = load<u32>(record + MATCH_ROUTE_ID);
    this.route = id + 1;
    this.handlers[id](this);
    req.record = saved;
  }

  // ── Response ─────────────────────────────────────────────────────────────

  status(code: u32): Context {
    this.statusCode = code;
    return this;
  }

  /**
   * Add a response header line. Content-Type given here replaces the one
   * text()/json()/html() would send. Returns false (and adds nothing) for
   * names or values with CR, LF or NUL, which would split the response.
   * Transport headers (Content-Length, Transfer-Encoding, Connection,
   * Keep-Alive, Date: response/rules.ts) belong to the writer and are
   * dropped.
   */
  header(name: string, value: string): bool {
    if (!headerSafe(name) || !headerSafe(value)) return false;
    if (name.length == 12 && name.toLowerCase() == "content-type") {
      this.typeFromHeader = true;
      this.contentType = CONTENT_NONE;
    }
    const n = utf8Length(name) + utf8Length(value) + 4;
    if (!this.reserveLines(n)) return false;
    let p = this.lines + this.linesLen;
    const nameLen = writeUtf8(name, p);
    if (isTransportHeader(p, nameLen)) return true; // written past linesLen: not kept
    p += nameLen;
    store<u16>(p, 0x203a); // ": "
    p += 2;
    p += writeUtf8(value, p);
    store<u16>(p, 0x0a0d);
    this.linesLen += n;
    return true;
  }

  private reserveLines(n: u32): bool {
    if (this.linesLen + n <= this.linesCap) return true;
    const cap = max(max(LINES_INITIAL, this.linesCap << 1), this.linesLen + n);
    const p = arenaAlloc(changetype<Arena>(this.arena), cap, 1);
    if (p == 0) return false;
    if (this.linesLen) memory.copy(p, this.lines, this.linesLen);
    this.lines = p;
    this.linesCap = cap;
    return true;
  }

  /** Room for a body of `max` bytes with the head's room in front; 0 when the arena is full. */
  private bodyRegion(max: u32): usize {
    const p = arenaAlloc(changetype<Arena>(this.arena), BODY_FRONT + max, 8);
    return p == 0 ? 0 : p + BODY_FRONT;
  }

  private setBody(ptr: usize, len: u32, inPlace: bool, type: u32, status: u32): void {
    this.body = ptr;
    this.bodyLen = len;
    this.bodyInPlace = inPlace;
    if (!this.typeFromHeader) this.contentType = type;
    this.statusCode = status;
    this.responded = true;
  }

  private sendString(s: string, type: u32, status: u32): void {
    const n = utf8Length(s);
    const p = this.bodyRegion(n);
    if (p == 0) {
      this.internalError();
      return;
    }
    this.setBody(p, writeUtf8(s, p), true, type, status);
  }

  /** text/plain; charset=UTF-8 */
  text(s: string, status: u32 = 200): void { this.sendString(s, CONTENT_TEXT, status); }
  /** text/html; charset=UTF-8 */
  html(s: string, status: u32 = 200): void { this.sendString(s, CONTENT_HTML, status); }

  /** A body from bytes (copied), with no Content-Type unless one was set with header(). */
  bytes(ptr: usize, len: u32, status: u32 = 200): void {
    const p = this.bodyRegion(len);
    if (p == 0) {
      this.internalError();
      return;
    }
    memory.copy(p, ptr, len);
    this.setBody(p, len, true, CONTENT_NONE, status);
  }

  /** No body (Content-Length: 0; none at all for 204/304). */
  empty(status: u32): void {
    this.setBody(0, 0, false, CONTENT_NONE, status);
  }

  /** 302 (or `status`) to `location`. */
  redirect(location: string, status: u32 = 302): void {
    this.header("Location", location);
    this.empty(status);
  }

  /**
   * Start a JSON body: write it with the returned writer, then call
   * sendJson(). Half of the arena's free room is reserved for it; strings
   * made meanwhile go after it.
   */
  json(): Json {
    const free = arenaFree(changetype<Arena>(this.arena));
    const cap = free > 2 * BODY_FRONT ? (free >> 1) - BODY_FRONT : 0;
    const p = cap == 0 ? 0 : this.bodyRegion(cap);
    this.out.w.init(p, p == 0 ? 0 : cap);
    return this.out;
  }

  /** Send what json() wrote (500 when it did not fit). */
  sendJson(status: u32 = 200): void {
    const n = this.out.w.result();
    if (n < 0) {
      this.internalError();
      return;
    }
    this.setBody(this.out.w.ptr, <u32>n, true, CONTENT_JSON, status);
  }

  /** Pre-serialized JSON bytes as the body. */
  jsonBytes(ptr: usize, len: u32, status: u32 = 200): void {
    this.bytes(ptr, len, status);
    if (!this.typeFromHeader) this.contentType = CONTENT_JSON;
  }

  /**
   * JSON bytes already in this request's arena with BODY_FRONT bytes in front
   * of them free for the head (as canonicalInArena leaves them when asked
   * for that front): sent as they lie, no copy.
   */
  jsonInPlace(ptr: usize, len: u32, status: u32 = 200): void {
    this.setBody(ptr, len, true, CONTENT_JSON, status);
  }

  /**
   * JSON bytes in the arena of `large`, a large slot taken for this response
   * (poolAcquireLarge), with BODY_FRONT bytes before them free: sent from
   * there, and the slot given back once the response is out (releaseLent).
   * For a body whose output does not fit beside it in a small slot.
   */
  jsonInLentSlot(large: u32, ptr: usize, len: u32, status: u32 = 200): void {
    this.releaseLent();
    this.lent = large;
    this.setBody(ptr, len, true, CONTENT_JSON, status);
  }

  /** Give back the slot jsonInLentSlot took (the entries call this once the response is written or sent). */
  releaseLent(): void {
    if (this.lent == NO_SLOT) return;
    poolRelease(this.lent);
    this.lent = NO_SLOT;
  }

  /** The app's 500 (what a thrown error gives in the TypeScript App). */
  internalError(): void {
    this.linesLen = 0;
    this.typeFromHeader = false;
    this.setBody(INTERNAL_ERROR, INTERNAL_ERROR_LENGTH, false, CONTENT_TEXT, 500);
  }

  /** The app's 404. */
  notFound(): void {
    this.setBody(NOT_FOUND, NOT_FOUND_LENGTH, false, CONTENT_TEXT, 404);
  }

  /**
   * Lay out header lines + CRLF + body as responseRegion() would and return
   * the region (where the lines start), or 0 when the arena cannot hold it.
   */
  layout(): usize {
    const extra = this.linesLen + 2;
    let region: usize;
    if (this.bodyInPlace && extra <= EXTRA_ROOM) {
      region = this.body - extra;
    } else {
      const p = arenaAlloc(changetype<Arena>(this.arena), HEAD_ROOM + extra + this.bodyLen, 1);
      if (p == 0) return 0;
      region = p + HEAD_ROOM;
      memory.copy(region + extra, this.body, this.bodyLen);
    }
    memory.copy(region, this.lines, this.linesLen);
    store<u16>(region + this.linesLen, 0x0a0d);
    return region;
  }
}

function headerSafe(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 13 || c == 10 || c == 0) return false;
  }
  return true;
}

// "Internal Server Error" and "404 Not Found" as bytes.
const INTERNAL_ERROR = memory.data<u8>([73,110,116,101,114,110,97,108,32,83,101,114,118,101,114,32,69,114,114,111,114]);
const INTERNAL_ERROR_LENGTH: u32 = 21;
const NOT_FOUND = memory.data<u8>([52,48,52,32,78,111,116,32,70,111,117,110,100]);
const NOT_FOUND_LENGTH: u32 = 13;
