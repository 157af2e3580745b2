import { canonicalInArena, canonicalOutput, workBytes } from "../canonical";
import { parseJson, maxDepth } from "../reader";
import { JsonError } from "../errors";
import { Arena, arenaInit, arenaAlloc, arenaFree } from "../../arena/arena";

// One arena over a heap region, as a slot's: the text is copied in first
// (as a request body lies there), the round trip uses what is left.
const REGION: u32 = 64 * 1024;
const arena = changetype<Arena>(heap.alloc(offsetof<Arena>()));
const region = heap.alloc(REGION);

/** The text at the arena's start, `cap` bytes of arena in all; returns its address. */
function place(s: string, cap: u32 = REGION): usize {
  arenaInit(arena, region, cap);
  const b = String.UTF8.encode(s);
  const p = arenaAlloc(arena, <u32>b.byteLength, 1);
  memory.copy(p, changetype<usize>(b), b.byteLength);
  return p;
}

function canonical(s: string, cap: u32 = REGION, front: u32 = 0): string {
  const p = place(s, cap);
  const n = canonicalInArena(arena, p, <u32>String.UTF8.byteLength(s), front);
  if (n < 0) return "error " + (-n).toString();
  return String.UTF8.decodeUnsafe(canonicalOutput, n);
}

/** n members "k0".."k{n-1}" (over 16: not a plain object, so it needs work room). */
function wide(n: i32, inner: string = "0"): string {
  let s = "{";
  for (let i = 0; i < n; i++) s += (i ? ", " : "") + '"k' + i.toString() + '": ' + inner;
  return s + "}";
}

describe("canonicalInArena", () => {
  it("writes JSON.stringify(JSON.parse(text))", () => {
    expect(canonical('{ "b" : [1, 2.50, 1e2, -0, 1E-7, "\\u00e9\\n"], "a": {"x": true, "y": null} }'))
      .toBe('{"b":[1,2.5,100,0,1e-7,"é\\n"],"a":{"x":true,"y":null}}');
    expect(canonical('{"a":1,"2":"x","a":2,"1":"y"}')).toBe('{"1":"y","2":"x","a":2}');
    expect(canonical(wide(20, wide(17)))).toBe(canonical(wide(20, wide(17)).replaceAll(" ", "")));
  });

  it("leaves the output `front` bytes after the mark and gives the rest back", () => {
    const p = place("[1, 2, 3]");
    const mark = arena.top;
    expect(canonicalInArena(arena, p, 9, 768)).toBe(7);
    expect(canonicalOutput).toBe(mark + 768);
    expect(arena.top).toBe(mark + 768 + 7);
    expect(String.UTF8.decodeUnsafe(canonicalOutput, 7)).toBe("[1,2,3]");
  });

  it("is not bounded by a fixed share of the arena: 11 KB of records in a 64 KiB arena (16 bytes per byte stopped at 3.9 KB)", () => {
    let s = "[";
    for (let i = 0; i < 400; i++) s += (i ? ", " : "") + '{"id": ' + i.toString() + ', "name": "item"}';
    s += "]";
    expect(String.UTF8.byteLength(s)).toBeGreaterThan(11000);
    expect(canonical(s)).toBe(s.replaceAll(", ", ",").replaceAll(": ", ":"));
  });

  it("answers TAPE_FULL / OUTPUT_FULL with the arena as it was", () => {
    const text = "[" + "1,".repeat(999) + "1]"; // tape 12 KB, output 2 KB
    let p = place(text, 8 * 1024);
    let top = arena.top;
    expect(canonicalInArena(arena, p, <u32>text.length, 0)).toBe(-JsonError.TAPE_FULL);
    expect(arena.top).toBe(top);
    const big = "[1e20,1e20,1e20,1e20,1e20,1e20,1e20,1e20]"; // output 5× the text
    p = place(big, <u32>big.length + 160);
    top = arena.top;
    expect(canonicalInArena(arena, p, <u32>big.length, 0)).toBe(-JsonError.OUTPUT_FULL);
    expect(arena.top).toBe(top);
    expect(arenaFree(arena)).toBe(160);
  });

  it("reports the reader's errors", () => {
    expect(canonical('{"a": [1, 2,]}')).toBe("error " + (<i32>JsonError.TRAILING_COMMA).toString());
    expect(canonical("   ")).toBe("error " + (<i32>JsonError.EMPTY_INPUT).toString());
  });
});

const tape = heap.alloc(65536);

function need(s: string): u64 {
  const b = String.UTF8.encode(s);
  expect(parseJson(changetype<usize>(b), <u32>b.byteLength, tape, 16384, maxDepth)).toBeGreaterThan(0);
  return workBytes(changetype<usize>(b), tape, 0);
}

describe("workBytes", () => {

  it("is 0 for plain objects and arrays", () => {
    expect(need('{"a":[1,{"b":2}],"c":"d"}')).toBe(0);
  });

  it("takes the largest path through nested objects that need reordering, not the sum", () => {
    const one = need(wide(17));
    expect(one).toBeGreaterThan(17 * 20);
    expect(need("[" + wide(17) + "," + wide(17) + "]")).toBe(one);
    expect(need(wide(17, wide(17)))).toBe(one * 2);
  });
});
