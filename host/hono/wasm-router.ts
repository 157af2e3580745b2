/**
 * A Hono router backed by the WASM router core (assembly/router/).
 *
 * Each WasmRouter owns one core instance (instantiateCore(): ~150 KB of
 * memory, one pool slot whose arena holds the path and the match table).
 * Routes are registered through routeAdd; the first match freezes the table,
 * like Hono's RegExpRouter (adding later throws MESSAGE_MATCHER_IS_ALREADY_BUILT).
 * Semantics are Hono's TrieRouter's; results use Hono's stash form
 * `[[handler, paramIndexMap][], stash]`, params raw (Hono decodes them lazily).
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   const app = new Hono({ router: new WasmRouter() });
 *   app.get("/users/:id", (c) => c.text(c.req.param("id")));
 */
import type { ParamIndexMap, Result, Router } from "hono/router";
import { MESSAGE_MATCHER_IS_ALREADY_BUILT, UnsupportedPathError } from "hono/router";
import type { CoreExports } from "../abi.js";
import { METHODS, ROUTE_ERRORS, ROUTE_MATCH, ROUTE_METHOD_ALL, RouteError, ROUTER_SCRATCH_BYTES } from "../abi.js";
import { instantiateCore } from "../wasm.js";

/** Hono method name → core method id. HEAD routes by name: Hono's app turns
 * HEAD requests into GET before routing, so the router itself never falls
 * back, and by name it keeps Hono's router semantics. */
const METHOD_IDS: ReadonlyMap<string, number> = new Map([
  ...Object.entries(METHODS).filter(([, name]) => name !== "HEAD").map(([id, name]) => [name, Number(id)] as const),
  ["ALL", ROUTE_METHOD_ALL],
]);

const EMPTY_MAP: ParamIndexMap = Object.create(null);
const NO_STASH: string[] = [];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown when a route cannot be registered (the core's RouteError reason). */
export const MESSAGE_ROUTE_REJECTED = "WasmRouter: route rejected";

export class WasmRouter<T> implements Router<T> {
  readonly name = "WasmRouter";
  readonly #core: CoreExports;
  readonly #handlers: T[] = [];
  /** Param names per route id, in the core's nameIndex order. */
  readonly #names: string[][] = [];
  /** ParamIndexMap per (route, stash base, count), built once. */
  readonly #maps = new Map<number, ParamIndexMap>();
  readonly #region: number;
  readonly #pathCap: number;
  readonly #out: number;
  readonly #outCap: number;
  #frozen = false;
  #u8: Uint8Array;
  #u32: Uint32Array;

  constructor() {
    const core = (this.#core = instantiateCore());
    // One small slot: this instance never parses requests, it only routes.
    core.configure(0, 0, 0, 1, 1, 0, 1);
    const slot = core.acquire();
    this.#region = core.slotInput(slot);
    const cap = core.slotInputCap(slot);
    this.#pathCap = cap >>> 2;
    this.#out = (this.#region + this.#pathCap + 3) & ~3;
    this.#outCap = this.#region + cap - this.#out;
    core.routerSetFlags(0); // Hono has already decoded the path (getPath)
    this.#u8 = new Uint8Array(core.memory.buffer);
    this.#u32 = new Uint32Array(core.memory.buffer);
  }

  add(method: string, path: string, handler: T): void {
    if (this.#frozen) throw new Error(MESSAGE_MATCHER_IS_ALREADY_BUILT);
    const core = this.#core;
    const scratch = core.routerScratch();
    const id = METHOD_IDS.get(method) ?? 0;
    const methodLen = id === 0 ? this.#writeUtf8(method, scratch, 256) : 0;
    const patternPtr = scratch + 256;
    const patternLen = this.#writeUtf8(path, patternPtr, ROUTER_SCRATCH_BYTES - 256);
    const routeId = core.routeAdd(id, scratch, methodLen, patternPtr, patternLen);
    if (routeId < 0) {
      if (-routeId === RouteError.UNSUPPORTED_REGEX) throw new UnsupportedPathError(path);
      throw new Error(`${MESSAGE_ROUTE_REJECTED}: ${ROUTE_ERRORS[-routeId]?.[1] ?? routeId} (${method} ${path})`);
    }
    const names: string[] = [];
    for (let k = 0, n = core.routeParamCount(routeId); k < n; k++) {
      const len = core.routeParamName(routeId, k);
      names.push(decoder.decode(this.#bytes().subarray(scratch, scratch + len)));
    }
    this.#handlers[routeId] = handler;
    this.#names[routeId] = names;
  }

  match(method: string, path: string): Result<T> {
    this.#frozen = true;
    const core = this.#core;
    const u8 = this.#bytes();
    const region = this.#region;
    let id = METHOD_IDS.get(method);
    let methodLen = 0;
    let pathPtr = region;
    if (id === undefined) {
      id = 0;
      methodLen = this.#writeUtf8(method, region, 256);
      pathPtr = region + 256;
    }
    // ASCII fast path; anything else through TextEncoder (spans are bytes).
    let ascii = path.length <= this.#pathCap - 256;
    for (let i = 0; ascii && i < path.length; i++) {
      const c = path.charCodeAt(i);
      if (c > 0x7f) ascii = false;
      else u8[pathPtr + i] = c;
    }
    const pathLen = ascii ? path.length : this.#writeUtf8(path, pathPtr, this.#pathCap - 256);
    const n = core.routeMatch(id, region, methodLen, pathPtr, pathLen, this.#out, this.#outCap);
    this.#bytes(); // the first match freezes the table, which may grow memory
    if (n <= 0) {
      if (n === 0 || n === -RouteError.PATH_TOO_DEEP) return [[], NO_STASH];
      throw new Error(`WasmRouter: ${ROUTE_ERRORS[-n]?.[1] ?? n} (${method} ${path})`);
    }
    const u32 = this.#u32;
    const matches: [T, ParamIndexMap][] = new Array(n);
    const stash: string[] = [];
    let w = (this.#out + ROUTE_MATCH.HEADER_SIZE) >>> 2;
    const base = u32[(this.#out + ROUTE_MATCH.PATH_BASE) >>> 2];
    for (let i = 0; i < n; i++) {
      const routeId = u32[w];
      const count = u32[w + 1];
      w += 2;
      if (count === 0) {
        matches[i] = [this.#handlers[routeId], EMPTY_MAP];
        continue;
      }
      const at = stash.length;
      for (let k = 0; k < count; k++, w += 3) {
        const off = u32[w + 1];
        const len = u32[w + 2];
        stash.push(ascii ? path.slice(off - (pathPtr - base), off - (pathPtr - base) + len)
          : decoder.decode(this.#u8.subarray(base + off, base + off + len)));
      }
      matches[i] = [this.#handlers[routeId], this.#paramMap(routeId, at, count)];
    }
    return [matches, stash];
  }

  /** {name: stash index} for the first `count` names of a route at stash base `at`. */
  #paramMap(routeId: number, at: number, count: number): ParamIndexMap {
    const key = routeId * 0x100000 + at * 64 + count;
    let map = this.#maps.get(key);
    if (map === undefined) {
      map = Object.create(null) as ParamIndexMap;
      const names = this.#names[routeId];
      for (let k = 0; k < count; k++) map[names[k]] = at + k;
      this.#maps.set(key, map);
    }
    return map;
  }

  /**
   * The memory views, renewed if the memory grew: a grow detaches the old
   * buffer, which shows as a zero-length view (cheaper to test than reading
   * memory.buffer on every match).
   */
  #bytes(): Uint8Array {
    if (this.#u8.length === 0) {
      const buffer = this.#core.memory.buffer;
      this.#u8 = new Uint8Array(buffer);
      this.#u32 = new Uint32Array(buffer);
    }
    return this.#u8;
  }

  #writeUtf8(text: string, at: number, cap: number): number {
    const { read, written } = encoder.encodeInto(text, this.#bytes().subarray(at, at + cap));
    if (read !== text.length) throw new Error(`WasmRouter: ${text.length} characters do not fit in ${cap} bytes`);
    return written;
  }
}
