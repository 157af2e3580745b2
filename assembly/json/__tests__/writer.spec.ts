import { JsonWriter } from "../writer";
import { writeF64 } from "../number_format";
import { writeI64, writeU64 } from "../digits";
import { JsonError } from "../errors";

const buf = heap.alloc(4096);

function newWriter(cap: u32 = 4096, indent: u32 = 0): JsonWriter {
  const w = changetype<JsonWriter>(heap.alloc(offsetof<JsonWriter>()));
  w.init(buf, cap, indent);
  return w;
}

function out(w: JsonWriter): string {
  return String.UTF8.decodeUnsafe(w.ptr, w.pos);
}

function f64Text(x: f64): string {
  return String.UTF8.decodeUnsafe(buf, writeF64(buf, x));
}

function escaped(s: string): string {
  const w = newWriter();
  const bytes = String.UTF8.encode(s);
  w.string(changetype<usize>(bytes), <u32>bytes.byteLength);
  return out(w);
}

describe("writer structure", () => {
  it("places commas and colons", () => {
    const w = newWriter();
    const a = String.UTF8.encode("a");
    w.beginObject();
    w.key(changetype<usize>(a), 1);
    w.beginArray();
    w.int(1);
    w.bool(true);
    w.null();
    w.beginObject();
    w.endObject();
    w.beginArray();
    w.endArray();
    w.endArray();
    w.key(changetype<usize>(a), 1);
    w.uint(18446744073709551615);
    w.endObject();
    expect(out(w)).toBe('{"a":[1,true,null,{},[]],"a":18446744073709551615}');
    expect(w.result()).toBe(<i32>w.pos);
  });

  it("pretty prints like JSON.stringify(v, null, 2)", () => {
    const w = newWriter(4096, 2);
    const k = String.UTF8.encode("k");
    w.beginObject();
    w.key(changetype<usize>(k), 1);
    w.beginArray();
    w.int(1);
    w.beginObject();
    w.endObject();
    w.endArray();
    w.endObject();
    expect(out(w)).toBe('{\n  "k": [\n    1,\n    {}\n  ]\n}');
  });

  it("reports OUTPUT_FULL instead of writing past the region", () => {
    const w = newWriter(5);
    w.beginArray();
    w.int(1234);
    w.int(5);
    expect(w.result()).toBe(-JsonError.OUTPUT_FULL);
    expect(w.pos).toBe(5); // "[1234" fitted, the rest was dropped
  });
});

describe("string escapes", () => {
  it("short escapes and quotes", () => {
    expect(escaped('"\\/\b\f\n\r\t')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t"');
  });
  it("other controls as lower-case \\u00XX, DEL and U+2028 as is", () => {
    expect(escaped("\x00\x01\x1f\x7f\u2028")).toBe('"\\u0000\\u0001\\u001f\x7f\u2028"');
  });
  it("UTF-8 copied, astral characters included", () => {
    expect(escaped("é€😀")).toBe('"é€😀"');
  });
  it("WTF-8 lone surrogates as \\udXXX, a WTF-8 pair as one character", () => {
    const w = newWriter();
    // ED A0 80 = U+D800, ED BF BF = U+DFFF, ED A0 BD + ED B8 80 = U+D83D U+DE00 = 😀
    const src = memory.data<u8>([0xed, 0xa0, 0x80, 0x41, 0xed, 0xbf, 0xbf, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
    w.string(src, 13);
    expect(out(w)).toBe('"\\ud800A\\udfff😀"');
  });
  it("bytes that are not UTF-8 become U+FFFD", () => {
    const w = newWriter();
    const src = memory.data<u8>([0x61, 0xff, 0xc0, 0x80, 0x62]);
    w.string(src, 5);
    expect(out(w)).toBe('"a\uFFFD\uFFFD\uFFFDb"');
  });
});

describe("integers", () => {
  it("digit pairs at every length and the extremes", () => {
    let v: u64 = 1;
    for (let n = 1; n <= 20; n++) {
      const len = writeU64(buf, v);
      expect(len).toBe(<u32>n);
      expect(String.UTF8.decodeUnsafe(buf, len)).toBe(v.toString());
      v = v * 10 + <u64>(n % 10);
    }
    expect(String.UTF8.decodeUnsafe(buf, writeI64(buf, i64.MIN_VALUE))).toBe("-9223372036854775808");
    expect(String.UTF8.decodeUnsafe(buf, writeU64(buf, 0))).toBe("0");
  });
});

describe("doubles as JavaScript prints them", () => {
  it("integers without .0, -0 as 0", () => {
    expect(f64Text(0.0)).toBe("0");
    expect(f64Text(-0.0)).toBe("0");
    expect(f64Text(1.0)).toBe("1");
    expect(f64Text(-42.0)).toBe("-42");
    expect(f64Text(9007199254740992.0)).toBe("9007199254740992");
    expect(f64Text(1e20)).toBe("100000000000000000000");
  });
  it("switches to exponent form at 1e21 and below 1e-6", () => {
    expect(f64Text(1e21)).toBe("1e+21");
    expect(f64Text(1.5e21)).toBe("1.5e+21");
    expect(f64Text(0.000001)).toBe("0.000001");
    expect(f64Text(1.5e-7)).toBe("1.5e-7");
    expect(f64Text(1e-7)).toBe("1e-7");
  });
  it("shortest round-trip digits", () => {
    expect(f64Text(0.1)).toBe("0.1");
    expect(f64Text(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(f64Text(1.7976931348623157e308)).toBe("1.7976931348623157e+308");
    expect(f64Text(5e-324)).toBe("5e-324");
    expect(f64Text(2.2250738585072014e-308)).toBe("2.2250738585072014e-308");
    expect(f64Text(123.456)).toBe("123.456");
    expect(f64Text(-1.2345678901234567e-10)).toBe("-1.2345678901234568e-10"); // as node prints it
    expect(f64Text(9.007199254740993e15)).toBe("9007199254740992"); // the literal rounds to even
  });
  it("NaN and Infinity are null", () => {
    const w = newWriter();
    w.beginArray();
    w.f64(NaN);
    w.f64(Infinity);
    w.f64(-Infinity);
    w.endArray();
    expect(out(w)).toBe("[null,null,null]");
  });
});
