// Requests beyond what the WASM core takes in one call — paths longer than its
// path buffer, deeper than its segment limit, more matches than its result
// table, long method names — match exactly as in Hono (its TrieRouter is the
// reference), never throw. Paths are tried on both sides of each limit.
import { describe, expect, it } from "vitest";
import type { Router } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import { WasmRouter } from "../../host/hono/index.js";
import { flatten } from "./match-result.js";

/** The core's arena is 64 KiB; a quarter, less 256 bytes for a method name, holds the path. */
const PATH_BUFFER = 16 * 1024 - 256;
const MAX_PATH_SEGMENTS = 256;

const ROUTES: [string, string][] = [
  ["GET", "/static/*"], ["GET", "/users/:id"], ["GET", "/users/:id/posts"], ["ALL", "*"],
  ["GET", "/deep/*/end"], ["PURGE", "/cache/:key"], ["GET", "/:a/:b/:c"],
];

function load(router: Router<string>): Router<string> {
  ROUTES.forEach(([method, path]) => router.add(method, path, `${method} ${path}`));
  return router;
}

describe("WasmRouter beyond the core's limits", () => {
  const wasm = load(new WasmRouter());
  const trie = load(new TrieRouter());
  const same = (method: string, path: string) =>
    expect(flatten(wasm.match(method, path)), `${method} ${path.slice(0, 40)}… (${path.length})`)
      .toEqual(flatten(trie.match(method, path)));

  it("matches paths around and far beyond the path buffer, ASCII or not", () => {
    for (const length of [PATH_BUFFER - 1, PATH_BUFFER, PATH_BUFFER + 1, 64 * 1024, 1024 * 1024]) {
      const id = "x".repeat(length - "/users/".length);
      same("GET", `/users/${id}`);
      same("GET", `/users/${id}/posts`);
      same("GET", `/static/${id}`);
      same("POST", `/nothing/${id}`);
      // é is two UTF-8 bytes, 🙂 four: the byte length crosses the buffer before the character count does.
      same("GET", `/users/${"é".repeat(length / 2)}`);
      same("GET", `/users/${"🙂".repeat(length / 4)}/posts`);
    }
    const [first] = flatten(wasm.match("GET", `/users/${"a".repeat(100_000)}`));
    expect(first[0]).toBe("GET /users/:id");
    expect(first[1].id).toBe("a".repeat(100_000));
  });

  it("matches paths with more segments than the core scans", () => {
    for (const segments of [MAX_PATH_SEGMENTS - 1, MAX_PATH_SEGMENTS, MAX_PATH_SEGMENTS + 1, 5000]) {
      const rest = Array.from({ length: segments - 2 }, (_, i) => `s${i}`).join("/");
      same("GET", `/static/${rest}`);
      same("GET", `/deep/${rest}`);
      same("GET", `/x/y/${"/".repeat(segments)}`);
    }
    expect(wasm.match("GET", `/static${"/a".repeat(1000)}`)[0].length).toBe(2); // /static/* and *
  });

  it("returns more matches than the core's result table holds", () => {
    for (const count of [255, 256, 257, 600]) {
      const wasmMany = new WasmRouter<number>();
      const trieMany = new TrieRouter<number>();
      for (let i = 0; i < count; i++) {
        wasmMany.add("ALL", i % 2 ? "*" : "/:p/*", i);
        trieMany.add("ALL", i % 2 ? "*" : "/:p/*", i);
      }
      const result = wasmMany.match("GET", "/a/b");
      expect(result[0].length).toBe(count);
      expect(result[0].map(([handler]) => handler)).toEqual(trieMany.match("GET", "/a/b")[0].map(([handler]) => handler));
    }
  });

  it("takes method names longer than the core's method buffer", () => {
    for (const method of ["PURGE", "X".repeat(255), "X".repeat(256), "X".repeat(300), "É".repeat(200)]) {
      same(method, "/cache/k");
      same(method, "/nothing");
    }
  });
});
