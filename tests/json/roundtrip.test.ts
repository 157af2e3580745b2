// Property tests against the real .wasm: the WASM round trip (reader → tape →
// writer) must print exactly what JSON.stringify prints, and the reader's
// doubles must equal JSON.parse's bit for bit.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonical, parseTape, pretty } from "./core.js";

const RUNS = 2000;

const bitsToDouble = (bits: bigint) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
};
/** Any double from a random bit pattern (NaN and ±Infinity included). */
const anyDouble = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(bitsToDouble);

/** Strings mixing every escape class, astral characters and lone surrogates. */
const nastyString = fc.array(
  fc.oneof(
    fc.constantFrom('"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f",
      "\u2028", "\u2029", "\ud800", "\udfff", "\udbff\udfff", "😀", "é", "€", "\ufeff", "\uffff"),
    fc.string({ unit: "binary", maxLength: 4 }),
    fc.string({ maxLength: 8 }),
  ),
  { maxLength: 12 },
).map((parts) => parts.join(""));

const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue(),
    anyDouble,
    nastyString,
    fc.array(tie("v"), { maxLength: 5 }),
    fc.dictionary(nastyString, tie("v"), { maxKeys: 5 }),
  ),
})).v;

describe("canonical round trip", () => {
  it("jsonCanonical(JSON.stringify(v)) === JSON.stringify(v)", () => {
    fc.assert(fc.property(value, (v) => {
      const text = JSON.stringify(v);
      expect(canonical(text)).toEqual({ ok: true, text });
    }), { numRuns: RUNS });
  });

  it("fc.jsonValue with unicode strings", () => {
    fc.assert(fc.property(fc.jsonValue({ stringUnit: "binary" }), (v) => {
      const text = JSON.stringify(v);
      expect(canonical(text)).toEqual({ ok: true, text });
    }), { numRuns: RUNS });
  });

  it("doubles from random bit patterns print as JavaScript prints them", () => {
    fc.assert(fc.property(fc.array(anyDouble, { minLength: 1, maxLength: 50 }), (xs) => {
      const text = JSON.stringify(xs);
      expect(canonical(text)).toEqual({ ok: true, text });
    }), { numRuns: RUNS });
  });

  it("pretty printing equals JSON.stringify(v, null, indent)", () => {
    fc.assert(fc.property(value, fc.integer({ min: 1, max: 10 }), (v, indent) => {
      const text = JSON.stringify(v);
      expect(pretty(text, indent)).toBe(JSON.stringify(v, null, indent));
    }), { numRuns: 500 });
  });

  it("re-escapes any spelling of a string the way stringify does", () => {
    const spell = (s: string) => [...s].map((ch) => {
      const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
      return units.map((u) => `\\u${u.toString(16).padStart(4, "0")}`).join("");
    }).join("");
    fc.assert(fc.property(nastyString, fc.boolean(), (s, upper) => {
      const escaped = spell(s);
      const text = `"${upper ? escaped.toUpperCase().replace(/\\U/g, "\\u") : escaped}"`;
      expect(canonical(text)).toEqual({ ok: true, text: JSON.stringify(JSON.parse(text)) });
    }), { numRuns: RUNS });
  });
});

describe("numbers read bit for bit", () => {
  const same = (text: string) => {
    const { numbers } = parseTape(`[${text}]`);
    expect(numbers).toHaveLength(1);
    expect(numbers[0]).toBe(JSON.parse(text)); // toBe is Object.is: -0 and NaN included
  };

  it("shortest spellings of random doubles", () => {
    fc.assert(fc.property(anyDouble.filter(Number.isFinite), (x) => same(JSON.stringify(x))), { numRuns: RUNS * 5 });
  });

  it("long decimal spellings (up to 40 digits, any exponent)", () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));
    const text = fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), digits(0, 30), digits(0, 10),
      fc.integer({ min: -360, max: 330 }))
      .map(([neg, lead, int, frac, exp]) => `${neg ? "-" : ""}${lead}${int}${frac ? "." + frac : ""}e${exp}`);
    fc.assert(fc.property(text, same), { numRuns: RUNS * 5 });
  });

  it("halfway and boundary cases need the exact fallback", () => {
    for (const text of [
      "9007199254740993", "9007199254740995", "1.00000000000000011102230246251565404236316680908203125",
      "1.000000000000000111022302462515654042363166809082031251", "1.00000000000000011102230246251565404236316680908203124",
      "2.4703282292062327e-324", "2.4703282292062328e-324", "4.9406564584124654e-324", "2.2250738585072011e-308",
      "2.2250738585072012e-308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999",
      "0.1", "0.2", "0.3", "3.0e-324", "1e-400", "1e400", "-0", "-0.0e10", "123456789012345678901234567890", "0.000000000000000000000000000000000000000001",
      "7.2057594037927933e16", "3.4028236692093846346e38", "8.98846567431158e307", "4.4501477170144023e-308",
    ]) same(text);
  });
});
