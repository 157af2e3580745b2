// Accept-Encoding negotiation, the content-type filter and the Vary merge, as tables.
import { describe, expect, it } from "vitest";
import { negotiate, parseAcceptEncoding, type Encoding } from "./negotiate.js";
import { isCompressible } from "./compressible.js";
import { mergeVary } from "./vary.js";

const ALL: Encoding[] = ["br", "gzip", "deflate"];

describe("negotiate", () => {
  // [Accept-Encoding (undefined: no header), offered, chosen]
  const cases: [string | undefined, Encoding[], Encoding | "identity"][] = [
    [undefined, ALL, "identity"],
    ["", ALL, "identity"],
    ["gzip", ALL, "gzip"],
    ["GZip", ALL, "gzip"],
    ["x-gzip", ALL, "gzip"],
    ["deflate", ALL, "deflate"],
    ["br", ALL, "br"],
    ["gzip, deflate, br", ALL, "br"],                  // a tie: the server's order
    ["gzip, deflate, br", ["gzip", "br"], "gzip"],     // the server's order is the option's
    ["gzip;q=1.0, br;q=0.9", ALL, "gzip"],            // the client's q first
    ["br;q=0.5, gzip;q=0.5, deflate;q=0.5", ALL, "br"],
    ["br;q=0, gzip", ALL, "gzip"],                     // q=0: refused
    ["br;q=0, gzip;q=0, deflate;q=0", ALL, "identity"],
    ["*", ALL, "br"],
    ["*;q=0.1, gzip;q=0.5", ALL, "gzip"],
    ["*;q=0.5, br;q=0", ALL, "gzip"],                  // * covers what is not listed only
    ["*;q=0", ALL, "identity"],
    ["identity", ALL, "identity"],
    ["identity;q=0.5, gzip", ALL, "gzip"],
    ["gzip;q=0.5, identity", ALL, "identity"],         // a listed identity with a higher q wins
    ["gzip;q=0.5, identity;q=0.5", ALL, "gzip"],       // a tie with identity goes to the coding
    ["gzip;q=2, deflate", ALL, "deflate"],             // not a qvalue: the member is ignored
    ["gzip;q=0.1234, deflate;q=0.1", ALL, "deflate"],  // four decimals: not a qvalue
    ["gzip;q=, br;q=abc", ALL, "identity"],
    ["gzip ; q=0.8 ; level=1, br;q=0.7", ALL, "gzip"], // OWS and other parameters
    ["compress, zstd", ALL, "identity"],                // nothing we produce
    [" , ,gzip,, ", ALL, "gzip"],                      // empty members
    ["gzip;q=0, gzip;q=1", ALL, "identity"],           // a name listed twice keeps its first q
    ["br, gzip", ["gzip", "deflate"], "gzip"],         // br not offered (e.g. CompressionStream)
  ];
  for (const [header, offered, chosen] of cases) {
    it(`${JSON.stringify(header)} offering ${offered.join(",")} → ${chosen}`, () => {
      expect(negotiate(header, offered)).toBe(chosen);
    });
  }

  it("parses q-values, lower-casing names", () => {
    expect([...parseAcceptEncoding("GZIP;q=0.8, br, *;q=0, identity;Q=0.125")]).toEqual([
      ["gzip", 0.8], ["br", 1], ["*", 0], ["identity", 0.125],
    ]);
  });
});

describe("isCompressible", () => {
  const cases: [string | undefined, boolean][] = [
    ["text/plain; charset=UTF-8", true], ["TEXT/HTML", true], ["text/css", true], ["text/csv", true],
    ["text/event-stream", false], ["text/event-stream; charset=utf-8", false],
    ["application/json", true], ["application/json; charset=utf-8", true], ["application/problem+json", true],
    ["application/vnd.api+json", true], ["application/javascript", true], ["application/xml", true],
    ["application/atom+xml", true], ["application/wasm", true], ["image/svg+xml", true], ["image/x-icon", true],
    ["font/ttf", true], ["application/x-www-form-urlencoded", true],
    ["image/png", false], ["image/jpeg", false], ["image/webp", false], ["video/mp4", false], ["audio/mpeg", false],
    ["application/zip", false], ["application/gzip", false], ["application/octet-stream", false], ["font/woff2", false],
    ["application/pdf", false], [undefined, false], ["", false],
  ];
  for (const [type, expected] of cases) it(`${JSON.stringify(type)} → ${expected}`, () => expect(isCompressible(type)).toBe(expected));
});

describe("mergeVary", () => {
  const cases: [string | undefined, string][] = [
    [undefined, "Accept-Encoding"], ["", "Accept-Encoding"], ["Origin", "Origin, Accept-Encoding"],
    ["origin, accept-encoding", "origin, accept-encoding"], ["Accept-Encoding", "Accept-Encoding"], ["*", "*"], ["Origin, *", "Origin, *"],
  ];
  for (const [existing, merged] of cases) it(`${JSON.stringify(existing)} → ${merged}`, () => expect(mergeVary(existing, "Accept-Encoding")).toBe(merged));
});
