/**
 * Signed cookie values, in Hono's format so cookies signed by either verify
 * with the other: `value.base64(HMAC-SHA256(secret, value))`, the whole then
 * %-encoded. Web Crypto only (Node 20 and Workers alike); verification is
 * crypto.subtle.verify, a constant-time comparison. Keys are imported once
 * per secret and kept (a few secrets per process at most).
 */
export const ERR_COOKIE_SECRET = "asedge: a cookie signing secret must not be empty";

const ALGORITHM = { name: "HMAC", hash: "SHA-256" } as const;
/** base64 of a 32-byte MAC: 43 characters and one "=". */
const SIGNATURE_LENGTH = 44;
const KEYS_KEPT = 16;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

export type Secret = string | BufferSource;

function key(secret: Secret): Promise<CryptoKey> {
  const bytes = typeof secret === "string" ? encoder.encode(secret) : secret;
  if (bytes.byteLength === 0) throw new TypeError(ERR_COOKIE_SECRET);
  if (typeof secret !== "string") return crypto.subtle.importKey("raw", bytes, ALGORITHM, false, ["sign", "verify"]);
  let found = keys.get(secret);
  if (!found) {
    if (keys.size >= KEYS_KEPT) keys.delete(keys.keys().next().value!);
    found = crypto.subtle.importKey("raw", bytes, ALGORITHM, false, ["sign", "verify"]);
    keys.set(secret, found);
  }
  return found;
}

/** `value` with its signature appended (not yet %-encoded). */
export async function sign(value: string, secret: Secret): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign(ALGORITHM.name, await key(secret), encoder.encode(value)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return `${value}.${btoa(binary)}`;
}

/** The value a signed cookie carries, or false when its signature is missing, malformed or wrong. */
export async function unsign(signed: string, secret: Secret): Promise<string | false> {
  const dot = signed.lastIndexOf(".");
  if (dot === -1) return false;
  const value = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  if (signature.length !== SIGNATURE_LENGTH || !signature.endsWith("=")) return false;
  let mac: Uint8Array<ArrayBuffer>;
  try {
    mac = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
  } catch {
    return false;
  }
  return (await crypto.subtle.verify(ALGORITHM.name, await key(secret), mac, encoder.encode(value))) ? value : false;
}
