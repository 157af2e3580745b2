// The JsonWriter's value methods (what AssemblyScript handlers call) against
// JSON.stringify, through a test-only entry compiled from the product's
// writer: strings as WTF-8 bytes placed at the very end of linear memory (an
// over-read traps), written into a region of exactly the expected size and
// of one byte less; numbers per the writer's contract (f64 prints as
// JavaScript does, int/uint print exact 64-bit integers).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { JsonError } from "../../host/core/abi.js";
import { core, putAtEnd } from "./core.js";

interface WriterEntry {
  memory: WebAssembly.Memory;
  writeString(src: number, len: number, out: number, cap: number): number;
  writeInt(v: bigint, out: number, cap: number): number;
  writeUint(v: bigint, out: number, cap: number): number;
  writeNumber(v: number, out: number, cap: number): number;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = 1 << 16; // well past the entry's static data
let wasm: WriterEntry;

beforeAll(() => {
  const file = join(mkdtempSync(join(tmpdir(), "asedge-writer-")), "writer.wasm");
  // cwd outside the repository: asc would otherwise merge asconfig.json's entries.
  execFileSync(process.execPath, [join(ROOT, "node_modules/assemblyscript/bin/asc.js"),
    join(ROOT, "tests/fixtures/json-writer.ts"), "-o", file,
    "-O3", "--runtime", "stub", "--use", "abort=", "--noAssert", "--initialMemory", "4"], { cwd: tmpdir() });
  wasm = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {}).exports as unknown as WriterEntry;
});

/** WTF-8: UTF-8 that also encodes lone surrogates; a pair is one 4-byte sequence unless `splitPairs`. */
function wtf8(text: string, splitPairs: boolean): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (!splitPairs && c >= 0xd800 && c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(bytes);
}

/** writer.string() of the bytes placed at the end of memory, into a region of `cap` bytes. */
function writeString(bytes: Uint8Array, cap: number): string | number {
  const at = wasm.memory.buffer.byteLength - bytes.length;
  new Uint8Array(wasm.memory.buffer).set(bytes, at);
  const n = wasm.writeString(at, bytes.length, OUT, cap);
  return n < 0 ? n : Buffer.from(wasm.memory.buffer, OUT, n).toString("utf8");
}

/** Strings with every escape class at every position relative to 8-byte words. */
const nastyString = fc.array(
  fc.oneof(
    fc.constantFrom('"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u001f", "\u007f", "~",
      "\u2028", "\ud800", "\udfff", "\udbff\udfff", "😀", "é", "€", "\ufeff", "\uffff"),
    fc.string({ unit: "binary", maxLength: 4 }),
    fc.string({ minLength: 1, maxLength: 40 }),
  ),
  { maxLength: 16 },
).map((parts) => parts.join(""));

describe("JsonWriter.string", () => {
  it("writes what JSON.stringify writes, filling the region to the last byte", () => {
    fc.assert(fc.property(nastyString, fc.boolean(), (text, splitPairs) => {
      const expected = JSON.stringify(text);
      const bytes = wtf8(text, splitPairs);
      const size = Buffer.byteLength(expected);
      expect(writeString(bytes, size)).toBe(expected);
      expect(writeString(bytes, size - 1)).toBe(-JsonError.OUTPUT_FULL);
    }), { numRuns: 3000 });
  });

  it("long plain runs and a special byte at each offset of a word", () => {
    for (let length = 0; length <= 40; length++) {
      for (const special of ['"', "\\", "\n", "\u0001", "é", "\u007f"]) {
        for (let at = 0; at <= length; at++) {
          const text = "a".repeat(at) + special + "b".repeat(length - at);
          expect(writeString(wtf8(text, false), 256)).toBe(JSON.stringify(text));
        }
      }
    }
  });
});

describe("JsonWriter numbers", () => {
  it("f64 prints as JSON.stringify prints JavaScript numbers", () => {
    const read = (n: number) => Buffer.from(wasm.memory.buffer, OUT, n).toString("latin1");
    fc.assert(fc.property(fc.double(), (v) => {
      expect(read(wasm.writeNumber(v, OUT, 64))).toBe(JSON.stringify(v));
    }), { numRuns: 3000 });
    for (const v of [0, -0, 2 ** 53, 2 ** 64, 1e21, 1.5e-7, NaN, -Infinity]) expect(read(wasm.writeNumber(v, OUT, 64))).toBe(JSON.stringify(v));
  });

  it("int and uint print exact 64-bit integers (not rounded to a double)", () => {
    const read = (n: number) => Buffer.from(wasm.memory.buffer, OUT, n).toString("latin1");
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (i, u) => {
      expect(read(wasm.writeInt(i, OUT, 64))).toBe(i.toString());
      expect(read(wasm.writeUint(u, OUT, 64))).toBe(u.toString());
    }), { numRuns: 3000 });
    // Where the contracts differ: JSON.stringify(Number(2n ** 63n - 1n)) is "9223372036854775807" rounded to 9223372036854776000.
    expect(read(wasm.writeInt(2n ** 63n - 1n, OUT, 64))).toBe("9223372036854775807");
    expect(read(wasm.writeUint(2n ** 64n - 1n, OUT, 64))).toBe("18446744073709551615");
    expect(JSON.stringify(Number(2n ** 63n - 1n))).toBe("9223372036854776000");
  });
});

describe("output region bounds (product .wasm: jsonParse → jsonWriteTape)", () => {
  const slot = core.acquire();
  const tape = core.slotInput(slot);
  const out = tape + (1 << 20);
  const work = out + (1 << 20);
  const GUARD = 0xa5;

  /** Write the parsed text into exactly `cap` bytes; the byte after the region must stay untouched. */
  function writeInto(bytes: Uint8Array, indent: number, cap: number): string | number {
    const at = putAtEnd(bytes);
    expect(core.jsonParse(at, bytes.length, tape, 1 << 20)).toBeGreaterThan(0);
    const u8 = new Uint8Array(core.memory.buffer);
    u8[out + cap] = GUARD;
    const n = core.jsonWriteTape(at, tape, 0, out, cap, indent, work, 1 << 16);
    expect(u8[out + cap]).toBe(GUARD);
    return n < 0 ? n : Buffer.from(core.memory.buffer, out, n).toString("utf8");
  }

  it("fills the region to the last byte, compact and pretty, and never writes past it", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(0, 1, 2, 4), fc.nat(), (value, indent, cut) => {
      const expected = JSON.stringify(value, null, indent);
      const bytes = Buffer.from(JSON.stringify(value));
      const size = Buffer.byteLength(expected);
      expect(writeInto(bytes, indent, size)).toBe(expected);
      expect(writeInto(bytes, indent, cut % size)).toBe(-JsonError.OUTPUT_FULL);
    }), { numRuns: 2000 });
  });
});
