/**
 * ETag and conditional GET/HEAD, on the response record.
 *
 * After the route answers 2xx with a string or bytes body, the middleware
 * gives it an ETag (unless the handler set one): strong by default, the
 * body's length and 64-bit hash (`"2a-89abcdef01234567"`, ./hash.ts), or
 * `W/"…"` with `weak: true`. Then it evaluates the request's preconditions
 * (./conditional.ts, RFC 9110 §13.2.2) against that ETag and the response's
 * Last-Modified, if any:
 *
 *   If-None-Match matches (weak comparison, lists, *)   → 304, only the retained headers
 *   If-Modified-Since, not modified since               → 304 (without If-None-Match)
 *   If-Match does not match (strong comparison)         → 412
 *   If-Unmodified-Since, modified after                 → 412 (without If-Match)
 *
 * A 304 carries only what RFC 9110 §15.4.5 lists: Cache-Control,
 * Content-Location, Date, ETag, Expires and Vary (`retainedHeaders` to
 * change that). HEAD is evaluated as GET (its route is the GET route). A
 * stream body or a Web Response the handler returned is not read: it gets
 * no ETag, but an ETag it already carries is evaluated all the same (and a
 * 304 cancels the stream).
 *
 * Bodies up to 16 KiB are hashed synchronously in JS; larger ones with Web
 * Crypto's SHA-1 (asynchronous, native: faster past that size; measured in
 * bench/results/middleware.md).
 *
 * For writes (PUT, DELETE…), preconditions must be checked before the
 * change, with the resource's current ETag: `evaluatePreconditions(c.req,
 * { etag })` in the handler.
 *
 * @example
 *   app.use(etag());
 *   app.get("/doc", (c) => c.json(doc));            // ETag: "…"; If-None-Match: "…" → 304
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import { afterNext } from "../../app/compose.js";
import { evaluatePreconditions } from "./conditional.js";
import { hash64 } from "./hash.js";

export { evaluatePreconditions, parseTagList, parseETag, weakMatch, strongMatch, type PreconditionResult, type Validators } from "./conditional.js";
export { hash64 } from "./hash.js";

export interface ETagOptions {
  /** Send weak ETags (`W/"…"`). Default false (strong). */
  weak?: boolean;
  /** Headers a 304 keeps (lower-case). Default RFC 9110's: cache-control, content-location, date, etag, expires, vary. */
  retainedHeaders?: readonly string[];
  /** Your own opaque-tag from the body (without quotes or W/). Default: length and hash. */
  generate?: (body: string | Uint8Array) => string | Promise<string>;
}

/** What a 304 keeps (RFC 9110 §15.4.5); Date is the writer's anyway. */
export const RETAINED_304_HEADERS: readonly string[] = ["cache-control", "content-location", "date", "etag", "expires", "vary"];

/** Bodies up to this many bytes (or UTF-16 code units) are hashed in JS; larger ones by Web Crypto. */
export const SYNC_HASH_MAX = 16 * 1024;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

/** The ETag middleware: strong ETags from a body hash, 304 and 412 answers. */
export function etag(options: ETagOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const weak = options.weak === true;
  const retained = options.retainedHeaders ?? RETAINED_304_HEADERS;
  const generate = options.generate;
  // Synchronous (no promise, no microtask turn) when the route is and the tag is hashed in JS.
  return (c, next) => afterNext(next(), () => tagAndCheck(c, weak, retained, generate));
}

/** Tag the route's answer (unless it has a tag) and answer its preconditions; a promise only while an opaque-tag is computed. */
function tagAndCheck(c: AnyContext, weak: boolean, retained: readonly string[], generate: ETagOptions["generate"]): void | Promise<void> {
  const response = c.response;
  const status = response ? response.status : c.statusCode;
  if (status < 200 || status > 299 || status === 206) return; // preconditions apply to 2xx answers (§13.2.1); ranges are not ours
  const tag = c.responseHeader("ETag");
  if (tag === undefined && !response) {
    const body = c.bodyValue;
    if (typeof body === "string" || body instanceof Uint8Array) {
      const opaque = generate ? generate(body) : defaultTag(body);
      if (opaque instanceof Promise) return opaque.then((value) => tagged(c, value, weak, retained));
      return tagged(c, opaque, weak, retained);
    }
  }
  check(c, tag, retained);
}

/** Send the opaque-tag as the answer's ETag (weak: `W/"…"`), then answer the preconditions. */
function tagged(c: AnyContext, opaque: string, weak: boolean, retained: readonly string[]): void {
  const tag = weak ? `W/"${opaque}"` : `"${opaque}"`;
  c.header("ETag", tag);
  check(c, tag, retained);
}

/** Answer If-None-Match / If-Match / If-(Un)Modified-Since against the answer's validators (304, 412), or leave it. */
function check(c: AnyContext, tag: string | undefined, retained: readonly string[]): void {
  const lastModified = c.responseHeader("Last-Modified");
  if (tag === undefined && lastModified === undefined) return;
  const result = evaluatePreconditions(c.req, { etag: tag, lastModified });
  if (result !== "pass") answerWithout(c, result, result === 304 ? retained : []);
}

/** Length and hash: sync in JS for small bodies, Web Crypto SHA-1 (first 64 bits) for large ones. */
function defaultTag(body: string | Uint8Array): string | Promise<string> {
  const length = body.length.toString(16);
  if (body.length <= SYNC_HASH_MAX) return `${length}-${hash64(body)}`;
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>).then((digest) => {
    let hex = "";
    for (const byte of new Uint8Array(digest, 0, 8)) hex += byte.toString(16).padStart(2, "0");
    return `${length}-${hex}`;
  });
}

/** Replace the response by a bodyless `status` that keeps only the `retained` headers. */
function answerWithout(c: AnyContext, status: 304 | 412, retained: readonly string[]): void {
  const kept: [string, string][] = [];
  for (const name of retained) {
    const value = c.responseHeader(name);
    if (value !== undefined) kept.push([name, value]);
  }
  const stream = c.response?.body ?? (c.bodyValue instanceof ReadableStream ? c.bodyValue : null);
  if (stream) void stream.cancel().catch(() => undefined);
  c.response = undefined;
  c.headerList = kept.length > 0 ? kept : undefined;
  c.body(null, status);
}
