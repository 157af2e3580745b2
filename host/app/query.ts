/**
 * Query strings, parsed only when a handler asks (c.req.query / queries).
 * "a=1&a=2&b&=x" → { a: ["1", "2"], b: [""] } (empty names are dropped, as Hono does).
 */
import { decodeQueryComponent } from "./decode.js";

export type QueryValues = Record<string, string[]>;

export function parseQuery(raw: string): QueryValues {
  const values: QueryValues = Object.create(null);
  if (raw === "") return values;
  const encoded = /[%+]/.test(raw);
  for (const pair of raw.split("&")) {
    const eq = pair.indexOf("=");
    let name = eq === -1 ? pair : pair.slice(0, eq);
    if (encoded) name = decodeQueryComponent(name);
    if (name === "") continue;
    let value = eq === -1 ? "" : pair.slice(eq + 1);
    if (encoded) value = decodeQueryComponent(value);
    (values[name] ??= []).push(value);
  }
  return values;
}

/** Each name's value as a string when it came once, as an array when repeated (echo, validator("query")). */
export function singleOrAll(values: QueryValues): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null); // "__proto__" is a name like any other
  for (const name in values) out[name] = values[name].length === 1 ? values[name][0] : values[name];
  return out;
}

/** First value of each name. */
export function firstValues(values: QueryValues): Record<string, string> {
  const first: Record<string, string> = Object.create(null);
  for (const name in values) first[name] = values[name][0];
  return first;
}
