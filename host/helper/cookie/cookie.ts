/**
 * Cookie text, both ways: the request's Cookie header parsed (RFC 6265 §5.4
 * as browsers send it, read the way Hono reads it) and Set-Cookie values
 * serialized with every attribute checked (RFC 6265bis, draft 20).
 *
 *   Cookie: a=1; b="two"; a=3; c=%E2%9C%93     →  { a: "1", b: "two", c: "✓" }
 *           pairs split on ";", whitespace     first name wins, DQUOTEs around
 *           trimmed, pairs without "=" skipped the value dropped, %xx decoded
 *
 *   Set-Cookie: name=value; Max-Age=60; Domain=example.com; Path=/;
 *               Expires=<IMF-fixdate>; HttpOnly; Secure; SameSite=Lax;
 *               Priority=High; Partitioned        (this order, as Hono writes it)
 *
 * Rules a browser would apply by dropping the cookie silently are errors
 * here, thrown when the cookie is set: Max-Age or Expires beyond 400 days,
 * SameSite=None or Partitioned without Secure, the __Secure- and __Host-
 * prefixes (case-insensitive, as RFC 6265bis matches them) without what they
 * require, name + value over 4096 bytes, an attribute value over 1024 bytes
 * or with a control character or ";".
 */
import { tryDecodeURIComponent } from "../../app/decode.js";

export const ERR_COOKIE_NAME = "asedge: invalid cookie name (a token: visible ASCII except separators)";
export const ERR_COOKIE_VALUE = "asedge: invalid cookie value (a lone UTF-16 surrogate cannot be encoded)";
export const ERR_COOKIE_TOO_LONG = "asedge: cookie name and value longer than 4096 bytes (RFC 6265bis)";
export const ERR_COOKIE_ATTRIBUTE = "asedge: invalid cookie attribute value (no control characters or \";\", at most 1024 bytes)";
export const ERR_COOKIE_MAX_AGE = "asedge: cookie Max-Age must be a number of seconds from 0 to 34560000 (400 days, RFC 6265bis)";
export const ERR_COOKIE_EXPIRES = "asedge: cookie Expires must be a valid Date at most 400 days ahead (RFC 6265bis)";
export const ERR_COOKIE_SAME_SITE = "asedge: cookie SameSite must be \"Strict\", \"Lax\" or \"None\"";
export const ERR_COOKIE_SAME_SITE_NONE = "asedge: a SameSite=None cookie must be Secure (browsers drop it otherwise)";
export const ERR_COOKIE_PRIORITY = "asedge: cookie Priority must be \"Low\", \"Medium\" or \"High\"";
export const ERR_COOKIE_PARTITIONED = "asedge: a Partitioned cookie must be Secure";
export const ERR_COOKIE_SECURE_PREFIX = "asedge: a __Secure- cookie must be Secure";
export const ERR_COOKIE_HOST_PREFIX = "asedge: a __Host- cookie must be Secure, have Path=/ and no Domain";

/** 400 days in seconds: the most RFC 6265bis lets a cookie live. */
export const MAX_COOKIE_AGE = 400 * 24 * 60 * 60;
/** RFC 6265bis §5.6: longest name + value, longest attribute value (bytes). */
const MAX_PAIR_BYTES = 4096;
const MAX_ATTRIBUTE_BYTES = 1024;

export type SameSite = "Strict" | "Lax" | "None" | "strict" | "lax" | "none";
export type Priority = "Low" | "Medium" | "High" | "low" | "medium" | "high";
/** `secure` → the name gets `__Secure-` (and Secure); `host` → `__Host-` (Secure, Path=/, no Domain). */
export type CookiePrefix = "secure" | "host";

export interface CookieOptions {
  /** Seconds, 0 to 34 560 000 (400 days); 0 deletes the cookie. */
  maxAge?: number;
  expires?: Date;
  domain?: string;
  /** Default "/" (set by setCookie; serializeCookie writes none unless given). */
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  priority?: Priority;
  /** CHIPS: a cookie keyed to the top-level site; needs Secure. */
  partitioned?: boolean;
  prefix?: CookiePrefix;
}

/** Cookie names: RFC 9110 tokens (what Hono accepts when it writes one). */
const NAME = /^[\w!#$%&'*.^`|~+-]+$/;
/** Names accepted when reading: visible ASCII but DQUOTE, ";", "=" and backslash, as Hono reads them. */
const READ_NAME = /^[!#-:<>-[\]-~]+$/;
/** cookie-octet (RFC 6265 §4.1.1) plus space and ",", as Hono reads values. */
const READ_VALUE = /^[ !#-:<-[\]-~]*$/;
const BAD_ATTRIBUTE = /[\x00-\x1f\x7f;]/;
const SECURE_PREFIX = /^__secure-/i;
const HOST_PREFIX = /^__host-/i;

const encoder = new TextEncoder();

/** The name a prefix option gives `name`. */
export function prefixed(name: string, prefix: CookiePrefix | undefined): string {
  return prefix === "secure" ? `__Secure-${name}` : prefix === "host" ? `__Host-${name}` : name;
}

/**
 * The cookies of a Cookie header, or only `name` (then parsing stops at its
 * first pair). Values are unquoted and %-decoded; a value with characters a
 * cookie cannot hold is skipped, and so is a repeated name (the first wins:
 * browsers send the most specific path first).
 */
export function parseCookies(header: string, name?: string): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (name !== undefined && header.indexOf(name) === -1) return cookies;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end) {
      const key = trim(header.slice(start, eq));
      if ((name === undefined || key === name) && READ_NAME.test(key) && !(key in cookies)) {
        let value = trim(header.slice(eq + 1, end));
        if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
        if (READ_VALUE.test(value)) {
          cookies[key] = tryDecodeURIComponent(value);
          if (name !== undefined) break;
        }
      }
    }
    start = end + 1;
  }
  return cookies;
}

/** Trim SP and HTAB (the whitespace RFC 6265 allows around pairs). */
function trim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A Set-Cookie value: `value` %-encoded (encodeURIComponent), attributes checked. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    throw new TypeError(`${ERR_COOKIE_VALUE}: ${name}`);
  }
  return serializeEncoded(name, encoded, options);
}

/** A Set-Cookie value whose value is already cookie-safe. */
export function serializeEncoded(name: string, value: string, options: CookieOptions): string {
  if (!NAME.test(name)) throw new TypeError(`${ERR_COOKIE_NAME}: ${JSON.stringify(name)}`);
  if (encoder.encode(name).length + value.length > MAX_PAIR_BYTES) throw new RangeError(`${ERR_COOKIE_TOO_LONG}: ${name}`);
  const { maxAge, expires, domain, path, secure, httpOnly, sameSite, priority, partitioned } = options;
  if (SECURE_PREFIX.test(name) && !secure) throw new TypeError(`${ERR_COOKIE_SECURE_PREFIX}: ${name}`);
  if (HOST_PREFIX.test(name) && (!secure || path !== "/" || domain !== undefined)) throw new TypeError(`${ERR_COOKIE_HOST_PREFIX}: ${name}`);
  let cookie = `${name}=${value}`;
  if (maxAge !== undefined) {
    if (!(maxAge >= 0 && maxAge <= MAX_COOKIE_AGE)) throw new RangeError(`${ERR_COOKIE_MAX_AGE}: ${maxAge}`);
    cookie += `; Max-Age=${Math.floor(maxAge)}`;
  }
  if (domain !== undefined) cookie += `; Domain=${attribute("Domain", domain)}`;
  if (path !== undefined) cookie += `; Path=${attribute("Path", path)}`;
  if (expires !== undefined) {
    const at = expires instanceof Date ? expires.getTime() : NaN;
    if (!(at - Date.now() <= MAX_COOKIE_AGE * 1000)) throw new RangeError(`${ERR_COOKIE_EXPIRES}: ${String(expires)}`);
    cookie += `; Expires=${expires.toUTCString()}`;
  }
  if (httpOnly) cookie += "; HttpOnly";
  if (secure) cookie += "; Secure";
  if (sameSite !== undefined) {
    const site = capitalized(sameSite, ["Strict", "Lax", "None"], ERR_COOKIE_SAME_SITE);
    if (site === "None" && !secure) throw new TypeError(`${ERR_COOKIE_SAME_SITE_NONE}: ${name}`);
    cookie += `; SameSite=${site}`;
  }
  if (priority !== undefined) cookie += `; Priority=${capitalized(priority, ["Low", "Medium", "High"], ERR_COOKIE_PRIORITY)}`;
  if (partitioned) {
    if (!secure) throw new TypeError(`${ERR_COOKIE_PARTITIONED}: ${name}`);
    cookie += "; Partitioned";
  }
  return cookie;
}

function attribute(label: string, value: string): string {
  if (BAD_ATTRIBUTE.test(value) || encoder.encode(value).length > MAX_ATTRIBUTE_BYTES) {
    throw new TypeError(`${ERR_COOKIE_ATTRIBUTE}: ${label}=${JSON.stringify(value)}`);
  }
  return value;
}

function capitalized(value: string, allowed: string[], error: string): string {
  const word = typeof value === "string" ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase() : "";
  if (!allowed.includes(word)) throw new TypeError(`${error}: ${JSON.stringify(value)}`);
  return word;
}
