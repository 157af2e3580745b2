/**
 * Record/replay: recordings as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * the format browsers export and HTTP tools read. Runtime-free.
 *
 * Export (`toHar`, `toHarText`) is deterministic, so a HAR checked into git
 * diffs well and two exports of one recording are byte-identical:
 *   - entries sorted by session, url, method, occurrence, then fingerprint
 *     (code-unit order, never the locale's), ties kept in input order;
 *   - every object's keys in one fixed order (the order built below);
 *   - `toHarText` is JSON with a 2-space indent and a final newline.
 * Bodies: a body that is valid UTF-8 with a text-like Content-Type (text/*,
 * JSON, XML, JavaScript, forms, YAML…, charset absent or UTF-8) goes out as
 * text, anything else as base64 (`content.encoding: "base64"`; HAR 1.2's
 * postData has no encoding field, so a base64 request body carries the
 * custom `_encoding: "base64"`). HAR wants absolute URLs: the stored path
 * and query go out under `origin` (default http://localhost). What asedge
 * knows and HAR has no field for: `_fingerprint`, `_occurrence`, `_session`,
 * `_contentEncoding` (the Content-Encoding the upstream used; the content is
 * stored decoded). We keep no reason phrase: statusText is "".
 *
 * Import (`fromHar`) takes asedge's exports and browsers' captures (Chrome,
 * Firefox):
 *   - the URL keeps its path and query only (origin and fragment dropped:
 *     a recording answers for whatever upstream it stands in for);
 *   - entries without a response or with status 0 (blocked, aborted) are skipped;
 *   - header names lower-cased; HTTP/2 pseudo-headers (":path"…),
 *     hop-by-hop fields and those Connection lists are dropped;
 *   - HAR content is decoded (browsers store it so): Content-Encoding is
 *     removed from the stored headers (its value, or `_contentEncoding`,
 *     becomes `response.encoding`), and so is Content-Length when the body
 *     was encoded or the length does not match the stored body (kept on
 *     HEAD and bodyless statuses, where it describes a body not sent);
 *   - the fingerprint is computed by the caller's `fingerprintOf` (the
 *     fingerprint module's job; a HAR's `_fingerprint` is not trusted, the
 *     fingerprint rules may have changed since), occurrences are counted
 *     again in file order per (fingerprint, session);
 *   - durationMs is the entry's `time`, startedAt its `startedDateTime`.
 */
import { HOP_BY_HOP_HEADERS, connectionListed, isBodyless } from "../../core/http-rules.js";
import type { Fingerprint, HeaderList, RecordedExchange } from "./types.js";

export const ERR_HAR_SHAPE = "asedge replay: not a HAR log (expected { log: { entries: [...] } })";
export const ERR_HAR_ENTRY = "asedge replay: HAR entry malformed";

export interface ToHarOptions {
  /** Who made the file; default name "asedge". The version is the caller's to give (the package's). */
  creator?: { name?: string; version?: string };
  /** The scheme and host the entries' URLs go out under; default "http://localhost". */
  origin?: string;
}

/** A request as fromHar hands it to the fingerprint function: already cleaned up (path+query, headers filtered). */
export type HarRequest = RecordedExchange["request"];

interface HarHeader { name: string; value: string }

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const TEXT_APPLICATION = new Set([
  "json", "javascript", "x-javascript", "ecmascript", "xml", "x-www-form-urlencoded", "graphql", "yaml", "x-yaml", "toml",
]);

/** A recording's exchanges as a HAR 1.2 object (see the file comment for the rules). */
export function toHar(exchanges: Iterable<RecordedExchange>, options: ToHarOptions = {}): object {
  const origin = (options.origin ?? "http://localhost").replace(/\/+$/, "");
  const sorted = [...exchanges].map((x, i) => ({ x, i })).sort((a, b) => compareExchanges(a.x, b.x) || a.i - b.i);
  return {
    log: {
      version: "1.2",
      creator: { name: options.creator?.name ?? "asedge", version: options.creator?.version ?? "" },
      pages: [],
      entries: sorted.map(({ x }) => harEntry(x, origin)),
    },
  };
}

/** `toHar` as the text to write: 2-space JSON and a final newline, byte-identical for the same recording. */
export function toHarText(exchanges: Iterable<RecordedExchange>, options: ToHarOptions = {}): string {
  return `${JSON.stringify(toHar(exchanges, options), null, 2)}\n`;
}

function compareExchanges(a: RecordedExchange, b: RecordedExchange): number {
  return compare(a.session, b.session) || compare(a.request.url, b.request.url) || compare(a.request.method, b.request.method)
    || a.occurrence - b.occurrence || compare(a.fingerprint, b.fingerprint);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function harEntry(x: RecordedExchange, origin: string): object {
  const { request, response } = x;
  const requestType = headerValue(request.headers, "content-type") ?? "";
  const responseType = headerValue(response.headers, "content-type") ?? "";
  const requestText = asText(request.body, requestType);
  const responseText = asText(response.body, responseType);
  const content = responseText === undefined
    ? { size: response.body.length, mimeType: responseType, text: base64(response.body), encoding: "base64" }
    : { size: response.body.length, mimeType: responseType, text: responseText };
  return {
    startedDateTime: new Date(x.startedAt).toISOString(),
    time: x.durationMs,
    request: {
      method: request.method,
      url: origin + request.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: harHeaders(request.headers),
      queryString: queryString(request.url),
      ...(request.body.length === 0 ? {} : {
        postData: requestText === undefined
          ? { mimeType: requestType, text: base64(request.body), _encoding: "base64" }
          : { mimeType: requestType, text: requestText },
      }),
      headersSize: -1,
      bodySize: request.body.length,
    },
    response: {
      status: response.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: harHeaders(response.headers),
      content,
      redirectURL: headerValue(response.headers, "location") ?? "",
      headersSize: -1,
      // The bytes on the wire: the body as stored unless the upstream compressed it (then unknown).
      bodySize: response.encoding === "" ? response.body.length : -1,
    },
    cache: {},
    timings: { send: 0, wait: x.durationMs, receive: 0 },
    _fingerprint: x.fingerprint,
    _occurrence: x.occurrence,
    _session: x.session,
    _contentEncoding: response.encoding,
  };
}

function harHeaders(headers: HeaderList): HarHeader[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n === name)?.[1];
}

function queryString(url: string): HarHeader[] {
  const q = url.indexOf("?");
  if (q < 0) return [];
  return [...new URLSearchParams(url.slice(q + 1))].map(([name, value]) => ({ name, value }));
}

/** The body as a string when it is UTF-8 of a text-like type; undefined when it must go out as base64. */
function asText(body: Uint8Array, contentType: string): string | undefined {
  if (!isTextType(contentType)) return undefined;
  try {
    return strictUtf8.decode(body);
  } catch {
    return undefined;
  }
}

function isTextType(contentType: string): boolean {
  const [type, ...params] = contentType.toLowerCase().split(";").map((s) => s.trim());
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8" && charset !== "us-ascii") return false;
  if (type.startsWith("text/")) return true;
  if (type.endsWith("+json") || type.endsWith("+xml")) return true;
  return type.startsWith("application/") && TEXT_APPLICATION.has(type.slice("application/".length));
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

function fromBase64(text: string, where: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`${ERR_HAR_ENTRY}: ${where}: base64 text that does not decode`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A HAR log's entries as exchanges (see the file comment for the rules). */
export function fromHar(har: unknown, fingerprintOf: (request: HarRequest) => Fingerprint): RecordedExchange[] {
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new Error(ERR_HAR_SHAPE);
  const seen = new Map<string, number>();
  const exchanges: RecordedExchange[] = [];
  entries.forEach((entry: unknown, i: number) => {
    const x = exchangeOf(entry, `entries[${i}]`, fingerprintOf);
    if (!x) return;
    const key = `${x.fingerprint}${x.session}`;
    x.occurrence = seen.get(key) ?? 0;
    seen.set(key, x.occurrence + 1);
    exchanges.push(x);
  });
  return exchanges;
}

/** One HAR entry (from outside: `any`, checked field by field) as an exchange, or undefined when it has no answer. */
function exchangeOf(entry: any, where: string, fingerprintOf: (request: HarRequest) => Fingerprint): RecordedExchange | undefined {
  const response = entry?.response;
  if (!response || typeof response.status !== "number" || response.status === 0) return undefined;
  const request = entry.request;
  if (typeof request?.method !== "string" || typeof request.url !== "string") {
    throw new Error(`${ERR_HAR_ENTRY}: ${where}: request.method and request.url must be strings`);
  }
  const startedAt = Date.parse(entry.startedDateTime);
  if (Number.isNaN(startedAt)) throw new Error(`${ERR_HAR_ENTRY}: ${where}: startedDateTime is not a date`);
  const requestBody = request.postData?.text === undefined ? new Uint8Array(0)
    : request.postData._encoding === "base64" ? fromBase64(request.postData.text, `${where}.request.postData`)
    : encoder.encode(request.postData.text);
  const content = response.content ?? {};
  const responseBody = typeof content.text !== "string" ? new Uint8Array(0)
    : content.encoding === "base64" ? fromBase64(content.text, `${where}.response.content`)
    : encoder.encode(content.text);
  const responseFields = endToEnd(response.headers, `${where}.response.headers`);
  const encodingField = headerValue(responseFields, "content-encoding") ?? "";
  // A HEAD's or a bodyless status's Content-Length describes a body that is not there: it stays.
  const hasBody = request.method !== "HEAD" && !isBodyless(response.status);
  const headers = responseFields.filter(([name, value]) => name !== "content-encoding"
    && !(name === "content-length" && (encodingField !== "" || (hasBody && value.trim() !== String(responseBody.length)))));
  const cleaned: HarRequest = {
    method: request.method,
    url: pathAndQuery(request.url),
    headers: endToEnd(request.headers, `${where}.request.headers`),
    body: requestBody,
  };
  return {
    fingerprint: fingerprintOf(cleaned),
    occurrence: 0,
    session: typeof entry._session === "string" ? entry._session : "",
    request: cleaned,
    response: {
      status: response.status,
      headers,
      body: responseBody,
      encoding: typeof entry._contentEncoding === "string" ? entry._contentEncoding : encodingField,
    },
    startedAt,
    durationMs: typeof entry.time === "number" && entry.time >= 0 ? entry.time : 0,
  };
}

/** HAR headers as a HeaderList: lower-case names, no pseudo-headers, no hop-by-hop fields nor those Connection lists. */
function endToEnd(fields: any, where: string): HeaderList {
  if (fields === undefined) return [];
  if (!Array.isArray(fields) || !fields.every((f) => typeof f?.name === "string" && typeof f.value === "string")) {
    throw new Error(`${ERR_HAR_ENTRY}: ${where}: expected [{ name, value }] with strings`);
  }
  const list: HeaderList = fields.map((f: HarHeader) => [f.name.toLowerCase(), f.value]);
  const listed = new Set(list.filter(([name]) => name === "connection").flatMap(([, value]) => connectionListed(value)));
  return list.filter(([name]) => !name.startsWith(":") && !HOP_BY_HOP_HEADERS.has(name) && !listed.has(name));
}

/** The path and query of a HAR URL (absolute in browsers' captures), without origin or fragment. */
function pathAndQuery(url: string): string {
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const hash = rest.indexOf("#");
  const target = hash < 0 ? rest : rest.slice(0, hash);
  return target.startsWith("/") ? target : `/${target}`;
}
