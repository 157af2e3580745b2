/**
 * Property tests against the real .wasm: random valid requests parse to
 * exactly the generated fields however the bytes are chunked; random
 * mutations and truncations never trap, always answer, give the same verdict
 * whole and chunked, and are only ever accepted when Node's llhttp accepts
 * them with the same message boundary. Inputs sit at the very end of wasm
 * memory so any over-read traps.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { instantiateCore } from "../../host/node/core-file.js";
import { Flag, METHODS } from "../../host/core/abi.js";
import { parseAtEnd, bytes, type ParsedRequest } from "./read-request.js";
import { llhttpMessages } from "./llhttp.js";

const core = instantiateCore();
core.configure(0, 0, 0, 0, 4, 0, 0);

/** Methods the generator leaves out of the method table, and why. */
const NOT_GENERATED: Record<string, string> = {
  CONNECT: "takes an authority-form target (host:port); the generator makes origin-form ones",
};
const GENERATED_METHODS = Object.values(METHODS).filter((name) => !(name in NOT_GENERATED));
/** Names the generator must not produce: they change framing or need a fixed count. */
const RESERVED = new Set(["host", "content-length", "transfer-encoding", "connection", "upgrade", "expect", "te", "trailer"]);

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%";
const VCHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join("") + "\x80\xe9\xff";

const fromChars = (chars: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(""));

const token = fromChars(TCHARS, 1, 20).filter((n) => !RESERVED.has(n.toLowerCase()));
const fieldValue = fc.array(fromChars(VCHARS, 1, 12), { minLength: 0, maxLength: 4 }).map((w) => w.join(" "));
const path = fc.array(fromChars(PCHARS, 0, 10), { minLength: 1, maxLength: 5 }).map((s) => "/" + s.join("/"));
const query = fc.option(fromChars(PCHARS + "/?", 0, 30), { nil: undefined });
const ows = fc.constantFrom("", " ", "\t", "  ");
const bodyBytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }).map((a) => String.fromCharCode(...a));

interface Generated {
  text: string;
  method: string;
  path: string;
  query: string | undefined;
  minor: number;
  headers: [string, string][];
  trailers: [string, string][];
  body: string;
  chunked: boolean;
}

const request: fc.Arbitrary<Generated> = fc.record({
  method: fc.constantFrom(...GENERATED_METHODS),
  path, query,
  minor: fc.constantFrom(0, 1),
  fields: fc.array(fc.tuple(token, fieldValue, ows, ows), { maxLength: 12 }),
  hostAt: fc.nat(),
  body: fc.option(bodyBytes, { nil: undefined }),
  chunked: fc.boolean(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 8 }),
  ext: fc.constantFrom("", ";a", ";a=b", ";n=\"q \\\" v\"", ";x;y=z"),
  trailers: fc.array(fc.tuple(token, fieldValue), { maxLength: 3 }),
}).map((g) => {
  const target = g.path + (g.query === undefined ? "" : "?" + g.query);
  const fields: [string, string, string, string][] = g.fields.map(([n, v, a, b]) => [n, v, a, b]);
  fields.splice(g.hostAt % (fields.length + 1), 0, ["Host", "example.com", " ", ""]);
  const chunked = g.body !== undefined && g.chunked && g.minor === 1;
  if (g.body !== undefined) fields.push(chunked ? ["Transfer-Encoding", "chunked", " ", ""] : ["Content-Length", String(g.body.length), " ", ""]);
  let text = `${g.method} ${target} HTTP/1.${g.minor}\r\n`;
  for (const [n, v, a, b] of fields) text += `${n}:${a}${v}${v ? b : ""}\r\n`;
  text += "\r\n";
  const body = g.body ?? "";
  const trailers: [string, string][] = chunked ? g.trailers : [];
  if (chunked) {
    let at = 0;
    for (const size of [...g.chunkSizes, body.length]) {
      const n = Math.min(size, body.length - at);
      if (n <= 0) break;
      text += n.toString(16) + g.ext + "\r\n" + body.slice(at, at + n) + "\r\n";
      at += n;
    }
    text += "0\r\n" + trailers.map(([n, v]) => `${n}: ${v}\r\n`).join("") + "\r\n";
  } else {
    text += body;
  }
  return {
    text, method: g.method, path: g.path, query: g.query, minor: g.minor,
    headers: fields.map(([n, v]) => [n, v] as [string, string]), trailers, body, chunked,
  };
});

/** Random chunk sizes adding up to `n`. */
function chunking(n: number, cuts: number[]): number[] {
  const points = [...new Set(cuts.map((c) => c % (n + 1)))].sort((a, b) => a - b);
  const sizes: number[] = [];
  let last = 0;
  for (const p of [...points, n]) { if (p > last) { sizes.push(p - last); last = p; } }
  return sizes;
}

function verdict(r: ParsedRequest): unknown {
  return r.result > 0 ? r : { result: r.result, error: r.error, errorOffset: r.errorOffset };
}

describe("random valid requests", () => {
  it("parse to exactly the generated fields, however they are chunked", () => {
    fc.assert(fc.property(request, fc.array(fc.nat(), { maxLength: 6 }), (g, cuts) => {
      const input = bytes(g.text);
      const r = parseAtEnd(core, input, chunking(input.length, cuts));
      expect(r.error).toBeNull();
      expect(r.result).toBe(input.length);
      expect(r.method).toBe(g.method);
      expect(r.path).toBe(g.path);
      expect(r.query).toBe(g.query ?? "");
      expect((r.flags & Flag.HAS_QUERY) !== 0).toBe(g.query !== undefined);
      expect(r.version).toBe(`1.${g.minor}`);
      expect(r.headers).toEqual(g.headers);
      expect(r.trailers).toEqual(g.trailers);
      expect(r.body).toBe(g.body);
      expect((r.flags & Flag.CHUNKED) !== 0).toBe(g.chunked);
      expect(r.keepAlive).toBe(g.minor === 1);
      expect(verdict(parseAtEnd(core, input))).toEqual(verdict(r));
    }), { numRuns: 400 });
  });

  it("are accepted by Node's llhttp with the same length and body", () => {
    fc.assert(fc.property(request, (g) => {
      const input = bytes(g.text);
      const theirs = llhttpMessages(input);
      expect(theirs.error).toBeNull();
      expect(theirs.ends[0]).toBe(input.length);
      expect(theirs.bodies[0].toString("latin1")).toBe(g.body);
    }), { numRuns: 150 });
  });
});

const INTERESTING = [0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x22, 0x5c, 0x2c, 0x30, 0x31, 0x61, 0x46,
  0x00, 0x7f, 0xff, 0x2f, 0x3f, 0x23, 0x2a, 0x3d];

type Mutation = { kind: "set" | "insert" | "delete" | "truncate"; at: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("set", "insert", "delete", "truncate"),
  at: fc.nat(),
  byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
});

function mutate(input: Uint8Array, ms: Mutation[]): Uint8Array {
  let a = Array.from(input);
  for (const m of ms) {
    const at = m.at % (a.length + 1);
    if (m.kind === "set" && at < a.length) a[at] = m.byte;
    else if (m.kind === "insert") a.splice(at, 0, m.byte);
    else if (m.kind === "delete") a.splice(at, 1);
    else if (m.kind === "truncate") a = a.slice(0, at);
  }
  return Uint8Array.from(a);
}

describe("random mutations of valid requests", () => {
  it("never trap, give one verdict however chunked, and are accepted only when llhttp accepts", () => {
    fc.assert(fc.property(request, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 5 }),
      (g, ms, cuts) => {
        const input = mutate(bytes(g.text), ms);
        const whole = parseAtEnd(core, input);
        expect(verdict(parseAtEnd(core, input, chunking(input.length, cuts)))).toEqual(verdict(whole));
        if (whole.result > 0) {
          const theirs = llhttpMessages(input);
          expect(theirs.upgradeAt ?? theirs.ends[0], `llhttp: ${theirs.error}`).toBe(whole.result);
          expect(whole.result).toBeLessThanOrEqual(input.length);
        }
      }), { numRuns: 3000 });
  });
});
