import { parseJson, maxDepth, setReaderLimits, readerErrorOffset } from "../reader";
import { JsonWriter } from "../writer";
import { writeTapeValue } from "../canonical";
import { JsonError } from "../errors";
import { TAPE_OBJECT, TAPE_STRING, TAPE_ARRAY, TAPE_NUMBER, TAPE_TRUE, TAPE_ARRAY_END, TAPE_OBJECT_END, TAPE_IS_KEY, tapeWord, tapeNumber } from "../tape";

const tape = heap.alloc(65536);
const out = heap.alloc(65536);
const work = heap.alloc(16384);

function parse(s: string): i32 {
  const b = String.UTF8.encode(s);
  return parseJson(changetype<usize>(b), <u32>b.byteLength, tape, 16384, maxDepth);
}

function canonical(s: string): string {
  const b = String.UTF8.encode(s);
  const n = parseJson(changetype<usize>(b), <u32>b.byteLength, tape, 16384, maxDepth);
  if (n < 0) return "error " + (-n).toString();
  const w = changetype<JsonWriter>(heap.alloc(offsetof<JsonWriter>()));
  w.init(out, 65536, 0);
  writeTapeValue(w, changetype<usize>(b), tape, 0, work, 16384);
  return String.UTF8.decodeUnsafe(out, w.pos);
}

describe("reader", () => {
  it("lays out the tape as documented", () => {
    expect(parse('{"a":[1,true]}')).toBe(15);
    expect(tapeWord(tape, 0)).toBe(TAPE_OBJECT);
    expect(tapeWord(tape, 1)).toBe(15);
    expect(tapeWord(tape, 2)).toBe(1);
    expect(tapeWord(tape, 3)).toBe(TAPE_STRING | TAPE_IS_KEY);
    expect(tapeWord(tape, 4)).toBe(2);
    expect(tapeWord(tape, 5)).toBe(1);
    expect(tapeWord(tape, 6)).toBe(TAPE_ARRAY);
    expect(tapeWord(tape, 7)).toBe(14);
    expect(tapeWord(tape, 8)).toBe(2);
    expect(tapeWord(tape, 9)).toBe(TAPE_NUMBER);
    expect(tapeNumber(tape, 9)).toBe(1.0);
    expect(tapeWord(tape, 12)).toBe(TAPE_TRUE);
    expect(tapeWord(tape, 13)).toBe(TAPE_ARRAY_END);
    expect(tapeWord(tape, 14)).toBe(TAPE_OBJECT_END);
  });

  it("accepts RFC 8259 texts", () => {
    expect(parse(" [ ] ")).toBe(4); // ARRAY (3 words) + ARRAY_END
    expect(parse('{"":0,"\\u0000":-0.0e-0,"\\ud800":"\\udc00"}')).toBe(22); // OBJECT + 3 × (key + value) + OBJECT_END
    expect(parse("-1.5E+300")).toBe(3);
    expect(parse('"\\"\\\\\\/\\b\\f\\n\\r\\t"')).toBe(3);
  });

  it("rejects what JSON.parse rejects", () => {
    expect(parse("[1,]")).toBe(-JsonError.TRAILING_COMMA);
    expect(parse("{\"a\":1,}")).toBe(-JsonError.TRAILING_COMMA);
    expect(parse("012")).toBe(-JsonError.LEADING_ZERO);
    expect(parse("'a'")).toBe(-JsonError.UNEXPECTED_BYTE);
    expect(parse("\"\t\"")).toBe(-JsonError.CONTROL_IN_STRING);
    expect(parse("\"\\a\"")).toBe(-JsonError.INVALID_ESCAPE);
    expect(parse("\"\\u00g0\"")).toBe(-JsonError.INVALID_UNICODE_ESCAPE);
    expect(parse("NaN")).toBe(-JsonError.UNEXPECTED_BYTE);
    expect(parse("[1] x")).toBe(-JsonError.TRAILING_CONTENT);
    expect(readerErrorOffset).toBe(4);
    expect(parse("")).toBe(-JsonError.EMPTY_INPUT);
  });

  it("rejects invalid UTF-8: overlong, encoded surrogate, above U+10FFFF, truncated", () => {
    const cases: u8[][] = [[0x22, 0xc0, 0xaf, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xe2, 0x82, 0x22]];
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const p = heap.alloc(c.length);
      for (let k = 0; k < c.length; k++) store<u8>(p + k, c[k]);
      expect(parseJson(p, c.length, tape, 16384, maxDepth)).toBe(-JsonError.INVALID_UTF8);
    }
  });

  it("limits depth (default 64) and size", () => {
    expect(maxDepth).toBe(64);
    expect(parse("[".repeat(64) + "]".repeat(64))).toBe(64 * 4);
    expect(parse("[".repeat(65) + "]".repeat(65))).toBe(-JsonError.TOO_DEEP);
    setReaderLimits(0, 4);
    expect(parse("12345")).toBe(-JsonError.TOO_LARGE);
    setReaderLimits(0, 0);
  });

  it("reports a full tape instead of trapping", () => {
    const b = String.UTF8.encode("[1,2,3]");
    expect(parseJson(changetype<usize>(b), 7, tape, 5, maxDepth)).toBe(-JsonError.TAPE_FULL);
  });

  it("round trip: JSON.stringify(JSON.parse(text))", () => {
    expect(canonical(' { "b" : [ 1.0 , 2e2 , -0 ] , "a" : "\\u0041\\/" } ')).toBe('{"b":[1,200,0],"a":"A/"}');
    expect(canonical('{"a":1,"b":2,"a":3}')).toBe('{"a":3,"b":2}');
    expect(canonical('{"b":1,"2":2,"10":3,"1":4,"01":5}')).toBe('{"1":4,"2":2,"10":3,"b":1,"01":5}');
    expect(canonical('{"\\u0061":1,"a":2}')).toBe('{"a":2}');
    expect(canonical('["\\ud83d\\ude00","\\udead","\\u001F"]')).toBe('["😀","\\udead","\\u001f"]');
    expect(canonical("[1e400,-1e400,1e-400]")).toBe("[null,null,0]");
  });
});
