/**
 * The HTTP rules of serving a file, runtime-free (Node and Workers share
 * them): which request paths are safe, a file's validators
 * (ETag, Last-Modified) and the conditional requests they answer (RFC 9110
 * §13), Range requests (§14) and the choice of a precompressed variant by
 * Accept-Encoding q-values (§12.5.3). Pure functions over strings and numbers;
 * serve-static.test.ts checks each against a table.
 */
// ── Path safety ──────────────────────────────────────────────────────────────

/**
 * The segments of a request path that may name a file under the root, or
 * null when the path must serve nothing. Checked on the path as received
 * (raw: a client that does not normalise can send anything) and on each
 * decoded segment. Refused:
 *
 *   "."/".." segments, raw or encoded (%2e, .%2E, …)       escape or alias the root
 *   %2f, %5c, "\" and NUL, raw or after decoding           separators the router did not split on
 *   empty segments ("//", "/a//b")                          repeated slashes bypass prefix guards
 *   a path not starting with "/", undecodable %-escapes
 *
 * A trailing "/" is kept as a last empty segment (a directory: its index file).
 */
export function safeSegments(path: string): string[] | null {
  if (path.charCodeAt(0) !== 0x2f) return null;
  if (path.indexOf("\\") !== -1 || path.indexOf("\0") !== -1) return null;
  const raw = path.slice(1).split("/");
  const segments: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const part = raw[i];
    if (part === "") {
      if (i === raw.length - 1) { segments.push(""); break; } // trailing slash
      return null; // "//" or "/a//b"
    }
    let decoded: string;
    try { decoded = decodeURIComponent(part); } catch { return null; }
    if (decoded === "." || decoded === ".." || decoded === "") return null;
    if (/[/\\\0]/.test(decoded)) return null;
    segments.push(decoded);
  }
  return segments;
}

// ── Validators and conditional requests ──────────────────────────────────────

/** A strong ETag from size and modification time (and the content coding of a precompressed variant). */
export function fileEtag(size: number, mtimeMs: number, coding?: string): string {
  const tag = `${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}`;
  return coding ? `"${tag}-${coding}"` : `"${tag}"`;
}

/** An HTTP-date (IMF-fixdate) from a time in ms. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** The entity tags of an If-Match / If-None-Match list (or "*"), undefined when the field is malformed. */
export function entityTags(field: string): string[] | "*" | undefined {
  const value = field.trim();
  if (value === "*") return "*";
  const tags: string[] = [];
  const re = /\s*((?:W\/)?"[^"]*")\s*(,|$)/y;
  let at = 0;
  while (at < value.length) {
    re.lastIndex = at;
    const m = re.exec(value);
    if (!m) return undefined;
    tags.push(m[1]);
    at = re.lastIndex;
    if (m[2] === "") break;
  }
  return tags;
}

const opaque = (tag: string) => (tag.startsWith("W/") ? tag.slice(2) : tag);

/** Weak comparison (§8.8.3.2): the opaque tags match, either may be weak. */
export function weakMatch(a: string, b: string): boolean {
  return opaque(a) === opaque(b);
}

/** Strong comparison: neither weak, the same tag. */
export function strongMatch(a: string, b: string): boolean {
  return !a.startsWith("W/") && !b.startsWith("W/") && a === b;
}

/** Seconds since the epoch of an HTTP-date, NaN when it is not one. */
export function parseHttpDate(value: string): number {
  // Date.parse accepts the three formats §5.6.7 lists and also much else; require a weekday/month shape.
  if (!/^[A-Za-z]{3},? /.test(value.trim())) return NaN;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? NaN : Math.floor(ms / 1000);
}

export interface Validators {
  etag: string;
  /** Last modification time in ms, when the store knows it. */
  mtimeMs?: number;
}

/** How a request's preconditions come out (§13.2.2, evaluated in its order). */
export type Precondition = "pass" | 304 | 412;

/**
 * Evaluate If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since
 * against the file's validators for a GET or HEAD. If-None-Match uses weak
 * comparison over a list or "*"; a date condition is ignored when the field
 * is not a date or the matching ETag condition is present, as §13.2.2 says.
 */
export function preconditions(header: (name: string) => string | undefined, v: Validators): Precondition {
  const modifiedSec = v.mtimeMs === undefined ? undefined : Math.floor(v.mtimeMs / 1000);
  const ifMatch = header("if-match");
  if (ifMatch !== undefined) {
    const tags = entityTags(ifMatch);
    if (tags !== "*" && !(tags ?? []).some((t) => strongMatch(t, v.etag))) return 412;
  } else {
    const since = header("if-unmodified-since");
    if (since !== undefined && modifiedSec !== undefined) {
      const date = parseHttpDate(since);
      if (!Number.isNaN(date) && modifiedSec > date) return 412;
    }
  }
  const ifNoneMatch = header("if-none-match");
  if (ifNoneMatch !== undefined) {
    const tags = entityTags(ifNoneMatch);
    if (tags === "*" || (tags ?? []).some((t) => weakMatch(t, v.etag))) return 304;
  } else {
    const since = header("if-modified-since");
    if (since !== undefined && modifiedSec !== undefined) {
      const date = parseHttpDate(since);
      if (!Number.isNaN(date) && modifiedSec <= date) return 304;
    }
  }
  return "pass";
}

/**
 * Whether If-Range lets a Range apply (§13.1.5): an entity tag by strong
 * comparison; a date only when it equals Last-Modified and that time is a
 * strong validator (at least a second before now: a file written within the
 * same second could change again unseen).
 */
export function ifRangeHolds(ifRange: string, v: Validators, nowMs: number): boolean {
  const value = ifRange.trim();
  if (value.startsWith("\"") || value.startsWith("W/")) return strongMatch(value, v.etag);
  if (v.mtimeMs === undefined) return false;
  const date = parseHttpDate(value);
  const modifiedSec = Math.floor(v.mtimeMs / 1000);
  return date === modifiedSec && nowMs - v.mtimeMs >= 1000;
}

// ── Range ────────────────────────────────────────────────────────────────────

/** More ranges than this in one request are not worth a multipart answer: the Range is ignored (§14.2 allows it). */
export const MAX_RANGES = 16;

/** First and last byte, inclusive. */
export type ByteRange = [start: number, end: number];

/** What a Range field asks of a representation of `size` bytes. */
export type RangeAnswer =
  | { kind: "full" }                              // no Range, malformed, another unit, too many: 200
  | { kind: "unsatisfiable" }                     // 416 with Content-Range: bytes */size
  | { kind: "partial"; ranges: ByteRange[] };     // 206: one range, or multipart/byteranges

const RANGE_SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/;

/**
 * Parse `bytes=…` (§14.1.2) against `size`: each spec `a-b`, `a-` or `-n`,
 * separated by commas with optional whitespace. A malformed field is
 * ignored (200), as §14.2 says; specs that start past the end are dropped and
 * if none is left the answer is 416. Overlapping or adjacent ranges are
 * merged (in ascending order) so a request cannot make the answer larger than
 * the file many times over.
 */
export function parseRange(field: string | undefined, size: number): RangeAnswer {
  if (field === undefined) return { kind: "full" };
  const eq = field.indexOf("=");
  if (eq === -1 || field.slice(0, eq).trim().toLowerCase() !== "bytes") return { kind: "full" };
  const specs = field.slice(eq + 1).split(",");
  if (specs.length > MAX_RANGES) return { kind: "full" };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const m = RANGE_SPEC.exec(spec.trim());
    if (!m) return { kind: "full" };
    if (m[3] !== undefined) {
      const suffix = Number(m[3]);
      if (suffix > 0 && size > 0) ranges.push([Math.max(0, size - suffix), size - 1]);
      continue;
    }
    const start = Number(m[1]);
    const end = m[2] === "" ? Infinity : Number(m[2]);
    if (end < start) return { kind: "full" }; // "5-3" is invalid: the whole field is
    if (start < size) ranges.push([start, Math.min(end, size - 1)]);
  }
  if (ranges.length === 0) return { kind: "unsatisfiable" };
  return { kind: "partial", ranges: merged(ranges) };
}

/** The ranges as given, unless some overlap or touch: then sorted and merged. */
function merged(ranges: ByteRange[]): ByteRange[] {
  if (ranges.length === 1) return ranges;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let overlap = false;
  for (let i = 1; i < sorted.length; i++) if (sorted[i][0] <= sorted[i - 1][1] + 1) overlap = true;
  if (!overlap) return ranges;
  const out: ByteRange[] = [[...sorted[0]]];
  for (let i = 1; i < sorted.length; i++) {
    const last = out[out.length - 1];
    if (sorted[i][0] <= last[1] + 1) last[1] = Math.max(last[1], sorted[i][1]);
    else out.push([...sorted[i]]);
  }
  return out;
}

/** Content-Range of one part. */
export function contentRange([start, end]: ByteRange, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}

/** The head of one part of a multipart/byteranges body (§14.6), CRLF-delimited. */
export function partHead(boundary: string, first: boolean, type: string, range: ByteRange, size: number): string {
  return `${first ? "" : "\r\n"}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: ${contentRange(range, size)}\r\n\r\n`;
}

/** The closing delimiter of a multipart/byteranges body. */
export function multipartEnd(boundary: string): string {
  return `\r\n--${boundary}--\r\n`;
}

/** A boundary no file byte sequence is likely to contain: 24 random hex digits. */
export function newBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return `asedge-${hex}`;
}

// ── Precompressed variants ───────────────────────────────────────────────────

/** The content codings a precompressed sibling may have, with the file suffix it has, in preference order on ties. */
export const CODINGS = [["br", ".br"], ["gzip", ".gz"]] as const;
export type Coding = (typeof CODINGS)[number][0];

/**
 * The q-value Accept-Encoding gives each coding (§12.5.3), lower-case names;
 * "*" stands for any coding not listed. Undefined when the field is absent.
 */
export function acceptEncodings(field: string | undefined): Map<string, number> | undefined {
  if (field === undefined) return undefined;
  const q = new Map<string, number>();
  for (const item of field.split(",")) {
    const [name, ...params] = item.split(";");
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(p);
      if (m) weight = Number(m[1]);
      else if (/^\s*q\s*=/i.test(p)) weight = 0; // a malformed q is not a preference
    }
    q.set(coding, weight);
  }
  return q;
}

/**
 * The codings to try, best first: those with q above 0 (a coding the field
 * does not name gets the "*" weight), br before gzip on a tie, none ranked
 * below an explicit `identity;q=`. An identity the field does not name does
 * not compete (as in the negotiators of @fastify/static and Hono): a client
 * that lists a coding gets it when the variant exists.
 */
export function codingPreference(field: string | undefined): Coding[] {
  const q = acceptEncodings(field);
  if (!q) return [];
  const star = q.get("*");
  const identity = q.get("identity") ?? 0;
  const ranked: [Coding, number][] = [];
  for (const [coding] of CODINGS) {
    const weight = q.get(coding) ?? (coding === "gzip" ? q.get("x-gzip") : undefined) ?? star ?? 0;
    if (weight > 0 && weight >= identity) ranked.push([coding, weight]);
  }
  return ranked.sort((a, b) => b[1] - a[1]).map(([coding]) => coding); // stable: ties keep CODINGS order
}

/** The coding to serve among those `available`: the first of codingPreference that is; undefined for the identity file. */
export function chooseCoding(field: string | undefined, available: readonly Coding[]): Coding | undefined {
  return codingPreference(field).find((coding) => available.includes(coding));
}
