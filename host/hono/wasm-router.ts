/**
 * A Hono router backed by the WASM router core (assembly/router/).
 *
 * Each WasmRouter owns one core instance (~150 KB of memory, one pool slot
 * whose arena holds the path and the match table). Routes are registered
 * through routeAdd; the first match freezes the table, like Hono's
 * RegExpRouter (adding later throws MESSAGE_MATCHER_IS_ALREADY_BUILT).
 * Semantics are Hono's TrieRouter's; results use Hono's stash form
 * `[[handler, paramIndexMap][], stash]`, params raw (Hono decodes them lazily).
 *
 * Results are shared between requests where Hono's RegExpRouter shares them
 * too: a registered static path's result is built once per method, and the
 * `[handler, paramIndexMap]` pairs are built once per route and stash layout.
 * Callers must treat results as read-only (Hono does).
 *
 * A path the core cannot take (longer than its path buffer, more than 256
 * segments, or more matches than its result table holds) is answered by
 * Hono's own TrieRouter, built on first need from the same routes: such paths
 * match exactly as they do in Hono, they never throw.
 *
 * This file is runtime-free: the entry points (./index.ts for Node,
 * ./worker.ts for Workers) say where the default core module comes from.
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   const app = new Hono({ router: new WasmRouter() });
 *   app.get("/users/:id", (c) => c.text(c.req.param("id")));
 *
 *   // or with a core module you already hold (e.g. `import core from "asedge/wasm"` on Workers)
 *   new WasmRouter(core);
 */
import type { ParamIndexMap, Result, Router } from "hono/router";
import { MESSAGE_MATCHER_IS_ALREADY_BUILT, UnsupportedPathError } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import type { CoreExports, RouteErrorName } from "../core/abi.js";
import { METHODS, ROUTE_ERRORS, ROUTE_METHOD_ALL, RouteError, ROUTER_SCRATCH_BYTES } from "../core/abi.js";
import { firstParam, firstRecord, nextParam, nextRecord, paramCount, paramLength, paramOffset, routeId, tableAt } from "../core/match-table.js";
import { Core } from "../core/core.js";
import { instantiateCoreModule, platformCoreModule } from "../core/registry.js";

/** Hono method name → core method id. HEAD routes by name: Hono's app turns
 * HEAD requests into GET before routing, so the router itself never falls
 * back, and by name it keeps Hono's router semantics. */
const METHOD_IDS: ReadonlyMap<string, number> = new Map([
  ...Object.entries(METHODS).filter(([, name]) => name !== "HEAD").map(([id, name]) => [name, Number(id)] as const),
  ["ALL", ROUTE_METHOD_ALL],
]);

/** Bytes before the path in the region, for a method routed by name. */
const METHOD_NAME_ROOM = 256;
/**
 * Up to this many characters a path is copied by a JS loop (≈ 1.8 ns a
 * character on Node 20), longer ones by TextEncoder.encodeInto (≈ 35 ns flat).
 */
const SHORT_PATH = 24;
const GET = METHOD_IDS.get("GET")!;
const POST = METHOD_IDS.get("POST")!;

/** The core method id of a request method, 0 for one routed by name. */
function methodId(method: string): number {
  // The common methods first: two string compares cost less than a Map lookup.
  if (method === "GET") return GET;
  if (method === "POST") return POST;
  return METHOD_IDS.get(method) ?? 0;
}

const EMPTY_MAP: ParamIndexMap = Object.create(null);
const NO_STASH: string[] = [];
const NO_MATCH: Result<never> = [[], NO_STASH];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Pair<T> = [T, ParamIndexMap];

/** One route matched with a given stash layout, and the result parts that can be shared. */
class Hit<T> {
  readonly pair: Pair<T>;
  /** [pair]: the match list when it is the only match. */
  readonly alone: Pair<T>[];
  /** [alone, no stash]: the whole result when it is the only match and has no params. */
  readonly result: Result<T>;
  constructor(handler: T, map: ParamIndexMap) {
    this.pair = [handler, map];
    this.alone = [this.pair];
    this.result = [this.alone, NO_STASH];
  }
}

/** Start of the message of a RouteRejectedError. */
export const MESSAGE_ROUTE_REJECTED = "WasmRouter: route rejected";

/**
 * Thrown by add() for a route the core refuses; `code` names the RouteError
 * (assembly/router/errors.ts), e.g. "BAD_REGEX" where Hono throws a
 * SyntaxError. An unsupported regex feature throws Hono's UnsupportedPathError
 * instead, so a SmartRouter can fall back to another router.
 */
export class RouteRejectedError extends Error {
  readonly code: RouteErrorName;
  constructor(code: number, method: string, path: string) {
    const [name, reason] = ROUTE_ERRORS[code];
    super(`${MESSAGE_ROUTE_REJECTED}: ${reason} (${name}) (${method} ${path})`);
    this.name = "RouteRejectedError";
    this.code = name;
  }
}

/** A core that only routes: one slot, no bodies, no pool growth. */
const ROUTER_ONLY = { maxBodyBytes: 1, slots: 1, largeSlots: 1, maxSlots: 1, maxLargeSlots: 1 } as const;

/** The core a WasmRouter runs on: the compiled asedge .wasm, or a fresh instance of it used by this router alone. */
export type WasmRouterCore = WebAssembly.Module | WebAssembly.Instance;

export class WasmRouter<T> implements Router<T> {
  readonly name = "WasmRouter";
  readonly #core: CoreExports;
  /** Registered routes by core route id (also what the fallback router is built from). */
  readonly #routes: [method: string, path: string, handler: T][] = [];
  /** Param names per route id, in the core's nameIndex order. */
  readonly #names: string[][] = [];
  /** Per route id: its hits by stash layout (see #hit), built on first use. */
  readonly #hits: Hit<T>[][] = [];
  /** Static paths → results by method id, filled on first match. */
  readonly #staticResults = new Map<string, Result<T>[]>();
  /** Lengths of those paths (index = length, up to the longest pattern): most other paths skip the Map. */
  readonly #staticLengths = new Uint8Array(ROUTER_SCRATCH_BYTES);
  readonly #region: number;
  readonly #pathPtr: number;
  readonly #pathCap: number;
  readonly #out: number;
  readonly #outCap: number;
  #frozen = false;
  #fallback: TrieRouter<T> | undefined;
  #u8: Uint8Array;
  #u32: Uint32Array;
  #path: Uint8Array;

  /**
   * @param core the compiled core (default: the platform's, see ./index.ts
   *   and ./worker.ts), or a fresh instance of it that nothing else uses.
   */
  constructor(core: WasmRouterCore = platformCoreModule()) {
    const exports = core instanceof WebAssembly.Module ? instantiateCoreModule(core) : core.exports as unknown as CoreExports;
    // One small slot: this instance never parses requests, it only routes.
    // Its arena: method name | path (a quarter) | match table (the rest).
    this.#core = new Core(exports, ROUTER_ONLY).exports;
    const slot = this.#core.acquire();
    this.#region = this.#core.slotInput(slot);
    const cap = this.#core.slotInputCap(slot);
    this.#pathPtr = this.#region + METHOD_NAME_ROOM;
    this.#pathCap = (cap >>> 2) - METHOD_NAME_ROOM;
    this.#out = (this.#pathPtr + this.#pathCap + 3) & ~3;
    this.#outCap = this.#region + cap - this.#out;
    this.#core.routerSetFlags(0); // Hono has already decoded the path (getPath)
    [this.#u8, this.#u32, this.#path] = this.#views();
  }

  add(method: string, path: string, handler: T): void {
    if (this.#frozen) throw new Error(MESSAGE_MATCHER_IS_ALREADY_BUILT);
    const core = this.#core;
    const scratch = core.routerScratch();
    const id = methodId(method);
    const methodLen = id === 0 ? this.#writeUtf8(method, scratch, METHOD_NAME_ROOM) : 0;
    if (methodLen < 0) throw new RouteRejectedError(RouteError.INVALID_METHOD, method, path);
    const patternPtr = scratch + METHOD_NAME_ROOM;
    const patternLen = this.#writeUtf8(path, patternPtr, ROUTER_SCRATCH_BYTES - METHOD_NAME_ROOM);
    if (patternLen < 0) throw new RouteRejectedError(RouteError.INVALID_PATTERN, method, path);
    const routeId = core.routeAdd(id, scratch, methodLen, patternPtr, patternLen);
    if (routeId < 0) {
      if (-routeId === RouteError.UNSUPPORTED_REGEX) throw new UnsupportedPathError(path);
      throw new RouteRejectedError(-routeId, method, path);
    }
    const names: string[] = [];
    for (let k = 0, n = core.routeParamCount(routeId); k < n; k++) {
      const len = core.routeParamName(routeId, k);
      names.push(decoder.decode(this.#views()[0].subarray(scratch, scratch + len)));
    }
    this.#routes[routeId] = [method, path, handler];
    this.#names[routeId] = names;
    this.#hits[routeId] = [];
    // No param or wildcard syntax: the path itself is the only request it
    // matches statically. (Any bounded key set would be correct: a frozen
    // table's result depends on the method and path alone.)
    if (!/[:*]/.test(path)) {
      this.#staticResults.set(path, []);
      this.#staticLengths[path.length] = 1;
    }
  }

  match(method: string, path: string): Result<T> {
    if (!this.#frozen) this.#freeze();
    const id = methodId(method);
    const byMethod = this.#staticLengths[path.length] === 1 ? this.#staticResults.get(path) : undefined;
    if (byMethod !== undefined && id !== 0) return (byMethod[id] ??= this.#matchInCore(id, method, path));
    return this.#matchInCore(id, method, path);
  }

  #matchInCore(id: number, method: string, path: string): Result<T> {
    if (this.#u8.length === 0) [this.#u8, this.#u32, this.#path] = this.#views(); // memory grew
    let methodLen = 0;
    if (id === 0) {
      const { read, written } = encoder.encodeInto(method, this.#u8.subarray(this.#region, this.#pathPtr));
      if (read !== method.length) return this.#fallbackMatch(method, path);
      methodLen = written;
    }
    // Short paths by a JS loop (cheaper than a native call); the OR of the
    // characters tells whether the path was ASCII, i.e. bytes = characters.
    const length = path.length;
    let pathLen = length;
    let bits = 0;
    if (length <= SHORT_PATH) {
      const view = this.#path;
      for (let i = 0; i < length; i++) {
        const c = path.charCodeAt(i);
        view[i] = c;
        bits |= c;
      }
    }
    if (length > SHORT_PATH || bits > 0x7f) {
      const { read, written } = encoder.encodeInto(path, this.#path);
      if (read !== length) return this.#fallbackMatch(method, path);
      pathLen = written;
    }
    const n = this.#core.routeMatch(id, this.#region, methodLen, this.#pathPtr, pathLen, this.#out, this.#outCap);
    if (n <= 0) {
      if (n === 0) return NO_MATCH;
      if (n === -RouteError.PATH_TOO_DEEP || n === -RouteError.RESULT_TOO_LARGE) return this.#fallbackMatch(method, path);
      throw new Error(`WasmRouter: ${ROUTE_ERRORS[-n]?.[1] ?? n} (${method} ${path})`);
    }
    const u32 = this.#u32;
    const ascii = pathLen === length;
    const first = firstRecord(tableAt(this.#out));
    if (n === 1) {
      const count = paramCount(u32, first);
      const hit = this.#hit(routeId(u32, first), 0, count);
      return count === 0 ? hit.result : [hit.alone, this.#stash(path, ascii, firstParam(first), count, new Array(count), 0)];
    }
    // Records are variable-sized (../core/match-table.ts): size the stash first.
    let params = 0;
    for (let i = 0, w = first; i < n; i++, w = nextRecord(u32, w)) params += paramCount(u32, w);
    const matches: Pair<T>[] = new Array(n);
    const stash: string[] = params === 0 ? NO_STASH : new Array(params);
    for (let i = 0, w = first, at = 0; i < n; i++) {
      const count = paramCount(u32, w);
      matches[i] = this.#hit(routeId(u32, w), at, count).pair;
      if (count > 0) this.#stash(path, ascii, firstParam(w), count, stash, at);
      w = nextRecord(u32, w);
      at += count;
    }
    return [matches, stash];
  }

  /** A route's hit with its first `count` param names at stash base `at`. */
  #hit(route: number, at: number, count: number): Hit<T> {
    const key = count === 0 ? 0 : at * 64 + count; // count ≤ ROUTE_MAX_PARAMS < 64
    const hits = this.#hits[route];
    let hit = hits[key];
    if (hit === undefined) {
      let map = EMPTY_MAP;
      if (count > 0) {
        map = Object.create(null) as ParamIndexMap;
        const names = this.#names[route];
        for (let k = 0; k < count; k++) map[names[k]] = at + k;
      }
      hit = hits[key] = new Hit(this.#routes[route][2], map);
    }
    return hit;
  }

  /** Write the values of `count` param records (from word `w`) into `stash` from index `at`. */
  #stash(path: string, ascii: boolean, w: number, count: number, stash: string[], at: number): string[] {
    const u32 = this.#u32;
    for (let k = 0; k < count; k++, w = nextParam(w)) {
      const off = paramOffset(u32, w);
      const len = paramLength(u32, w);
      // Spans are byte offsets into the path: an ASCII path's bytes are its characters.
      stash[at++] = ascii ? path.slice(off, off + len) : decoder.decode(this.#path.subarray(off, off + len));
    }
    return stash;
  }

  /** Hono's TrieRouter on the same routes, for paths the core cannot take. */
  #fallbackMatch(method: string, path: string): Result<T> {
    if (this.#fallback === undefined) {
      this.#fallback = new TrieRouter<T>();
      for (const [m, p, handler] of this.#routes) this.#fallback.add(m, p, handler);
    }
    return this.#fallback.match(method, path);
  }

  /** Freeze the core's table (which may grow memory) before the first match. */
  #freeze(): void {
    this.#frozen = true;
    this.#core.routeMatch(GET, 0, 0, this.#pathPtr, 0, this.#out, this.#outCap);
    [this.#u8, this.#u32, this.#path] = this.#views();
  }

  /** Views on the current memory buffer (a grow detaches the old one, leaving zero-length views). */
  #views(): [Uint8Array, Uint32Array, Uint8Array] {
    const buffer = this.#core.memory.buffer;
    return [new Uint8Array(buffer), new Uint32Array(buffer), new Uint8Array(buffer, this.#pathPtr, this.#pathCap)];
  }

  /** Write `text` as UTF-8 at `at`: its length in bytes, or -1 when it does not fit in `cap`. */
  #writeUtf8(text: string, at: number, cap: number): number {
    const { read, written } = encoder.encodeInto(text, this.#views()[0].subarray(at, at + cap));
    return read === text.length ? written : -1;
  }
}
