// Generate the host's copy of the core's code tables from the AssemblyScript
// files that define them, so the two cannot drift:
//
//   assembly/http/errors.ts    enum ParseError + STATUS + REASONS  → PARSE_ERRORS
//   assembly/http/methods.ts   METHOD_NAMES (+ METHOD_* ids)       → METHODS, METHOD_HEAD
//   assembly/http/headers.ts   HEADER_NAMES (+ HEADER_* ids)       → HEADER_NAMES
//   assembly/router/errors.ts  enum RouteError + routeErrorReason  → ROUTE_ERRORS
//   assembly/json/errors.ts    enum JsonError + REASONS            → JSON_ERRORS
//
// The output is host/core/tables.generated.ts (committed; host/core/abi.ts
// re-exports it). The reader is strict: a table it cannot read completely,
// or whose parts disagree (an enum member without a status or reason, a
// status comment that differs from STATUS, a METHOD_* constant that is not
// its name's index), stops the build instead of producing a partial mirror.
//
//   node scripts/generate-mirror.mjs   (npm run build, before tsc; tests/generated-mirror.test.ts
//                                       fails while the committed file differs from its output)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = "host/core/tables.generated.ts";
export const SOURCES = {
  parseErrors: "assembly/http/errors.ts",
  methods: "assembly/http/methods.ts",
  headers: "assembly/http/headers.ts",
  routeErrors: "assembly/router/errors.ts",
  jsonErrors: "assembly/json/errors.ts",
};

class TableError extends Error {
  constructor(file, message) {
    super(`generate-mirror: ${file}: ${message}`);
  }
}

/** Text between the `open` found after `start` and its matching `close`. */
function bracketed(file, text, start, open, close) {
  const from = text.indexOf(open, start);
  if (from < 0) throw new TableError(file, `no "${open}" after offset ${start}`);
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '"') { i = text.indexOf('"', i + 1); if (i < 0) break; continue; }
    if (text[i] === "/" && text[i + 1] === "/") { i = text.indexOf("\n", i); if (i < 0) break; continue; }
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(from + 1, i);
  }
  throw new TableError(file, `unclosed "${open}"`);
}

/** Offset of the one declaration matching `re`; throws when there is none or several. */
function declaration(file, text, re) {
  const found = [...text.matchAll(new RegExp(re, "gm"))];
  if (found.length !== 1) throw new TableError(file, `expected one ${re}, found ${found.length}`);
  return found[0].index + found[0][0].length;
}

/** Drop `//` comments (outside string literals) and split on commas; empty items are dropped. */
function items(file, body) {
  const out = [];
  let item = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      const end = body.indexOf('"', i + 1);
      if (end < 0) throw new TableError(file, "unterminated string");
      item += body.slice(i, end + 1);
      i = end;
    } else if (c === "/" && body[i + 1] === "/") {
      const end = body.indexOf("\n", i);
      i = end < 0 ? body.length : end;
    } else if (c === ",") { out.push(item.trim()); item = ""; }
    else item += c;
  }
  out.push(item.trim());
  return out.filter((s) => s !== "");
}

/** The elements of a string-array literal; anything but a plain "…" literal is an error. */
function stringArray(file, text, re) {
  return items(file, bracketed(file, text, declaration(file, text, re), "[", "]")).map((s) => {
    if (!/^"[\x20-\x7e]*"$/.test(s) || s.includes("\\")) throw new TableError(file, `not a plain ASCII string literal: ${s}`);
    return s.slice(1, -1);
  });
}

/** The elements of a number-array literal. */
function numberArray(file, text, re) {
  return items(file, bracketed(file, text, declaration(file, text, re), "[", "]")).map((s) => {
    if (!/^\d+$/.test(s)) throw new TableError(file, `not a decimal integer: ${s}`);
    return Number(s);
  });
}

/**
 * Members of `export enum <name>`: [name, value, comment] in order. Values
 * must be 0, 1, 2, … (an append-only code table); comment is the text after
 * `//` on the member's line.
 */
function enumMembers(file, text, name) {
  const body = bracketed(file, text, declaration(file, text, `^export enum ${name}\\s*`), "{", "}");
  const members = [];
  for (const line of body.split("\n")) {
    const code = line.replace(/\/\/.*/, "").trim();
    if (code === "") continue;
    const m = /^([A-Z][A-Z0-9_]*)\s*=\s*(\d+),?$/.exec(code);
    if (!m) throw new TableError(file, `enum ${name}: cannot read "${code}" (one "NAME = N," per line)`);
    const value = Number(m[2]);
    if (value !== members.length) throw new TableError(file, `enum ${name}: ${m[1]} = ${value}, expected ${members.length}`);
    members.push([m[1], value, (/\/\/\s*(.*)$/.exec(line)?.[1] ?? "").trim()]);
  }
  return members;
}

/** `export const <name>: u32 = N;` */
function constant(file, text, name) {
  const m = new RegExp(`^export const ${name}: u(?:8|16|32) = (\\d+);`, "m").exec(text);
  if (!m) throw new TableError(file, `no "export const ${name}: u32 = N;"`);
  return Number(m[1]);
}

function sameLength(file, what, list, count) {
  if (list.length !== count) throw new TableError(file, `${what} has ${list.length} entries, expected ${count}`);
}

/** Parse errors: [name, status, reason] by code. */
export function readParseErrors(text, file = SOURCES.parseErrors) {
  const members = enumMembers(file, text, "ParseError");
  const count = constant(file, text, "PARSE_ERROR_COUNT");
  sameLength(file, "enum ParseError", members, count);
  const status = numberArray(file, text, String.raw`^const STATUS = memory\.data<u16>\(`);
  const reasons = stringArray(file, text, String.raw`^const REASONS: StaticArray<string> = `);
  sameLength(file, "STATUS", status, count);
  sameLength(file, "REASONS", reasons, count);
  return members.map(([name, code, comment]) => {
    // Each member's comment starts with its status (NONE excepted): it must agree with STATUS.
    const said = /^(\d{3})\b/.exec(comment)?.[1];
    if (code !== 0 && Number(said) !== status[code]) {
      throw new TableError(file, `${name}: comment says ${said ?? "no status"}, STATUS[${code}] is ${status[code]}`);
    }
    return [name, status[code], reasons[code]];
  });
}

/** Route errors: [name, reason] by code, reasons from routeErrorReason's switch. */
export function readRouteErrors(text, file = SOURCES.routeErrors) {
  const members = enumMembers(file, text, "RouteError");
  const body = bracketed(file, text, declaration(file, text, String.raw`^export function routeErrorReason\(`), "{", "}");
  const reasons = new Map();
  for (const m of body.matchAll(/case RouteError\.([A-Z0-9_]+): return "([\x20-\x7e]*?)";/g)) {
    if (reasons.has(m[1])) throw new TableError(file, `routeErrorReason: two cases for ${m[1]}`);
    reasons.set(m[1], m[2]);
  }
  sameLength(file, "routeErrorReason's cases", [...reasons.keys()], members.length);
  return members.map(([name]) => {
    if (!reasons.has(name)) throw new TableError(file, `routeErrorReason has no case for ${name}`);
    return [name, reasons.get(name)];
  });
}

/** JSON errors: [name, reason] by code. */
export function readJsonErrors(text, file = SOURCES.jsonErrors) {
  const members = enumMembers(file, text, "JsonError");
  const count = constant(file, text, "JSON_ERROR_COUNT");
  sameLength(file, "enum JsonError", members, count);
  const reasons = stringArray(file, text, String.raw`^const REASONS: StaticArray<string> = `);
  sameLength(file, "REASONS", reasons, count);
  return members.map(([name], code) => [name, reasons[code]]);
}

/**
 * A name list indexed by id ("" = no name), checked against the file's
 * `<prefix><NAME>` constants: each named id has one, and its value is the index.
 */
function namedIds(file, text, listRe, prefix, countName, constName) {
  const names = stringArray(file, text, listRe);
  sameLength(file, "the name list", names, constant(file, text, countName));
  names.forEach((name, id) => {
    if (name === "") return;
    const value = constant(file, text, prefix + constName(name));
    if (value !== id) throw new TableError(file, `${prefix}${constName(name)} = ${value}, but "${name}" is at index ${id}`);
  });
  return names;
}

/** Method names by id ("" = reserved or 0). */
export function readMethods(text, file = SOURCES.methods) {
  return namedIds(file, text, String.raw`^const METHOD_NAMES: StaticArray<string> = `, "METHOD_", "METHOD_COUNT",
    (name) => name.replace(/-/g, ""));
}

/** Interned header names by id (index 0 = ""). */
export function readHeaders(text, file = SOURCES.headers) {
  return namedIds(file, text, String.raw`^const HEADER_NAMES: StaticArray<string> = `, "HEADER_", "HEADER_COUNT",
    (name) => name.toUpperCase().replace(/-/g, "_"));
}

const str = (s) => JSON.stringify(s);

/** Lines of `[a, b, …],` rows. */
const rows = (list) => list.map((row) => `  [${row.map((v) => (typeof v === "string" ? str(v) : String(v))).join(", ")}],`).join("\n");

/** Words joined into lines no longer than `width` (after a two-space indent). */
function wrap(words, width = 96) {
  const lines = [];
  let line = "";
  for (const w of words) {
    if (line !== "" && line.length + 1 + w.length > width) { lines.push(line); line = ""; }
    line += (line === "" ? "" : " ") + w;
  }
  if (line !== "") lines.push(line);
  return lines.map((l) => `  ${l}`).join("\n");
}

/** The generated TypeScript for the given AS sources (file → text). */
export function renderMirror(read = (file) => readFileSync(join(ROOT, file), "utf8")) {
  const parseErrors = readParseErrors(read(SOURCES.parseErrors));
  const methods = readMethods(read(SOURCES.methods));
  const headers = readHeaders(read(SOURCES.headers));
  const routeErrors = readRouteErrors(read(SOURCES.routeErrors));
  const jsonErrors = readJsonErrors(read(SOURCES.jsonErrors));
  const head = methods.indexOf("HEAD");
  if (head < 0) throw new TableError(SOURCES.methods, "no HEAD");
  const methodEntries = methods.map((name, id) => (name === "" ? null : `${id}: ${str(name)},`)).filter((e) => e !== null);
  return `// GENERATED by scripts/generate-mirror.mjs from ${Object.values(SOURCES).join(", ")}.
// Do not edit: change the AssemblyScript table and run \`npm run build\`
// (tests/generated-mirror.test.ts fails while this file differs from the generator's output).

/** Parse errors (${SOURCES.parseErrors}): code → [name, status, reason]. Append-only. */
export const PARSE_ERRORS = [
${rows(parseErrors)}
] as const;

/** Method ids (${SOURCES.methods}); 0 = not a known method. */
export const METHODS: Readonly<Record<number, string>> = {
${wrap(methodEntries)}
};

/** METHODS' id of HEAD (bodyless responses). */
export const METHOD_HEAD = ${head};

/** Interned header names (${SOURCES.headers}), index = id; 0 = not interned. */
export const HEADER_NAMES = [
${wrap(headers.map((name) => `${str(name)},`))}
] as const;

/** JSON errors (${SOURCES.jsonErrors}): code → [name, reason]. Append-only. */
export const JSON_ERRORS = [
${rows(jsonErrors)}
] as const;

/** Router errors (${SOURCES.routeErrors}): code → [name, reason]. Append-only. */
export const ROUTE_ERRORS = [
${rows(routeErrors)}
] as const;
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(join(ROOT, OUTPUT), renderMirror());
