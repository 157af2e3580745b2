/**
 * Replays every case in tests/http/cases/*.cases through the real .wasm:
 * whole, split in two at every point, one byte at a time, and pipelined
 * (with itself and with a following GET); inputs sit at the very end of
 * wasm memory so an over-read traps. Accepted cases must also be accepted by
 * Node's llhttp with the same message length; rejected ones must be rejected
 * by llhttp too unless the case says "llhttp accepts", and as early: fed one
 * byte at a time, the first rejecting call has seen no more bytes than llhttp
 * had when it rejected, unless the case says "llhttp rejects earlier: why".
 */
import { describe, it, expect } from "vitest";
import { instantiateCore } from "../../host/node/core-file.js";
import type { CoreExports } from "../../host/core/abi.js";
import { Flag, Phase } from "../../host/core/abi.js";
import { loadCases, type Case, type Limits } from "./cases.js";
import { FROM_BYTES } from "./codes.js";
import { parseAtEnd, firstRejection, bytes, type ParsedRequest } from "./read-request.js";
import { llhttpMessages } from "./llhttp.js";

const cores = new Map<string, CoreExports>();
function coreFor(l: Limits): CoreExports {
  const key = JSON.stringify(l);
  let core = cores.get(key);
  if (!core) {
    core = instantiateCore();
    expect(core.configure(l.maxHeaderBytes, l.maxHeaders, l.maxTargetLength, l.maxBodyBytes, 4, 0, 0)).toBe(0);
    cores.set(key, core);
  }
  return core;
}

function flagNames(flags: number): string[] {
  return Object.entries(Flag).filter(([, bit]) => flags & bit).map(([name]) => name).sort();
}

/** The part of a result that must not depend on how the bytes arrived. */
function verdictOf(r: ParsedRequest): unknown {
  return r.result > 0 ? r : { result: r.result, phase: r.phase, error: r.error, errorOffset: r.errorOffset };
}

function checkExpected(c: Case, r: ParsedRequest): void {
  if (c.error) {
    expect(r.error, "error").toBe(c.error);
    expect(r.phase).toBe(Phase.ERROR);
    expect(r.result).toBeLessThan(0);
    if (c.errorAt !== undefined) expect(r.errorOffset, "error offset").toBe(c.errorAt);
    return;
  }
  if (c.needMore) {
    expect(r.error).toBeNull();
    expect(r.result).toBe(0);
    return;
  }
  expect(r.error, "error").toBeNull();
  expect(r.result, "message length").toBe(c.length ?? c.input.length);
  expect(r.phase).toBe(Phase.DONE);
  if (c.method !== undefined) expect(r.method).toBe(c.method);
  if (c.target !== undefined) expect(r.target).toBe(c.target);
  if (c.path !== undefined) expect(r.path).toBe(c.path);
  if (c.query !== undefined) expect(r.query).toBe(c.query);
  if (c.version !== undefined) expect(r.version).toBe(c.version);
  expect(r.headers, "headers").toEqual(c.headers);
  expect(r.trailers, "trailers").toEqual(c.trailers);
  if (c.body !== undefined) expect(r.body).toBe(c.body);
  if (c.flags !== undefined) expect(flagNames(r.flags)).toEqual([...c.flags].sort());
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Codes about what whole fields mean (framing.ts): judged when the field
 * section is complete, so a client cannot hold a slot with them for longer
 * than maxHeaderBytes takes. llhttp judges Content-Length and
 * Transfer-Encoding at the offending byte.
 */
const JUDGED_AT_SECTION_END = new Set([
  "INVALID_CONTENT_LENGTH", "CONTENT_LENGTH_OVERFLOW", "DUPLICATE_CONTENT_LENGTH",
  "TE_WITH_CONTENT_LENGTH", "TE_NOT_CHUNKED", "INVALID_TRAILER",
]);

/** Index of the first CRLF CRLF at or after `from`, or -1. */
function indexOfBlankLine(input: Uint8Array, from: number): number {
  for (let i = from; i + 3 < input.length; i++) {
    if (input[i] === 13 && input[i + 1] === 10 && input[i + 2] === 13 && input[i + 3] === 10) return i;
  }
  return -1;
}

const FOLLOWING_GET = bytes("GET /next HTTP/1.1\r\nHost: n\r\n\r\n");
const cases = loadCases();

describe("parser cases", () => {
  it("has cases for every rejection code the parser produces", () => {
    const codes = new Set(cases.filter((c) => c.error).map((c) => c.error));
    expect(FROM_BYTES.filter((name) => !codes.has(name)), "codes without a case").toEqual([]);
  });

  for (const c of cases) {
    describe(`${c.file}: ${c.name}`, () => {
      const core = () => coreFor(c.limits);

      it("whole", () => checkExpected(c, parseAtEnd(core(), c.input)));

      it("split in two at every point, and one byte at a time", () => {
        const whole = verdictOf(parseAtEnd(core(), c.input));
        for (let k = 1; k < c.input.length; k++) {
          expect(verdictOf(parseAtEnd(core(), c.input, [k, c.input.length - k])), `split at ${k}`).toEqual(whole);
        }
        expect(verdictOf(parseAtEnd(core(), c.input, Array(c.input.length).fill(1))), "bytewise").toEqual(whole);
      });

      it("pipelined with itself and with a following GET", () => {
        const first = parseAtEnd(core(), c.input);
        if (first.result < 0) {
          // A rejected message stays rejected whatever follows it.
          expect(verdictOf(parseAtEnd(core(), concat(c.input, FOLLOWING_GET)))).toEqual(verdictOf(first));
          return;
        }
        if (first.result === 0) return; // incomplete: what follows would be part of it
        const message = c.input.subarray(0, first.result);
        if (first.flags & Flag.UPGRADE) return; // the rest of the stream is another protocol
        for (const next of [message, FOLLOWING_GET]) {
          const both = concat(message, next);
          const a = parseAtEnd(core(), both);
          expect(verdictOf(a)).toEqual(verdictOf(first));
          const b = parseAtEnd(core(), both.subarray(a.result));
          expect(b.result, "second message length").toBe(next.length);
        }
      });

      it("rejects as soon as the bytes show the error, with the whole input's verdict", () => {
        const whole = parseAtEnd(core(), c.input);
        const first = firstRejection(core(), c.input);
        if (whole.result >= 0) {
          expect(first.length, "no prefix is rejected").toBeNull();
          return;
        }
        expect(first.length, "some prefix is rejected").not.toBeNull();
        const k = first.length!;
        expect(verdictOf(first.request), `fed bytewise, rejected after ${k} bytes`).toEqual(verdictOf(whole));
        expect(verdictOf(parseAtEnd(core(), c.input.subarray(0, k))), `the ${k}-byte prefix in one call`).toEqual(verdictOf(whole));
        if (k > 1) expect(parseAtEnd(core(), c.input.subarray(0, k - 1)).result, `the ${k - 1}-byte prefix in one call`).toBe(0);
        if (JUDGED_AT_SECTION_END.has(c.error!)) {
          // Not before the blank line ending the field section that holds the error.
          const sectionEnd = indexOfBlankLine(c.input, Math.max(0, whole.errorOffset - 4)) + 4;
          expect(k, "rejected once the field section is complete").toBe(Math.max(sectionEnd, whole.errorOffset));
          return;
        }
        const theirs = llhttpMessages(c.input);
        if (theirs.errorAt === null) return;
        if (c.llhttpEarlier) expect(k, `llhttp rejects earlier (case says so: ${c.llhttpEarlier})`).toBeGreaterThan(theirs.errorAt);
        else expect(k, `bytes seen when rejecting; llhttp: ${theirs.error} after ${theirs.errorAt}`).toBeLessThanOrEqual(theirs.errorAt);
      });

      it("agrees with Node's llhttp", () => {
        const ours = parseAtEnd(core(), c.input);
        const theirs = llhttpMessages(c.input);
        if (ours.result > 0) {
          const end = theirs.upgradeAt ?? theirs.ends[0];
          expect(end, `llhttp: ${theirs.error}`).toBe(ours.result);
          expect(theirs.error === null || theirs.ends.length > 0 && theirs.ends[0] === ours.result).toBe(true);
        } else if (ours.result < 0) {
          if (c.llhttpAccepts) expect(theirs.error, "llhttp accepts (case says so)").toBeNull();
          else expect(theirs.error, "llhttp rejects too").not.toBeNull();
        }
      });
    });
  }
});
