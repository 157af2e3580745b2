import { percentDecode, percentDecodeInto } from "../percent";

function decode(input: string, path: bool = false): string {
  const b = String.UTF8.encode(input);
  const p = changetype<usize>(b);
  const n = percentDecodeInto(p, b.byteLength, p, path); // in place
  return String.UTF8.decodeUnsafe(p, n);
}

describe("percent decoding", () => {
  it("decodes escapes like decodeURIComponent", () => {
    expect(decode("%41b%63")).toBe("Abc");
    expect(decode("caf%C3%A9")).toBe("café");
    expect(decode("%F0%9F%98%80")).toBe("😀");
    expect(decode("a%2Fb%25")).toBe("a/b%");
  });

  it("keeps a run of escapes that is not valid UTF-8, decodes the others", () => {
    expect(decode("%FF/%41")).toBe("%FF/A");
    expect(decode("%E2%82/%C3%A9")).toBe("%E2%82/é");
    expect(decode("%C0%80")).toBe("%C0%80");        // overlong
    expect(decode("%ED%A0%80")).toBe("%ED%A0%80");  // surrogate
    expect(decode("%%41%4")).toBe("%A%4");
  });

  it("in path form keeps reserved characters and %25 encoded (Hono's getPath)", () => {
    expect(decode("/a%2Fb%3F%25%41", true)).toBe("/a%2Fb%3F%25A");
  });

  it("percentDecode writes to another buffer", () => {
    const src = String.UTF8.encode("x%20y");
    const dst = new ArrayBuffer(8);
    const n = percentDecode(changetype<usize>(src), src.byteLength, changetype<usize>(dst));
    expect(String.UTF8.decodeUnsafe(changetype<usize>(dst), n)).toBe("x y");
  });
});
