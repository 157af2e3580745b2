/**
 * The response record: what a Context holds about the response being built
 * (status, header list, body kind and value), and the rules for turning it
 * into a Web Response and back.
 *
 * Middleware edits the record (c.status, c.header, c.body, …) and reads it
 * (c.statusCode, c.responseHeader(name), c.bodyKind, c.bodyValue), so the
 * Node host writes it straight into WASM memory without building a Response.
 * `c.res` builds one only when asked; from then on that Response is the
 * response (Hono middleware edits `c.res.headers`), until a handler records a
 * new body, which keeps the Response's headers (Hono's rule: all but
 * Content-Type carry over).
 *
 *   record                         c.res read            c.text()/c.json() again
 *   ┌────────────────────────┐     ┌──────────────┐      ┌────────────────────────┐
 *   │ statusCode 200         │ ──▶ │ Web Response │ ───▶ │ headers of the Response│
 *   │ headerList [[n, v], …] │     │ (the truth)  │      │ (not Content-Type),    │
 *   │ bodyKind, bodyValue    │     └──────────────┘      │ the new body and kind  │
 *   └────────────────────────┘                           └────────────────────────┘
 */
import { isBodyless, isHeaderName, isTransportHeader } from "../core/http-rules.js";

/** What the body of the recorded response is. */
export const enum BodyKind { NONE, TEXT, JSON, HTML, BYTES, RESPONSE }

/** A body the record can hold: text, bytes, a stream or none. */
export type BodyValue = string | Uint8Array | ReadableStream<Uint8Array> | null;

/**
 * A response header as set: name, value, and for a PreparedHeader its line
 * "Name: value\r\n" in bytes; the first field of a HeaderDefaults set also
 * carries the whole set as one run (the writer copies it at once when the
 * set stands whole in the list).
 */
export type HeaderField = [name: string, value: string, line?: Uint8Array, run?: HeaderRun];

/** Prepared fields added together, and their lines as one block of bytes. */
export interface HeaderRun {
  readonly fields: readonly HeaderField[];
  readonly lines: Uint8Array;
}
export type HeaderList = HeaderField[];

/** The fields of the record (Context implements them). */
export interface ResponseRecord {
  statusCode: number;
  headerList: HeaderList | undefined;
  bodyKind: BodyKind;
  bodyValue: BodyValue;
  /** A Web Response that is the response from now on (a handler returned it, or c.res was read). */
  response: Response | undefined;
}

/** Content-Type each body kind implies unless a handler set one. */
export const CONTENT_TYPES: Record<BodyKind, string | undefined> = {
  [BodyKind.NONE]: undefined,
  [BodyKind.TEXT]: "text/plain; charset=UTF-8",
  [BodyKind.JSON]: "application/json",
  [BodyKind.HTML]: "text/html; charset=UTF-8",
  [BodyKind.BYTES]: undefined,
  [BodyKind.RESPONSE]: undefined,
};

/** The Content-Type header of each body kind as a ResponseInit's headers (read, never changed). */
const KIND_HEADERS: Record<BodyKind, Record<string, string> | undefined> = Object.fromEntries(
  Object.entries(CONTENT_TYPES).map(([kind, type]) => [kind, type ? Object.freeze({ "content-type": type }) : undefined])) as Record<BodyKind, Record<string, string> | undefined>;

/** The value of response header `name` (case-insensitive; several values joined by ", "), whichever form the response is in. */
export function responseHeader(r: ResponseRecord, name: string): string | undefined {
  if (r.response) return r.response.headers.get(name) ?? undefined;
  const list = r.headerList;
  if (!list) return isHeaderName(name, "content-type") ? CONTENT_TYPES[r.bodyKind] : undefined;
  const lower = name.toLowerCase();
  let value: string | undefined;
  for (const [n, v] of list) if (isHeaderName(n, lower)) value = value === undefined ? v : `${value}, ${v}`;
  if (value === undefined && lower === "content-type") return CONTENT_TYPES[r.bodyKind];
  return value;
}

/** Remove every header named `lower` (a lower-case name) from the list: what setting a header does first. */
export function removeHeader(list: HeaderList, lower: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (isHeaderName(list[i][0], lower)) list.splice(i, 1);
}

/** Whether the record's header list names `lower` (a lower-case name). */
export function hasHeader(list: HeaderList | undefined, lower: string): boolean {
  if (!list) return false;
  for (const [name] of list) if (isHeaderName(name, lower)) return true;
  return false;
}

/**
 * The header list a new body keeps when the response was a Web Response:
 * its headers except Content-Type (the new body brings its own), in order.
 */
export function carriedHeaders(response: Response): HeaderList {
  const list: HeaderList = [];
  response.headers.forEach((value, name) => {
    if (name !== "content-type" && name !== "set-cookie") list.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) list.push(["set-cookie", cookie]);
  return list;
}

/**
 * `next` as the response, with the headers set before it arrived (Hono's
 * `c.res = …` rule: earlier headers win, except Content-Type; Set-Cookie
 * values add up).
 */
export function withEarlierHeaders(next: Response, earlier: HeaderList | undefined): Response {
  if (!earlier || earlier.length === 0) return next;
  const response = new Response(next.body, next);
  const cookies: string[] = [];
  for (const [name, value] of earlier) {
    const lower = name.toLowerCase();
    if (lower === "content-type" || isTransportHeader(lower)) continue;
    if (lower === "set-cookie") cookies.push(value);
    else response.headers.set(name, value);
  }
  if (cookies.length > 0) {
    const own = response.headers.getSetCookie();
    response.headers.delete("set-cookie");
    for (const cookie of [...cookies, ...own.filter((c) => !cookies.includes(c))]) response.headers.append("set-cookie", cookie);
  }
  return response;
}

/** The record as a Web Response (the platform frames it: transport headers are dropped, ../core/http-rules.ts). */
export function toWebResponse(r: ResponseRecord): Response {
  if (r.response) return r.response;
  const status = r.statusCode;
  const body = isBodyless(status) ? null : (r.bodyValue as BodyInit | null);
  // No header set by the app: a shared init per body kind, no Headers object built in JS.
  if (!r.headerList) return new Response(body, { status, headers: KIND_HEADERS[r.bodyKind] });
  const headers = new Headers();
  for (const [name, value] of r.headerList) if (!isTransportHeader(name)) headers.append(name, value);
  const type = CONTENT_TYPES[r.bodyKind];
  if (type && !headers.has("content-type")) headers.set("content-type", type);
  return new Response(body, { status, headers });
}

/** The recorded body's size in bytes when it is known now (null: a stream, or a Response without Content-Length). */
export function recordedBodyBytes(c: ResponseRecord): number | null {
  if (c.response) {
    const length = c.response.headers.get("content-length");
    return length === null ? (c.response.body === null ? 0 : null) : Number(length);
  }
  const body = c.bodyValue;
  if (body === null || c.bodyKind === BodyKind.NONE) return 0;
  if (typeof body === "string") return utf8Length(body);
  if (body instanceof Uint8Array) return body.length;
  return null;
}

/** UTF-8 length of a JS string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
