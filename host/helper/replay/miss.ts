/**
 * The miss report (Hoverfly's idea): when replay finds no recorded answer,
 * say which recorded request came closest and what differed, so a test
 * that misses on a dynamic query value or header says so at once.
 * Runtime-free; runs only on a miss.
 */
import type { RecordedExchange } from "./types.js";

/** The request that missed, as the report shows it. */
export interface MissedRequest {
  method: string;
  url: string;
  fingerprint: string;
  session: string;
  occurrence: number;
  /** The allow-listed headers the fingerprint used. */
  headers: [string, string][];
  body: Uint8Array;
}

export interface MissReport {
  error: string;
  mode: string;
  request: { method: string; url: string; fingerprint: string; session: string; occurrence: number };
  /** How many answers the recording holds (all sessions). */
  recorded: number;
  closest: { method: string; url: string; session: string; occurrence: number; differences: string[] } | null;
}

export const ERR_NO_RECORDED_ANSWER = "asedge replay: no recorded answer for this request";

/** The report for `missed` against every exchange `entries` holds. */
export function missReport(missed: MissedRequest, entries: Iterable<RecordedExchange>, mode: string, allowList: string[]): MissReport {
  let best: { x: RecordedExchange; differences: string[]; score: number } | undefined;
  let recorded = 0;
  for (const x of entries) {
    recorded++;
    const differences = compare(missed, x, allowList);
    const score = weight(differences) + pathDistance(split(missed.url)[0], split(x.request.url)[0]);
    if (!best || score < best.score || (score === best.score && x.occurrence < best.x.occurrence)) best = { x, differences, score };
  }
  return {
    error: ERR_NO_RECORDED_ANSWER,
    mode,
    request: { method: missed.method, url: missed.url, fingerprint: missed.fingerprint, session: missed.session, occurrence: missed.occurrence },
    recorded,
    closest: best
      ? { method: best.x.request.method, url: best.x.request.url, session: best.x.session, occurrence: best.x.occurrence, differences: best.differences }
      : null,
  };
}

/** What differs between the missed request and a recorded one, in words. */
export function compare(missed: MissedRequest, x: RecordedExchange, allowList: string[]): string[] {
  const out: string[] = [];
  if (missed.method !== x.request.method) out.push(`method: ${missed.method}, recorded ${x.request.method}`);
  const [path, query] = split(missed.url);
  const [recordedPath, recordedQuery] = split(x.request.url);
  if (path !== recordedPath) out.push(`path: ${path}, recorded ${recordedPath}`);
  const asked = queryMap(query);
  const had = queryMap(recordedQuery);
  for (const [name, values] of asked) {
    const before = had.get(name);
    if (!before) out.push(`query ${name}: not in the recorded request`);
    else if (values.join("\u0000") !== before.join("\u0000")) out.push(`query ${name}: ${values.join(",")}, recorded ${before.join(",")}`);
  }
  for (const name of had.keys()) if (!asked.has(name)) out.push(`query ${name}: missing (recorded ${had.get(name)!.join(",")})`);
  for (const name of allowList) {
    const a = headerValue(missed.headers, name);
    const b = headerValue(x.request.headers, name);
    if (a !== b) out.push(`header ${name}: ${a ?? "(none)"}, recorded ${b ?? "(none)"}`);
  }
  if (!sameBytes(missed.body, x.request.body)) out.push(`body: ${missed.body.length} bytes, recorded ${x.request.body.length} bytes with other content`);
  if (missed.session !== x.session) out.push(`session: ${missed.session || "(none)"}, recorded ${x.session || "(none)"}`);
  if (out.length === 0) out.push(`occurrence: this is request #${missed.occurrence + 1} with this fingerprint; the recording holds fewer`);
  return out;
}

/** A different method counts most, then each differing path segment, then the session, then a query value or a header. */
function weight(differences: string[]): number {
  let score = 0;
  for (const d of differences) score += d.startsWith("method") ? 1000 : d.startsWith("session") ? 5 : d.startsWith("path") ? 0 : 1;
  return score;
}

/** 20 per path segment that differs (position by position, a missing one counting too): /users/2 is nearer /users/1 than /status/204. */
function pathDistance(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  let distance = 0;
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) distance += 20;
  return distance;
}

function split(url: string): [string, string] {
  const q = url.indexOf("?");
  return q === -1 ? [url, ""] : [url.slice(0, q), url.slice(q + 1)];
}

function queryMap(query: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    const list = map.get(name);
    if (list) list.push(value);
    else map.set(name, [value]);
  }
  return map;
}

function headerValue(headers: [string, string][], lower: string): string | undefined {
  const values = headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  return values.length ? values.join(", ") : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
