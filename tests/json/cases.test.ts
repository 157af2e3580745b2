// Hand-written cases for each JSONTestSuite category (test_parsing y_/n_):
// array, number, object, string, structure — plus the implementation-defined
// choices (i_) this reader makes. Expected results come from JSON.parse.
import { describe, expect, it } from "vitest";
import { canonical, canonicalBytes, decodeStringAt, parseTape, compileSchema, validate } from "./core.js";
import { JsonError, Tape } from "../../host/core/abi.js";

const accepted = {
  array: ["[]", "[[] ]", '[""]', "[1,null,null,null,2]", "[-0]", '[1\n]', ' [1]', "[[[[[]]]]]", '[1,"a",{},[],true,false,null]'],
  number: ["0", "-0", "1E22", "1e+2", "1E-2", "-1.5e-300", "0e1", "123e65", "1.7976931348623157e308", "100000000000000000000", "-9223372036854775808", "1e-999", "1e999"],
  object: ['{"a":"b","a":"c"}', '{"a":[]}', '{"":0}', '{"x":{"y":{"z":1}}}', '{"a" : 1 , "b":2}', '{"__proto__":1}', '{"2":1,"1":2,"b":3,"a":4}'],
  string: ['"\\u0060\\u012a\\u12AB"', '"\\ud801\\udc37"', '"\\ud800"', '"\\udd1e\\ud834"', '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\u2028\u2029"', '"\\u0000"', '"😀"', '"\u007f"', '"a/*b*/c"', '" "'],
  structure: [" \t\n\r1 ", '"x"', "true", "null", '{"a":true}\n'],
};

const rejected = {
  array: ["[1,]", "[,1]", "[1,,2]", "[", "[1", '["a"', "[1:2]", "[1 true]", "[\u00a0]", "]", "[x]"],
  number: ["01", "-01", "1.", ".1", "+1", "1e", "1e+", "-", "0x1", "Infinity", "-NaN", "1.e3", "2.e-3", "0.3e", "1 000", "1E++2", "-.1"],
  object: ['{"a"}', "{a:1}", "{'a':1}", '{"a":1,}', '{,"a":1}', '{"a"::1}', '{"a":1 "b":2}', "{1:1}", '{"a":1', '{"a":1}}', '{"a":/*c*/1}'],
  string: ['"\\x"', '"\\u12"', '"\\uqqqq"', '"\t"', '"a\nb"', "'a'", '"abc', '"\\', '"\\u00"', '"\\U0041"', '"\\a"'],
  structure: ["", " ", "[] []", "1 2", "\ufeff{}", "nul", "truee", "[]x", "{}}", "<>", "\u0000"],
};

describe.each(Object.keys(accepted) as (keyof typeof accepted)[])("accepted: %s", (category) => {
  it.each(accepted[category])("%j", (text) => {
    expect(canonical(text)).toEqual({ ok: true, text: JSON.stringify(JSON.parse(text)) });
  });
});

describe.each(Object.keys(rejected) as (keyof typeof rejected)[])("rejected: %s", (category) => {
  it.each(rejected[category])("%j", (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(canonical(text).ok).toBe(false);
  });
});

describe("invalid UTF-8 (raw bytes, n_string_* / i_string_* class)", () => {
  it.each([
    ["lone continuation", [0x80]], ["overlong /", [0xc0, 0xaf]], ["overlong NUL", [0xe0, 0x80, 0x80]],
    ["encoded surrogate", [0xed, 0xa0, 0x80]], ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]], ["truncated", [0xe2, 0x82]],
    ["FF", [0xff]], ["5-byte form", [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ])("%s", (_name, bytes) => {
    const text = Buffer.from([0x5b, 0x22, ...bytes, 0x22, 0x5d]);
    expect(canonicalBytes(text)).toMatchObject({ ok: false, code: JsonError.INVALID_UTF8, offset: 2 });
  });
});

describe("tape access for handlers", () => {
  it("decodes string escapes into WTF-8", () => {
    const text = '["a\\u00e9\\ud83d\\ude00\\ud800\\n"]';
    const { words } = parseTape(text);
    expect(words[3] & 0xff).toBe(Tape.STRING);
    expect(words[3] & Tape.HAS_ESCAPES).toBe(Tape.HAS_ESCAPES);
    expect([...decodeStringAt(text, 3)]).toEqual([0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80, 0x0a]);
  });
});

describe("schema through the ABI", () => {
  const id = compileSchema('{"type":"object","required":["page"],"properties":{"page":{"type":"integer","minimum":1},"q":{"type":"string","maxLength":3},"on":{"type":"boolean"}}}');

  it("compiles", () => expect(id).toBeGreaterThanOrEqual(0));

  it("coerces query strings and writes the coerced value", () => {
    expect(validate(id, '{"page":"2","on":"false","q":"abc"}', true)).toEqual([0, { page: 2, on: false, q: "abc" }]);
  });

  it("reports {path, message} for the host's 400", () => {
    expect(validate(id, '{"q":"abcd","on":1}', false)).toEqual([3, [
      { path: "/q", message: "length must be <= 3" },
      { path: "/on", message: "expected boolean" },
      { path: "/page", message: "is required" },
    ]]);
  });

  it("rejects bad schemas and unknown ids", () => {
    expect(compileSchema('{"type":"int"}')).toBe(-JsonError.SCHEMA_INVALID);
    expect(validate(id + 100, "{}")[0]).toBe(-JsonError.SCHEMA_UNKNOWN);
  });
});
