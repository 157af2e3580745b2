/**
 * Accept-Encoding negotiation (RFC 9110 §12.5.3): which content coding to
 * answer with, from the client's q-values and the server's preference.
 *
 *   Accept-Encoding: gzip;q=0.8, br, *;q=0.1, identity;q=0.5
 *   coding    q     (a coding not listed takes the q of `*`, else 0 = refused)
 *   br        1     ← highest q wins; ties go to the server's order (br > gzip > deflate)
 *   gzip      0.8
 *   deflate   0.1   (from `*`)
 *   identity  0.5   a listed identity beats every coding with a lower q
 *
 * Decisions: no header, an empty header, or nothing acceptable → identity (no
 * coding; when identity is refused too RFC 9110 allows a 415, but every peer
 * sends identity and so do we); `x-gzip` is gzip (§8.4.1.3); a member whose q
 * is not a qvalue (`0`–`1`, at most three decimals) is ignored; parameters
 * other than q are ignored; names are case-insensitive.
 */

/** The codings compress can produce, in the server's default preference. */
export type Encoding = "br" | "gzip" | "deflate";
export const ENCODINGS: readonly Encoding[] = ["br", "gzip", "deflate"];

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Each coding named in an Accept-Encoding value (lower case) with its q; a name listed twice keeps its first q. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const member of header.split(",")) {
    const [rawName, ...params] = member.split(";");
    let name = rawName.trim().toLowerCase();
    if (name === "") continue;
    if (name === "x-gzip") name = "gzip";
    let q = 1;
    let valid = true;
    for (const param of params) {
      const eq = param.indexOf("=");
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "q") continue;
      const value = param.slice(eq + 1).trim();
      if (!QVALUE.test(value)) { valid = false; break; }
      q = Number(value);
    }
    if (valid && !weights.has(name)) weights.set(name, q);
  }
  return weights;
}

/**
 * The coding to answer with: one of `offered` (the server's preference order)
 * or "identity". `header` undefined means the request had no Accept-Encoding.
 */
export function negotiate(header: string | undefined, offered: readonly Encoding[]): Encoding | "identity" {
  if (header === undefined) return "identity";
  const weights = parseAcceptEncoding(header);
  const star = weights.get("*") ?? 0;
  let best: Encoding | "identity" = "identity";
  let bestQ = 0;
  for (const coding of offered) {
    const q = weights.get(coding) ?? star;
    if (q > bestQ) { best = coding; bestQ = q; }
  }
  const identity = weights.get("identity");
  if (identity !== undefined && identity > bestQ) return "identity";
  return best;
}
