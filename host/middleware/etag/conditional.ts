/**
 * Conditional requests (RFC 9110 §13): entity-tag lists, HTTP dates and the
 * order in which a server evaluates the preconditions (§13.2.2).
 *
 *   1. If-Match              none matches (strong comparison)   → 412
 *   2. If-Unmodified-Since   (only without If-Match) modified after the date → 412
 *   3. If-None-Match         one matches (weak comparison)     → 304 on GET/HEAD, 412 otherwise
 *   4. If-Modified-Since     (GET/HEAD, only without If-None-Match) not modified since → 304
 *
 * A date that does not parse is ignored, as §13.1.3/§13.1.4 say; dates
 * compare at the one-second resolution HTTP dates have.
 */

/** One entity-tag: its opaque-tag (quotes included) and whether it is weak. */
export interface EntityTag {
  weak: boolean;
  /** `"abc"`, with its quotes. */
  opaque: string;
}

/** What an If-Match / If-None-Match field lists: `*` or entity-tags (a malformed rest is dropped). */
export type TagList = "*" | EntityTag[];

/** Parse an entity-tag list (`"a", W/"b"` or `*`); an entity-tag may itself hold commas. */
export function parseTagList(field: string): TagList {
  const tags: EntityTag[] = [];
  let i = 0;
  while (i < field.length) {
    const ch = field.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09 || ch === 0x2c) { i++; continue; } // SP, HTAB, ","
    if (ch === 0x2a && tags.length === 0 && field.slice(i + 1).trim() === "") return "*";
    let weak = false;
    if (field.startsWith("W/", i)) { weak = true; i += 2; }
    if (field.charCodeAt(i) !== 0x22) break; // not an entity-tag: stop
    const end = field.indexOf('"', i + 1);
    if (end === -1) break;
    tags.push({ weak, opaque: field.slice(i, end + 1) });
    i = end + 1;
  }
  return tags;
}

/** The entity-tag of an ETag field value, or undefined when it is not one. */
export function parseETag(value: string): EntityTag | undefined {
  const trimmed = value.trim();
  const weak = trimmed.startsWith("W/");
  const opaque = weak ? trimmed.slice(2) : trimmed;
  if (opaque.length < 2 || opaque[0] !== '"' || opaque.indexOf('"', 1) !== opaque.length - 1) return undefined;
  return { weak, opaque };
}

/** Weak comparison: the opaque-tags are equal, weak or not (§8.8.3.2). */
export function weakMatch(list: TagList, current: EntityTag | undefined): boolean {
  if (list === "*") return current !== undefined;
  return current !== undefined && list.some((t) => t.opaque === current.opaque);
}

/** Strong comparison: both strong and the opaque-tags equal. */
export function strongMatch(list: TagList, current: EntityTag | undefined): boolean {
  if (list === "*") return current !== undefined;
  return current !== undefined && !current.weak && list.some((t) => !t.weak && t.opaque === current.opaque);
}

/** Seconds since the epoch of an HTTP date, or undefined when it does not parse. */
export function httpDateSeconds(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** What the request's preconditions say about the current representation. */
export type PreconditionResult = "pass" | 304 | 412;

/** The request's conditional header fields (lower-case lookup). */
export interface ConditionalRequest {
  method: string;
  header(name: string): string | undefined;
}

/** The current representation's validators, as the response would carry them. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/**
 * Evaluate If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since
 * for a request against the current validators, in RFC 9110's order.
 *
 * @example
 *   // before a write: refuse it when the client's copy is stale
 *   if (evaluatePreconditions(c.req, { etag: current.etag }) === 412) return c.body(null, 412);
 */
export function evaluatePreconditions(req: ConditionalRequest, validators: Validators): PreconditionResult {
  const current = validators.etag === undefined ? undefined : parseETag(validators.etag);
  const modified = validators.lastModified === undefined ? undefined : httpDateSeconds(validators.lastModified);
  const safe = req.method === "GET" || req.method === "HEAD";
  const ifMatch = req.header("if-match");
  if (ifMatch !== undefined) {
    if (!strongMatch(parseTagList(ifMatch), current)) return 412;
  } else {
    const since = req.header("if-unmodified-since");
    const date = since === undefined ? undefined : httpDateSeconds(since);
    if (date !== undefined && modified !== undefined && modified > date) return 412;
  }
  const ifNoneMatch = req.header("if-none-match");
  if (ifNoneMatch !== undefined) {
    if (weakMatch(parseTagList(ifNoneMatch), current)) return safe ? 304 : 412;
  } else if (safe) {
    const since = req.header("if-modified-since");
    const date = since === undefined ? undefined : httpDateSeconds(since);
    if (date !== undefined && modified !== undefined && modified <= date) return 304;
  }
  return "pass";
}
