/**
 * Vary, merged: add field names to a response's Vary header without
 * repeating one already there (names compare case-insensitively) and without
 * touching `Vary: *`, which already says "varies on everything" (RFC 9110
 * §12.5.5). One helper for every middleware that varies (cors on Origin,
 * compress on Accept-Encoding).
 *
 * @example
 *   import { vary } from "asedge/helper/vary";
 *   app.use(async (c, next) => { await next(); vary(c, "Accept-Language"); });
 */
import type { Context } from "../../app/context.js";
import { isHeaderName } from "../../core/http-rules.js";

/** `existing` (a Vary value or undefined) with `fields` added; unchanged when nothing is new. */
export function mergeVary(existing: string | undefined, ...fields: string[]): string {
  if (existing === undefined || existing.trim() === "") {
    if (fields.length === 1) return fields[0];
    return fields.filter((f, i) => indexOfField(fields.slice(0, i), f) < 0).join(", ");
  }
  const present = existing.split(",").map((f) => f.trim()).filter((f) => f !== "");
  if (present.includes("*")) return existing;
  let value = existing;
  for (const field of fields) {
    if (field === "*") return "*";
    if (indexOfField(present, field) >= 0) continue;
    present.push(field);
    value = `${value}, ${field}`;
  }
  return value;
}

/** Add `fields` to the response's Vary header on `c` (the record, or `c.res` when that is the response). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
export function vary(c: Context<any, any>, ...fields: string[]): void {
  const existing = c.responseHeader("vary");
  const merged = mergeVary(existing, ...fields);
  if (merged !== existing) c.header("Vary", merged);
}

function indexOfField(list: string[], field: string): number {
  const lower = field.toLowerCase();
  for (let i = 0; i < list.length; i++) if (isHeaderName(list[i], lower)) return i;
  return -1;
}
