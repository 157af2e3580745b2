import { hash128 } from "../murmur3";
import { normalisePercent, normalisedLength, removeDotSegments } from "../percent";
import {
  fingerprintRequest, mixFingerprints, FINGERPRINT, BODY_IGNORE, BODY_RAW, BODY_JSON, BODY_FORM,
  ERR_INVALID_SLOT, ERR_BAD_LINE, ERR_BAD_HEADER, ERR_NO_ROOM, ERR_BAD_MODE,
} from "../fingerprint";
import { sortedWorkBytes, writeSorted } from "../json-sorted";
import { parseJson, maxDepth } from "../../json/reader";
import { JsonWriter } from "../../json/writer";
import { poolInit, poolAcquire, poolRelease, arenaAt } from "../../arena/pool";
import { arenaAlloc, arenaMark } from "../../arena/arena";

const HEX = "0123456789abcdef";

function hexAt(p: usize): string {
  let s = "";
  for (let i: u32 = 0; i < 16; i++) {
    const b = load<u8>(p + i);
    s += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return s;
}

function bytes(s: string): usize {
  const b = String.UTF8.encode(s);
  const p = heap.alloc(max(b.byteLength, 1));
  memory.copy(p, changetype<usize>(b), b.byteLength);
  return p;
}

function len(s: string): u32 {
  return <u32>String.UTF8.byteLength(s);
}

function murmur(s: string): string {
  hash128(bytes(s), len(s), FINGERPRINT);
  return hexAt(FINGERPRINT);
}

function normal(s: string, query: bool = false): string {
  const p = bytes(s);
  const room = normalisedLength(p, len(s), query);
  const out = heap.alloc(max(room, 1));
  const n = normalisePercent(out, p, len(s), query);
  expect(n).toBe(room);
  return String.UTF8.decodeUnsafe(out, n);
}

function dotless(s: string): string {
  const p = bytes(s);
  return String.UTF8.decodeUnsafe(p, removeDotSegments(p, len(s)));
}

poolInit(2, 4096, 8);
const slot = poolAcquire();
const small = poolAcquire();

/** The fingerprint's hex, or "error N". */
function fp(line: string, headers: string = "", body: string = "", mode: u32 = BODY_RAW, ignore: string = "", at: u32 = slot): string {
  const r = fingerprintRequest(at, bytes(line), len(line), bytes(headers), len(headers), bytes(body), len(body), mode, bytes(ignore), len(ignore));
  return r < 0 ? "error " + (-r).toString() : hexAt(FINGERPRINT);
}

describe("MurmurHash3 x64_128", () => {
  // Vectors of the reference C++ (MurmurHash3_x64_128, seed 0), as h1 then h2 in hex.
  it("matches known vectors", () => {
    expect(murmur("")).toBe("00000000000000000000000000000000");
    expect(murmur("hello")).toBe("cbd8a7b341bd9b025b1e906a48ae1d19");
    expect(murmur("The quick brown fox jumps over the lazy dog")).toBe("e34bbc7bbc071b6c7a433ca9c49a9347");
  });

  it("reads unaligned input the same as aligned", () => {
    const text = "0123456789abcdefghijklmnopq";
    const p = heap.alloc(64);
    for (let shift: u32 = 0; shift < 8; shift++) {
      memory.copy(p + shift, bytes(text), len(text));
      hash128(p + shift, len(text), FINGERPRINT);
      expect(hexAt(FINGERPRINT)).toBe(murmur(text));
    }
  });
});

describe("percent normalisation", () => {
  it("decodes unreserved characters and upper-cases the rest", () => {
    expect(normal("/%61%2d%7E%5f%2E")).toBe("/a-~_.");
    expect(normal("/a%2fb%3a")).toBe("/a%2Fb%3A");
    expect(normal("a+b%20c")).toBe("a+b%20c");
  });

  it("percent-encodes bytes a URI does not allow, keeps reserved ones", () => {
    expect(normal("/é\"<>`{|}^ \\")).toBe("/%C3%A9%22%3C%3E%60%7B%7C%7D%5E%20%5C");
    expect(normal("/a:b@c!$&'()*+,;=[]?")).toBe("/a:b@c!$&'()*+,;=[]?");
    expect(normal("q='x'&r=%27", true)).toBe("q=%27x%27&r=%27");
  });

  it("removes dot segments from a path", () => {
    expect(dotless("/a/./b/../c")).toBe("/a/c");
    expect(dotless("/a/..")).toBe("/");
    expect(dotless("/a/.")).toBe("/a/");
    expect(dotless("/../../a")).toBe("/a");
    expect(dotless("/a/b/")).toBe("/a/b/");
    expect(dotless("/a/.b/..c/...")).toBe("/a/.b/..c/...");
    expect(dotless("/")).toBe("/");
    expect(dotless("*")).toBe("*");
  });

  it("keeps a '%' without two hex digits", () => {
    expect(normal("%")).toBe("%");
    expect(normal("%4")).toBe("%4");
    expect(normal("%zz%41")).toBe("%zzA");
  });
});

/** The sorted canonical text of a JSON document (tape, work and output in heap memory). */
function sorted(s: string): string {
  const src = bytes(s);
  const tape = heap.alloc(1 << 16);
  const words = parseJson(src, len(s), tape, (1 << 16) >> 2, maxDepth);
  if (words < 0) return "error " + (-words).toString();
  const work = heap.alloc(<usize>max(sortedWorkBytes(tape, 0), 8));
  const out = heap.alloc(4096);
  const w = changetype<JsonWriter>(heap.alloc(offsetof<JsonWriter>()));
  w.init(out, 4096, 0);
  writeSorted(w, src, tape, 0, work);
  const n = w.result();
  return n < 0 ? "error " + (-n).toString() : String.UTF8.decodeUnsafe(out, n);
}

describe("sorted canonical JSON", () => {
  it("sorts members at every level by their decoded key, keeps array order", () => {
    expect(sorted(" {\"b\": [3, {\"d\":1, \"c\":2}], \"a\" : null} ")).toBe("{\"a\":null,\"b\":[3,{\"c\":2,\"d\":1}]}");
    expect(sorted("{\"\\u0062\":1,\"a\":2,\"ab\":3}")).toBe("{\"a\":2,\"ab\":3,\"b\":1}");
    expect(sorted("{\"10\":1,\"9\":2,\"é\":3,\"z\":4}")).toBe("{\"10\":1,\"9\":2,\"z\":4,\"é\":3}");
  });

  it("keeps a repeated key's last value, writes numbers and strings as JSON.stringify", () => {
    expect(sorted("{\"a\":1,\"b\":0,\"a\":2}")).toBe("{\"a\":2,\"b\":0}");
    expect(sorted("[1.0, 1e3, -0, 1E-7, \"\\u00e9\\n\"]")).toBe("[1,1000,0,1e-7,\"é\\n\"]");
    expect(sorted("{}")).toBe("{}");
    expect(sorted("\"x\"")).toBe("\"x\"");
  });
});

describe("request fingerprint", () => {
  it("is the same for equivalent forms of a request", () => {
    expect(fp("GET /a?b=1&a=2")).toBe(fp("GET /%61?a=2&b=1"));
    expect(fp("GET ?x=1")).toBe(fp("GET /?x=1"));
    expect(fp("GET http://example.com/a?x=1")).toBe(fp("GET /a?x=1"));
    expect(fp("GET http://example.com")).toBe(fp("GET /"));
    expect(fp("GET /a?x=%7e")).toBe(fp("GET /a?x=~"));
    expect(fp("GET /a?a=1&&b=2")).toBe(fp("GET /a?b=2&a=1"));
    expect(fp("GET /a#frag")).toBe(fp("GET /a"));
    expect(fp("GET /x/%2e%2E/a/./b")).toBe(fp("GET /a/b"));
    expect(fp("GET /é?q=é")).toBe(fp("GET /%c3%a9?q=%C3%A9"));
  });

  it("differs where the request differs", () => {
    expect(fp("GET /a")).not.toBe(fp("POST /a"));
    expect(fp("GET /a")).not.toBe(fp("GET /b"));
    expect(fp("GET /a?x=1")).not.toBe(fp("GET /a?x=2"));
    expect(fp("GET /a?x=a+b")).not.toBe(fp("GET /a?x=a%20b"));
    expect(fp("GET /a%2Fb")).not.toBe(fp("GET /a/b"));
    expect(fp("GET /a?x=1&x=2")).not.toBe(fp("GET /a?x=1"));
  });

  it("keeps the parts apart", () => {
    expect(fp("GET /a?bc")).not.toBe(fp("GET /ab?c"));
    expect(fp("GET /", "a:bc\n")).not.toBe(fp("GET /", "ab:c\n"));
    expect(fp("GET /a", "", "")).not.toBe(fp("GET /", "", "a"));
    expect(fp("GET /a?b")).not.toBe(fp("GET /a", "b:\n"));
  });

  it("drops ignored query parameters by their normalised name", () => {
    expect(fp("GET /a?x=1&ts=5", "", "", BODY_RAW, "ts")).toBe(fp("GET /a?x=1"));
    expect(fp("GET /a?x=1&%74s=5&ts", "", "", BODY_RAW, "ts\n_")).toBe(fp("GET /a?x=1&_=3", "", "", BODY_RAW, "_\nts"));
    expect(fp("GET /a?x=1&ts=5", "", "", BODY_RAW, "t")).not.toBe(fp("GET /a?x=1"));
  });

  it("sorts header lines by name, keeps repeated names in order, trims values", () => {
    expect(fp("GET /", "b:1\na: 2 \n")).toBe(fp("GET /", "a:2\nb:1"));
    expect(fp("GET /", "a:1\na:2\n")).not.toBe(fp("GET /", "a:2\na:1\n"));
    expect(fp("GET /", "a:\tx y\n")).toBe(fp("GET /", "a:x y\n"));
    expect(fp("GET /", "a:1\n")).not.toBe(fp("GET /", "a:2\n"));
  });

  it("hashes the body by mode", () => {
    const a = "{\"b\":[1,{\"y\":2,\"x\":1}],\"a\":\"\\u0061\"}";
    const b = " { \"a\" : \"a\", \"b\" : [1, {\"x\":1, \"y\":2}] } ";
    expect(fp("POST /", "", a, BODY_JSON)).toBe(fp("POST /", "", b, BODY_JSON));
    expect(fp("POST /", "", a, BODY_RAW)).not.toBe(fp("POST /", "", b, BODY_RAW));
    expect(fp("POST /", "", "[2,1]", BODY_JSON)).not.toBe(fp("POST /", "", "[1,2]", BODY_JSON));
    expect(fp("POST /", "", "{\"a\":1,\"a\":2}", BODY_JSON)).toBe(fp("POST /", "", "{\"a\":2}", BODY_JSON));
    expect(fp("POST /", "", "1e3", BODY_JSON)).toBe(fp("POST /", "", "1000", BODY_JSON));
    // escaped keys next to long plain ones, inside a nested object: the key scratch stays in its room
    const long = "k".repeat(300);
    expect(fp("POST /", "", "{\"z\":{\"" + long + "\":1,\"\\u0062\":2,\"a\":3},\"y\":[1]}", BODY_JSON))
      .toBe(fp("POST /", "", "{\"y\":[1],\"z\":{\"a\":3,\"b\":2,\"" + long + "\":1}}", BODY_JSON));
    // not JSON: its bytes, as raw mode gives
    expect(fp("POST /", "", "{nope", BODY_JSON)).toBe(fp("POST /", "", "{nope", BODY_RAW));
    expect(fp("POST /", "", "b=2&a=%7e", BODY_FORM)).toBe(fp("POST /", "", "a=~&b=2", BODY_FORM));
    expect(fp("POST /", "", "a=1", BODY_FORM)).not.toBe(fp("POST /", "", "a=2", BODY_FORM));
    expect(fp("POST /", "", "anything", BODY_IGNORE)).toBe(fp("POST /", "", "", BODY_IGNORE));
    expect(fp("POST /", "", "", BODY_JSON)).toBe(fp("POST /", "", "", BODY_RAW)); // "" is not JSON: hashed raw
  });

  it("gives the scratch room back", () => {
    const before = arenaMark(arenaAt(slot));
    fp("POST /a?b=1&a=2", "x:1\n", "{\"b\":1,\"a\":2}", BODY_JSON);
    expect(arenaMark(arenaAt(slot))).toBe(before);
  });

  it("reports errors instead of trapping", () => {
    expect(fp("GET")).toBe("error " + ERR_BAD_LINE.toString());
    expect(fp("GET ")).toBe("error " + ERR_BAD_LINE.toString());
    expect(fp(" /a")).toBe("error " + ERR_BAD_LINE.toString());
    expect(fp("GET /", "nocolon\n")).toBe("error " + ERR_BAD_HEADER.toString());
    expect(fp("GET /", "", "", 9)).toBe("error " + ERR_BAD_MODE.toString());
    poolRelease(small);
    expect(fp("GET /", "", "", BODY_RAW, "", small)).toBe("error " + ERR_INVALID_SLOT.toString());
  });

  it("says when the arena has no room for a JSON tape", () => {
    const arena = arenaAt(slot);
    const free = <u32>(arena.end - arena.top);
    const held = arenaAlloc(arena, free - 64, 1);
    expect(held).not.toBe(0);
    expect(fp("POST /", "", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]", BODY_JSON)).toBe("error " + ERR_NO_ROOM.toString());
    arena.top = held;
  });
});

describe("fingerprint mix", () => {
  it("depends on both inputs and their order", () => {
    const a = heap.alloc(16);
    const b = heap.alloc(16);
    hash128(bytes("a"), 1, a);
    hash128(bytes("b"), 1, b);
    mixFingerprints(a, b);
    const ab = hexAt(FINGERPRINT);
    mixFingerprints(b, a);
    expect(hexAt(FINGERPRINT)).not.toBe(ab);
    // the hash of the 32 bytes a ‖ b
    const both = heap.alloc(32);
    memory.copy(both, a, 16);
    memory.copy(both + 16, b, 16);
    hash128(both, 32, FINGERPRINT);
    expect(hexAt(FINGERPRINT)).toBe(ab);
  });
});
