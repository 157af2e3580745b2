// Differential: for generated route tables and paths, WasmRouter returns what
// Hono's own routers return — the same handlers, in the same order, with the
// same params. TrieRouter is the reference for the whole pattern grammar
// (it passes every Hono case); RegExpRouter for the grammar it supports.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Router } from "hono/router";
import { UnsupportedPathError } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { WasmRouter } from "../../host/hono/index.js";
import { flatten } from "./match-result.js";

const METHODS = ["GET", "POST", "ALL"] as const;
const WORDS = ["a", "b", "ab", "abc", "1", "12", "x-y"];

const staticPart = fc.constantFrom(...WORDS);
const plainParam = fc.constantFrom(":p", ":q", ":id");
const regexParam = fc.constantFrom(":n{[a-z]+}", ":d{[0-9]+}", ":w{(?:a|ab)c?}", ":t{[^/]+}", ":e{\\d{1,2}}");

/** Parts of a pattern in the full grammar: static, params, regex params, `*`, `x*` and `:o?` at the end. */
const fullPattern = fc.tuple(
  fc.array(fc.oneof({ weight: 4, arbitrary: staticPart }, { weight: 2, arbitrary: plainParam },
    { weight: 1, arbitrary: regexParam }, { weight: 1, arbitrary: fc.constant("*") }), { minLength: 0, maxLength: 4 }),
  fc.constantFrom("", "", "/*", "/:o?", "/a*", "/:p?/:r?"),
).map(([parts, tail]) => "/" + parts.join("/") + tail)
  .map((p) => (p.startsWith("//") ? p.slice(1) : p));

/** The grammar both Hono routers agree on: static, distinct plain params, a trailing `*`. */
const commonPattern = fc.tuple(
  fc.array(fc.oneof({ weight: 3, arbitrary: staticPart }, { weight: 1, arbitrary: fc.constant(":p") }), { minLength: 0, maxLength: 4 }),
  fc.constantFrom("", "", "/*"),
).map(([parts, tail]) => {
  let n = 0;
  return "/" + parts.map((p) => (p === ":p" ? `:p${n++}` : p)).join("/") + tail;
}).map((p) => (p.startsWith("//") ? p.slice(1) : p));

const route = (pattern: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom(...METHODS), pattern);
const path = fc.array(fc.constantFrom(...WORDS, ""), { minLength: 0, maxLength: 5 }).map((s) => "/" + s.join("/"));
const requestMethod = fc.constantFrom("GET", "POST", "PUT");

function load(router: Router<string>, routes: [string, string][]): Router<string> {
  routes.forEach(([method, pattern], i) => router.add(method, pattern, `${i} ${method} ${pattern}`));
  return router;
}

describe("WasmRouter agrees with Hono's routers", () => {
  it("TrieRouter, full pattern grammar", () => {
    fc.assert(fc.property(
      fc.array(route(fullPattern), { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(requestMethod, path), { minLength: 1, maxLength: 12 }),
      (routes, requests) => {
        const wasm = load(new WasmRouter(), routes);
        const trie = load(new TrieRouter(), routes);
        for (const [method, p] of requests) {
          expect(flatten(wasm.match(method, p)), `${method} ${p}`).toEqual(flatten(trie.match(method, p)));
        }
      },
    ), { numRuns: 1000 });
  });

  it("RegExpRouter, the grammar it supports", () => {
    let compared = 0;
    fc.assert(fc.property(
      fc.array(route(commonPattern), { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(requestMethod, path), { minLength: 1, maxLength: 12 }),
      (routes, requests) => {
        let expected;
        try {
          const regexp = load(new RegExpRouter(), routes);
          expected = requests.map(([method, p]) => flatten(regexp.match(method, p)));
        } catch (e) {
          if (e instanceof UnsupportedPathError) return; // a table RegExpRouter refuses
          throw e;
        }
        const wasm = load(new WasmRouter(), routes);
        requests.forEach(([method, p], i) => {
          expect(flatten(wasm.match(method, p)), `${method} ${p}`).toEqual(expected[i]);
        });
        compared++;
      },
    ), { numRuns: 1000 });
    expect(compared).toBeGreaterThan(250); // RegExpRouter refuses some tables (ambiguous params)
  });
});
