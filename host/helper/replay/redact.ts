/**
 * Redaction: what a recording must never hold, removed before anything is
 * written. Runtime-free (Web Crypto's HMAC for keyed hashes).
 *
 * Always redacted: the request's Authorization, Proxy-Authorization and
 * Cookie, the response's Set-Cookie. Added by options: header names, query
 * parameter names (strings are exact, case-insensitive; RegExps are
 * tested against the lower-case name) and JSON paths in request and
 * response bodies ("token", "user.password", "items.*.secret": `*` is any
 * member or element). A redacted value becomes the marker ("[REDACTED]"),
 * or with a `key`, "hmac:" and the first 32 hex digits of HMAC-SHA-256(key,
 * value): equal secrets stay equal, so a redacted header on the
 * fingerprint's allow-list still matches on replay, and the value cannot be
 * read back.
 *
 * Then the final check: an exchange in which one of `secrets` (values known
 * to be secret, e.g. an API key from the environment) still appears, as is,
 * URL-encoded or in base64, is refused (RedactionError), not written.
 */
import type { HeaderList, RecordedExchange } from "./types.js";

export const ERR_SECRET_LEFT = "asedge replay: refusing to write a recording that still holds a configured secret";
export const ERR_REDACT_KEY = "asedge replay: redact.key must be a non-empty string or bytes";

export type NameRule = string | RegExp;

export interface RedactOptions {
  /** More header names to redact (request and response). */
  headers?: NameRule[];
  /** Query parameter names to redact (their values in the recorded URL). */
  query?: NameRule[];
  /** JSON paths to redact in JSON request and response bodies. */
  json?: string[];
  /** With a key, redacted values become keyed hashes instead of the marker. */
  key?: string | Uint8Array;
  /** Values that must never appear in a recording. */
  secrets?: string[];
  /** Default "[REDACTED]". */
  marker?: string;
}

export class RedactionError extends Error {
  constructor(readonly where: string) {
    super(`${ERR_SECRET_LEFT} (found in ${where})`);
    this.name = "RedactionError";
  }
}

const ALWAYS_REQUEST = ["authorization", "proxy-authorization", "cookie"];
const ALWAYS_RESPONSE = ["set-cookie"];
const MARKER = "[REDACTED]";

/** One compiled set of redaction rules. */
export class Redactor {
  private readonly headerRules: NameRule[];
  private readonly queryRules: NameRule[];
  private readonly jsonPaths: string[][];
  private readonly marker: string;
  private readonly key: Promise<CryptoKey> | undefined;
  private readonly secrets: string[];

  constructor(options: RedactOptions = {}) {
    this.headerRules = (options.headers ?? []).map(lowerRule);
    this.queryRules = (options.query ?? []).map(lowerRule);
    this.jsonPaths = (options.json ?? []).map((path) => path.split("."));
    this.marker = options.marker ?? MARKER;
    this.secrets = (options.secrets ?? []).filter((s) => s.length > 0);
    if (options.key !== undefined) {
      const raw = typeof options.key === "string" ? new TextEncoder().encode(options.key) : new Uint8Array(options.key);
      if (raw.length === 0) throw new TypeError(ERR_REDACT_KEY);
      this.key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    }
  }

  /** Whether the request header `name` (lower-case) is redacted. */
  redactsRequestHeader(name: string): boolean {
    return ALWAYS_REQUEST.includes(name) || matches(this.headerRules, name);
  }

  /** Whether the query parameter `name` is redacted (the fingerprint leaves such parameters out). */
  redactsQuery(name: string): boolean {
    return matches(this.queryRules, name.toLowerCase());
  }

  /** The query rules that are plain names (what the fingerprint's ignore list can take). */
  get queryNames(): string[] {
    return this.queryRules.filter((r): r is string => typeof r === "string");
  }

  /** What a redacted `value` becomes: the marker, or its keyed hash. */
  async replacement(value: string): Promise<string> {
    if (!this.key) return this.marker;
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await this.key, new TextEncoder().encode(value)));
    let hex = "hmac:";
    for (let i = 0; i < 16; i++) hex += mac[i].toString(16).padStart(2, "0");
    return hex;
  }

  /** `exchange` with every rule applied (a new object; bodies are copied only when changed). Then the secrets check. */
  async redact(exchange: RecordedExchange): Promise<RecordedExchange> {
    const request = exchange.request;
    const response = exchange.response;
    const redacted: RecordedExchange = {
      ...exchange,
      request: {
        method: request.method,
        url: await this.redactUrl(request.url),
        headers: await this.redactHeaders(request.headers, ALWAYS_REQUEST),
        body: await this.redactBody(request.body, headerOf(request.headers, "content-type")),
      },
      response: {
        ...response,
        headers: await this.redactHeaders(response.headers, ALWAYS_RESPONSE),
        body: await this.redactBody(response.body, headerOf(response.headers, "content-type")),
      },
    };
    this.check(redacted);
    return redacted;
  }

  /** Throw RedactionError when a configured secret is still in `x`. */
  check(x: RecordedExchange): void {
    if (this.secrets.length === 0) return;
    const places: [string, string][] = [
      ["the request URL", x.request.url],
      ...x.request.headers.map(([n, v]): [string, string] => [`request header ${n}`, v]),
      ["the request body", latin1(x.request.body)],
      ...x.response.headers.map(([n, v]): [string, string] => [`response header ${n}`, v]),
      ["the response body", latin1(x.response.body)],
    ];
    for (const secret of this.secrets) {
      const forms = secretForms(secret);
      for (const [where, text] of places) if (forms.some((f) => text.includes(f))) throw new RedactionError(where);
    }
  }

  private async redactHeaders(headers: HeaderList, always: string[]): Promise<HeaderList> {
    const out: HeaderList = [];
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      const hit = always.includes(lower) || matches(this.headerRules, lower);
      out.push([lower, hit ? await this.replacement(value) : value]);
    }
    return out;
  }

  private async redactUrl(url: string): Promise<string> {
    const q = url.indexOf("?");
    if (q === -1 || this.queryRules.length === 0) return url;
    const pairs = url.slice(q + 1).split("&");
    for (let i = 0; i < pairs.length; i++) {
      const eq = pairs[i].indexOf("=");
      const rawName = eq === -1 ? pairs[i] : pairs[i].slice(0, eq);
      if (!this.redactsQuery(decodeName(rawName))) continue;
      const value = eq === -1 ? "" : decodeName(pairs[i].slice(eq + 1));
      pairs[i] = `${rawName}=${encodeURIComponent(await this.replacement(value))}`;
    }
    return `${url.slice(0, q)}?${pairs.join("&")}`;
  }

  private async redactBody(body: Uint8Array, contentType: string | undefined): Promise<Uint8Array> {
    if (this.jsonPaths.length === 0 || body.length === 0 || !isJsonType(contentType)) return body;
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch {
      return body; // not JSON after all: kept as is (the secrets check still runs)
    }
    let changed = false;
    for (const path of this.jsonPaths) changed = (await this.redactPath(value, path, 0)) || changed;
    return changed ? new TextEncoder().encode(JSON.stringify(value)) : body;
  }

  /** Replace what `path[at..]` names under `node`; true when something was replaced. */
  private async redactPath(node: unknown, path: string[], at: number): Promise<boolean> {
    if (node === null || typeof node !== "object") return false;
    const key = path[at];
    const record = node as Record<string, unknown>;
    const keys = key === "*" ? Object.keys(record) : Object.prototype.hasOwnProperty.call(record, key) ? [key] : [];
    let changed = false;
    for (const k of keys) {
      if (at === path.length - 1) {
        const v = record[k];
        record[k] = await this.replacement(typeof v === "string" ? v : JSON.stringify(v));
        changed = true;
      } else {
        changed = (await this.redactPath(record[k], path, at + 1)) || changed;
      }
    }
    return changed;
  }
}

function lowerRule(rule: NameRule): NameRule {
  return typeof rule === "string" ? rule.toLowerCase() : rule;
}

function matches(rules: NameRule[], lower: string): boolean {
  for (const rule of rules) if (typeof rule === "string" ? rule === lower : rule.test(lower)) return true;
  return false;
}

function headerOf(headers: HeaderList, lower: string): string | undefined {
  for (const [name, value] of headers) if (name.toLowerCase() === lower) return value;
  return undefined;
}

/** application/json and any +json type. */
export function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";", 1)[0].trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/** Bytes as a string of the same length (one char per byte): a byte search with indexOf. */
function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** A secret as it may appear: itself (its UTF-8 bytes, as latin1), URL-encoded, base64. */
function secretForms(secret: string): string[] {
  const utf8 = latin1(new TextEncoder().encode(secret));
  return [...new Set([secret, utf8, encodeURIComponent(secret), btoa(utf8)])];
}
