// Hono's common router cases through the WASM router adapter. The same data
// also runs on Hono's TrieRouter, which passes all of them upstream: that
// checks the restatement, not the adapter. The adapter skips no case.
import { describe, expect, it } from "vitest";
import type { Router } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import { WasmRouter } from "../../host/hono/index.js";
import { HONO_CASES, type Case } from "./hono-cases.js";
import { flatten } from "./match-result.js";

function run(router: Router<string>, c: Case) {
  for (const [method, path, handler] of c.routes) router.add(method, path, handler);
  for (const [method, path, hits] of c.requests) {
    const expected = hits.map(([handler, params]) => [handler, params ?? {}]);
    expect(flatten(router.match(method, path)), `${method} ${path}`).toEqual(expected);
  }
}

describe("Hono common router cases", () => {
  describe.each([
    ["WasmRouter", () => new WasmRouter<string>()],
    ["TrieRouter (checks the case data)", () => new TrieRouter<string>()],
  ] as const)("%s", (_, newRouter) => {
    for (const c of HONO_CASES) {
      it(c.name, () => run(newRouter(), c));
    }
  });
});
