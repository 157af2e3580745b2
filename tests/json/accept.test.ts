// Accept/reject exactly as JSON.parse: random mutations of valid JSON texts,
// raw byte sequences for UTF-8 validity, and the limits.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonical, canonicalBytes, core } from "./core.js";
import { JsonError, JSON_ERRORS, JSON_DEFAULT_MAX_DEPTH, type JsonErrorName } from "../../host/core/abi.js";

const RUNS = 3000;

/** Syntax errors: text, code, offset where the reader stopped. */
const SYNTAX_ERRORS: readonly (readonly [string, JsonErrorName, number])[] = [
  ["", "EMPTY_INPUT", 0], ["  ", "EMPTY_INPUT", 2], ["[1,]", "TRAILING_COMMA", 3], ['{"a":1,}', "TRAILING_COMMA", 7],
  ["[01]", "LEADING_ZERO", 1], ["-", "UNEXPECTED_END", 1], ["1.", "UNEXPECTED_END", 2], ["1.e1", "INVALID_NUMBER", 2],
  ["1e", "UNEXPECTED_END", 2], ["+1", "UNEXPECTED_BYTE", 0], ["['a']", "UNEXPECTED_BYTE", 1], ["tru", "UNEXPECTED_END", 3],
  ["nul1", "INVALID_LITERAL", 3], ['"\\x"', "INVALID_ESCAPE", 2], ['"\\u12G4"', "INVALID_UNICODE_ESCAPE", 5],
  ['"a\u0001"', "CONTROL_IN_STRING", 2], ['{1:2}', "EXPECTED_KEY", 1], ['{"a" 1}', "EXPECTED_COLON", 5],
  ["[1 2]", "EXPECTED_COMMA_OR_END", 3], ["1 2", "TRAILING_CONTENT", 2], ['"abc', "UNEXPECTED_END", 4],
  ["\ufeff1", "UNEXPECTED_BYTE", 0], ["[1}", "EXPECTED_COMMA_OR_END", 2], ["{\"a\":1]", "EXPECTED_COMMA_OR_END", 6],
];

/** JSON error codes without a row in SYNTAX_ERRORS, and where each is checked instead. */
const NOT_A_SYNTAX_ROW: Partial<Record<JsonErrorName, string>> = {
  NONE: "success, not an error",
  INVALID_UTF8: "raw bytes inside a string (above) and tests/json/cases.test.ts",
  TOO_DEEP: "the depth limit test",
  TOO_LARGE: "the size limit test",
  TAPE_FULL: "regions that are too small",
  OUTPUT_FULL: "regions that are too small",
  SCHEMA_INVALID: "tests/json/cases.test.ts (schema through the ABI)",
  SCHEMA_UNKNOWN: "tests/json/cases.test.ts and schema.test.ts",
  INVALID_SLOT: "tests/json/schema.test.ts and tests/app/errors.test.ts",
  SCHEMA_TOO_MANY: "tests/json/abi-errors.test.ts (the compiled-schema table full)",
  INVALID_TAPE: "tests/json/abi-errors.test.ts (a string decode at a tape word that is not a string)",
};

const jsParse = (text: string): { ok: true; text: string } | { ok: false } => {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text)) };
  } catch {
    return { ok: false };
  }
};

// Characters that matter to JSON's grammar, plus some that do not.
const alphabet = fc.constantFrom(
  "{", "}", "[", "]", ",", ":", '"', "\\", "/", "u", "0", "1", "9", "-", "+", ".", "e", "E",
  "t", "r", "f", "n", "a", "l", " ", "\t", "\n", "\r", "\u0000", "\u001f", "\u007f", "'", "x",
  "é", "😀", "\u2028", "\ufeff", "\u00a0",
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), ch: alphabet }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), ch: alphabet }),
);

function mutate(text: string, steps: { kind: "delete" | "insert" | "replace"; at: number; ch?: string }[]): string {
  let s = [...text];
  for (const m of steps) {
    const at = s.length ? m.at % (s.length + (m.kind === "insert" ? 1 : 0)) : 0;
    if (m.kind === "delete") s.splice(at, 1);
    else if (m.kind === "insert") s.splice(at, 0, m.ch!);
    else s.splice(at, 1, m.ch!);
  }
  return s.join("");
}

describe("accepts and rejects what JSON.parse does", () => {
  it("mutated JSON texts", () => {
    const source = fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 2));
    fc.assert(fc.property(source, fc.array(mutation, { minLength: 1, maxLength: 3 }), ([v, indent], steps) => {
      const text = mutate(JSON.stringify(v, null, indent), steps);
      const expected = jsParse(text);
      const got = canonical(text);
      expect(got.ok).toBe(expected.ok);
      if (expected.ok && got.ok) expect(got.text).toBe(expected.text);
    }), { numRuns: RUNS });
  });

  it("short random texts over the grammar's alphabet", () => {
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
      const text = chars.join("");
      const expected = jsParse(text);
      const got = canonical(text);
      expect(got.ok).toBe(expected.ok);
      if (expected.ok && got.ok) expect(got.text).toBe(expected.text);
    }), { numRuns: RUNS });
  });

  it("raw bytes inside a string: accepted iff valid UTF-8", () => {
    const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 8 }).map((b) => b.map((x) => x | 0x80)), fc.string({ maxLength: 3 }), (high, ascii) => {
      const body = Buffer.concat([Buffer.from(ascii.replace(/["\\\u0000-\u001f]/g, "")), Buffer.from(high)]);
      const bytes = Buffer.concat([Buffer.from('"'), body, Buffer.from('"')]);
      let expected: string | null;
      try {
        expected = JSON.stringify(JSON.parse(strict.decode(bytes)));
      } catch {
        expected = null;
      }
      const got = canonicalBytes(bytes);
      if (expected === null) expect(got).toMatchObject({ ok: false, code: JsonError.INVALID_UTF8 });
      else expect(got).toEqual({ ok: true, text: expected });
    }), { numRuns: RUNS });
  });
});

describe("limits and error reports", () => {
  it("depth limit: default 64, configurable", () => {
    const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(canonical(nest(JSON_DEFAULT_MAX_DEPTH)).ok).toBe(true);
    expect(canonical(nest(JSON_DEFAULT_MAX_DEPTH + 1))).toMatchObject({ ok: false, code: JsonError.TOO_DEEP, offset: 64 });
    core.jsonConfigure(1000, 0);
    try {
      expect(canonical(nest(1000))).toEqual({ ok: true, text: nest(1000) });
      expect(canonical(nest(1001))).toMatchObject({ ok: false, code: JsonError.TOO_DEEP });
    } finally {
      core.jsonConfigure(0, 0);
    }
  });

  it("size limit", () => {
    core.jsonConfigure(0, 16);
    try {
      expect(canonical('"0123456789abcd"')).toMatchObject({ ok: true });
      expect(canonical('"0123456789abcde"')).toMatchObject({ ok: false, code: JsonError.TOO_LARGE, reason: "JSON text too large" });
    } finally {
      core.jsonConfigure(0, 0);
    }
  });

  it("output and tape regions that are too small are errors, not traps", () => {
    const text = Buffer.from('{"a":[1,2,3],"b":"xyz"}');
    const at = core.memory.buffer.byteLength - text.length;
    new Uint8Array(core.memory.buffer).set(text, at);
    const scratch = core.slotInput(0);
    expect(core.jsonCanonical(at, text.length, scratch, 1 << 16, scratch + (1 << 16), 40)).toBe(-JsonError.TAPE_FULL);
    for (let cap = 0; cap < text.length; cap++) {
      expect(core.jsonCanonical(at, text.length, scratch, cap, scratch + (1 << 16), 1 << 16)).toBe(-JsonError.OUTPUT_FULL);
    }
    expect(core.jsonCanonical(at, text.length, scratch, text.length, scratch + (1 << 16), 1 << 16)).toBe(text.length);
  });

  it("every code has a syntax row below or is listed with where it is checked", () => {
    const rowCodes = new Set(SYNTAX_ERRORS.map(([, name]) => name));
    expect(JSON_ERRORS.map(([name]) => name).filter((name) => !rowCodes.has(name) && !(name in NOT_A_SYNTAX_ROW))).toEqual([]);
  });

  it.each(SYNTAX_ERRORS)("%j → %s at %i", (text, name, offset) => {
    expect(canonical(text)).toMatchObject({ ok: false, code: JsonError[name], offset });
  });
});
