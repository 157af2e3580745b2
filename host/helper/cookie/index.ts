/**
 * Cookies on the context, with Hono's names and signatures: read from the
 * request's Cookie header (c.req.header, no Web Request is built), written as
 * Set-Cookie headers appended to the response record.
 *
 * @example
 *   import { getCookie, setCookie, deleteCookie, getSignedCookie, setSignedCookie } from "asedge/helper/cookie";
 *
 *   app.get("/login", async (c) => {
 *     setCookie(c, "theme", "dark", { maxAge: 3600, sameSite: "Lax" });
 *     await setSignedCookie(c, "session", "u42", SECRET, { prefix: "host", httpOnly: true });
 *     return c.text("ok");
 *   });
 *   app.get("/me", async (c) => c.json({
 *     theme: getCookie(c, "theme"),                                   // "dark" | undefined
 *     session: await getSignedCookie(c, SECRET, "session", "host"),   // "u42" | false (tampered) | undefined
 *   }));
 */
import type { Context } from "../../app/context.js";
import { parseCookies, prefixed, serializeCookie, serializeEncoded, type CookieOptions, type CookiePrefix } from "./cookie.js";
import { sign, unsign, type Secret } from "./signed.js";

export {
  ERR_COOKIE_ATTRIBUTE, ERR_COOKIE_EXPIRES, ERR_COOKIE_HOST_PREFIX, ERR_COOKIE_MAX_AGE, ERR_COOKIE_NAME,
  ERR_COOKIE_PARTITIONED, ERR_COOKIE_PRIORITY, ERR_COOKIE_SAME_SITE, ERR_COOKIE_SAME_SITE_NONE,
  ERR_COOKIE_SECURE_PREFIX, ERR_COOKIE_TOO_LONG, ERR_COOKIE_VALUE, MAX_COOKIE_AGE,
  parseCookies, serializeCookie, type CookieOptions, type CookiePrefix, type Priority, type SameSite,
} from "./cookie.js";
export { ERR_COOKIE_SECRET, type Secret } from "./signed.js";

/** Every cookie of the request (first value of each name). */
export function getCookie(c: Context): Record<string, string>;
/** One cookie (`prefix` adds `__Secure-` / `__Host-` to the name), or undefined. */
export function getCookie(c: Context, name: string, prefix?: CookiePrefix): string | undefined;
export function getCookie(c: Context, name?: string, prefix?: CookiePrefix): string | undefined | Record<string, string> {
  const header = c.req.header("cookie");
  if (name === undefined) return header ? parseCookies(header) : Object.create(null);
  if (!header) return undefined;
  const full = prefixed(name, prefix);
  return parseCookies(header, full)[full];
}

/** Every cookie, each verified: its value, or false when the signature does not hold. */
export function getSignedCookie(c: Context, secret: Secret): Promise<Record<string, string | false>>;
/** One signed cookie: its value, false when present but not validly signed, undefined when absent. */
export function getSignedCookie(c: Context, secret: Secret, name: string, prefix?: CookiePrefix): Promise<string | false | undefined>;
export async function getSignedCookie(c: Context, secret: Secret, name?: string, prefix?: CookiePrefix): Promise<string | false | undefined | Record<string, string | false>> {
  if (name === undefined) {
    const all: Record<string, string | false> = Object.create(null);
    for (const [key, value] of Object.entries(getCookie(c))) all[key] = await unsign(value, secret);
    return all;
  }
  const value = getCookie(c, name, prefix);
  return value === undefined ? undefined : unsign(value, secret);
}

/**
 * The Set-Cookie value setCookie would send: Path defaults to "/"; the
 * `secure` prefix also sets Secure, `host` sets Secure and Path=/ (a Domain
 * with it is an error, as a browser would refuse the cookie).
 */
export function generateCookie(name: string, value: string, options?: CookieOptions): string {
  return serializeCookie(prefixed(name, options?.prefix), value, withPrefixRules(options));
}

/** generateCookie for a signed value. */
export async function generateSignedCookie(name: string, value: string, secret: Secret, options?: CookieOptions): Promise<string> {
  const full = prefixed(name, options?.prefix);
  const rules = withPrefixRules(options);
  serializeEncoded(full, "", rules); // the attributes are checked before signing
  return serializeCookie(full, await sign(value, secret), rules);
}

/** Append a Set-Cookie header; an invalid name, value or attribute throws (see ERR_COOKIE_*). */
export function setCookie(c: Context, name: string, value: string, options?: CookieOptions): void {
  c.header("Set-Cookie", generateCookie(name, value, options), { append: true });
}

/** Append a signed Set-Cookie header (HMAC-SHA256 of the value with `secret`). */
export async function setSignedCookie(c: Context, name: string, value: string, secret: Secret, options?: CookieOptions): Promise<void> {
  c.header("Set-Cookie", await generateSignedCookie(name, value, secret, options), { append: true });
}

/**
 * Ask the client to drop a cookie (empty value, Max-Age=0; give the Path and
 * Domain it was set with); returns the value the request carried.
 */
export function deleteCookie(c: Context, name: string, options?: Omit<CookieOptions, "maxAge" | "expires">): string | undefined {
  const value = getCookie(c, name, options?.prefix);
  setCookie(c, name, "", { ...options, maxAge: 0, expires: undefined });
  return value;
}

function withPrefixRules(options: CookieOptions | undefined): CookieOptions {
  const path = options?.path ?? "/";
  if (options?.prefix === "secure") return { ...options, path, secure: true };
  if (options?.prefix === "host") return { ...options, path: "/", secure: true };
  return { ...options, path };
}
