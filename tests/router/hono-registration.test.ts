// What registering a pattern does, next to what Hono does. Hono's routers
// accept a repeated param name (the first value wins) and read a label that is
// not a well-formed param as static text; they throw only for an invalid
// regular expression. WasmRouter does the same, and where it refuses a route
// the error names the core's RouteError code.
import { describe, expect, it } from "vitest";
import type { Router } from "hono/router";
import { UnsupportedPathError } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { RouteRejectedError, WasmRouter } from "../../host/hono/index.js";
import { flatten } from "./match-result.js";

const ACCEPTED: [pattern: string, paths: string[]][] = [
  ["/a/:id/:id", ["/a/1/2", "/a/1", "/a/1/2/3"]],
  ["/users/:", ["/users/:", "/users/x", "/users/"]],
  ["/a/:id{", ["/a/:id{", "/a/x"]],
  ["/a/:{x}", ["/a/:{x}", "/a/x"]],
  ["/a/:id{}", ["/a/:id{}", "/a/x"]],
  ["/a/:id}", ["/a/:id}", "/a/x"]],
];

function matches(router: Router<string>, pattern: string, paths: string[]) {
  router.add("GET", pattern, pattern);
  return paths.map((path) => flatten(router.match("GET", path)));
}

describe("patterns Hono accepts", () => {
  for (const [pattern, paths] of ACCEPTED) {
    it(`${pattern} routes as in TrieRouter and RegExpRouter`, () => {
      const expected = matches(new TrieRouter(), pattern, paths);
      expect(matches(new RegExpRouter(), pattern, paths)).toEqual(expected);
      expect(matches(new WasmRouter(), pattern, paths)).toEqual(expected);
    });
  }

  it("a repeated name is one param, its first value", () => {
    expect(matches(new WasmRouter(), "/a/:id/:id", ["/a/1/2"])).toEqual([[["/a/:id/:id", { id: "1" }]]]);
  });
});

describe("patterns refused", () => {
  it("an invalid regular expression: Hono throws a SyntaxError, WasmRouter a BAD_REGEX error", () => {
    for (const pattern of ["/a/:id{[}", "/a/:id{(}", "/a/:id{a**}", "/a/:id{x)}"]) {
      expect(() => new TrieRouter().add("GET", pattern, "h"), pattern).toThrow(SyntaxError);
      let error: unknown;
      try { new WasmRouter().add("GET", pattern, "h"); } catch (e) { error = e; }
      expect(error, pattern).toBeInstanceOf(RouteRejectedError);
      expect((error as RouteRejectedError).code).toBe("BAD_REGEX");
      expect((error as Error).message).toBe(`WasmRouter: route rejected: invalid regular expression (BAD_REGEX) (GET ${pattern})`);
    }
  });

  it("a regex feature the core does not compile: Hono's UnsupportedPathError", () => {
    expect(() => new WasmRouter().add("GET", "/a/:id{(?!x)y}", "h")).toThrow(UnsupportedPathError);
  });

  it("beyond the core's limits, with the RouteError code", () => {
    const many = Array.from({ length: 33 }, (_, i) => `/:p${i}`).join("");
    expect(() => new WasmRouter().add("GET", many, "h")).toThrow(expect.objectContaining({ code: "TOO_MANY_PARAMS" }));
    const deep = "/s".repeat(129);
    expect(() => new WasmRouter().add("GET", deep, "h")).toThrow(expect.objectContaining({ code: "TOO_MANY_SEGMENTS" }));
    expect(() => new WasmRouter().add("GET", "", "h")).toThrow(expect.objectContaining({ code: "INVALID_PATTERN" }));
    for (const length of [4096, 5000]) {
      expect(() => new WasmRouter().add("GET", "/" + "a".repeat(length), "h"), `${length}`)
        .toThrow(expect.objectContaining({ code: "INVALID_PATTERN" }));
    }
    for (const method of ["X".repeat(65), "X".repeat(300)]) {
      expect(() => new WasmRouter().add(method, "/a", "h")).toThrow(expect.objectContaining({ code: "INVALID_METHOD" }));
    }
  });
});
