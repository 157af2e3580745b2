/**
 * Vary, merged: add a field name without repeating one already there (names
 * compare case-insensitively) and without touching `Vary: *` (RFC 9110
 * §12.5.5). A shared helper for this lives on another branch
 * (host/helper/vary/, same semantics); until it is on main, compress keeps
 * this small copy.
 */

/** `existing` (a Vary value or undefined) with `field` added. */
export function mergeVary(existing: string | undefined, field: string): string {
  if (existing === undefined || existing.trim() === "") return field;
  const lower = field.toLowerCase();
  for (const present of existing.split(",")) {
    const name = present.trim().toLowerCase();
    if (name === "*" || name === lower) return existing;
  }
  return `${existing}, ${field}`;
}
