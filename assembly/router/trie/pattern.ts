// Route patterns, read the way Hono's TrieRouter reads them (utils/url.ts:
// checkOptionalParameter, splitRoutingPath, getPattern). Start-up only, so
// this file works on AS strings.

export const PART_STATIC: u8 = 0;
export const PART_STAR: u8 = 1;     // `*`: one segment, or any rest at the end
export const PART_SUFFIX: u8 = 2;   // `abc*` as the last part: a segment starting with `abc`
export const PART_PARAM: u8 = 3;    // `:name` or `:name{re}`

/** One pattern part, classified. */
export class Part {
  kind: u8 = PART_STATIC;
  /** Child key in the tree (Hono's key: the label, or `label#next` for a lookahead regex). */
  key: string = "";
  name: string = "";
  regex: string = "";
  /** The next part when the regex ends in a lookahead `(?=/next)`, else "". */
  next: string = "";
}

/**
 * `/a/:b?/:c?` → ["/a", "/a/:b", "/a/:b/:c"]; a pattern not ending in an
 * optional param → [pattern]. Exactly Hono's checkOptionalParameter.
 */
export function expandOptional(path: string): string[] {
  if (!path.endsWith("?") || !path.includes(":")) return [path];
  const segments = path.split("/");
  const results: string[] = [];
  let base = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const isParam = segment.includes(":");
    if (segment != "" && !isParam) {
      base += "/" + segment;
    } else if (isParam) {
      if (segment.endsWith("?")) {
        results.push(results.length == 0 && base == "" ? "/" : base);
        base += "/" + segment.slice(0, segment.length - 1);
        results.push(base);
      } else {
        base += "/" + segment;
      }
    }
  }
  const unique: string[] = [];
  for (let i = 0; i < results.length; i++) if (!unique.includes(results[i])) unique.push(results[i]);
  return unique;
}

/**
 * Split at '/' except inside `{…}` (from a '{' to the first '}' after it, at
 * least one character between), dropping one leading empty part.
 */
export function splitPattern(path: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c == 0x7b /* { */) {
      const close = path.indexOf("}", i + 1);
      if (close > i + 1) { i = close + 1; continue; }
    } else if (c == 0x2f /* / */) {
      parts.push(path.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(path.slice(start));
  if (parts[0] == "") parts.shift();
  return parts;
}

/** Classify `label` given the part after it (null when it is the last). */
export function classify(label: string, next: string | null): Part {
  const part = new Part();
  part.key = label;
  if (label == "*") { part.kind = PART_STAR; return part; }
  if (label.startsWith(":") && parseParam(label, part)) {
    if (part.regex.length && next !== null && next.length
        && !next.startsWith(":") && !next.startsWith("*")) {
      part.next = next;
      part.key = label + "#" + next;
    }
    return part;
  }
  if (next === null && label.length && label.indexOf("*") == label.length - 1) {
    part.kind = PART_SUFFIX;
    part.regex = label.slice(0, label.length - 1); // the prefix
  }
  return part;
}

/** `^:([^{}]+)(?:\{(.+)\})?$` → name, regex. */
function parseParam(label: string, part: Part): bool {
  let i = 1;
  while (i < label.length) {
    const c = label.charCodeAt(i);
    if (c == 0x7b || c == 0x7d) break;
    i++;
  }
  if (i == 1) return false;
  if (i < label.length) {
    if (label.charCodeAt(i) != 0x7b || !label.endsWith("}") || label.length - 1 <= i + 1) return false;
    part.regex = label.slice(i + 1, label.length - 1);
  }
  part.kind = PART_PARAM;
  part.name = label.slice(1, i);
  return true;
}
