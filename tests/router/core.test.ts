// The router through the raw boundary: mirror constants, error codes, the
// result table layout, HEAD fallback, methods by name, %-decoded paths.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { getPath } from "hono/utils/url";
import {
  METHODS, ROUTE_ERRORS, ROUTE_MAX_MATCHES, ROUTE_MAX_PARAMS, ROUTE_METHOD_ALL,
  ROUTER_SCRATCH_BYTES, RouteError, RouterFlag,
} from "../../host/core/abi.js";
import {
  firstParam, firstRecord, matchCount, nextParam, nextRecord, paramCount, paramLength, paramName, paramOffset, pathBase,
  routeId, tableAt,
} from "../../host/core/match-table.js";
import { instantiateCore } from "../../host/node/core-file.js";
import { coreConstant } from "../support/debug-core.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const ID = Object.fromEntries(Object.entries(METHODS).map(([id, name]) => [name, Number(id)]));

type Match = { route: number; params: [number, string][] };

function makeCore() {
  const core = instantiateCore();
  core.configure(0, 0, 0, 1, 1, 0, 1);
  const region = core.slotInput(core.acquire());
  const out = region + 4096;
  const mem = () => new Uint8Array(core.memory.buffer);
  const put = (at: number, text: string) => { const b = enc.encode(text); mem().set(b, at); return b.length; };
  const scratch = core.routerScratch();
  return {
    core,
    add(method: number | string, pattern: string): number {
      const byName = typeof method === "string";
      const nameLen = byName ? put(scratch, method) : 0;
      const len = put(scratch + 64, pattern);
      return core.routeAdd(byName ? 0 : method, scratch, nameLen, scratch + 64, len);
    },
    match(method: number | string, path: string, outCap = 8192): Match[] | number {
      const byName = typeof method === "string";
      const nameLen = byName ? put(region, method) : 0;
      const len = put(region + 64, path);
      const n = core.routeMatch(byName ? 0 : method, region, nameLen, region + 64, len, out, outCap);
      if (n < 0) return n;
      const u32 = new Uint32Array(core.memory.buffer);
      const table = tableAt(out);
      expect(matchCount(u32, table)).toBe(n);
      const base = pathBase(u32, table);
      const result: Match[] = [];
      for (let i = 0, r = firstRecord(table); i < n; i++, r = nextRecord(u32, r)) {
        const params: [number, string][] = [];
        for (let k = 0, p = firstParam(r); k < paramCount(u32, r); k++, p = nextParam(p)) {
          const at = base + paramOffset(u32, p);
          params.push([paramName(u32, p), dec.decode(mem().subarray(at, at + paramLength(u32, p)))]);
        }
        result.push({ route: routeId(u32, r), params });
      }
      return result;
    },
    paramNames(route: number): string[] {
      const names: string[] = [];
      for (let k = 0; k < core.routeParamCount(route); k++) {
        const len = core.routeParamName(route, k);
        names.push(dec.decode(mem().subarray(scratch, scratch + len)));
      }
      return names;
    },
  };
}

describe("router boundary", () => {
  it("the mirror's constants are the module's", () => {
    const value = coreConstant;
    expect(value("ROUTE_METHOD_ALL")).toBe(ROUTE_METHOD_ALL);
    expect(value("ROUTER_SCRATCH_BYTES")).toBe(ROUTER_SCRATCH_BYTES);
    expect(value("ROUTE_MAX_PARAMS")).toBe(ROUTE_MAX_PARAMS);
    expect(value("ROUTE_MAX_MATCHES")).toBe(ROUTE_MAX_MATCHES);
    expect(value("ROUTER_FLAG_DECODE_PATH")).toBe(RouterFlag.DECODE_PATH);
  });

  it("the mirror's error reasons are the module's", () => {
    const { core } = makeCore();
    const scratch = core.routerScratch();
    ROUTE_ERRORS.forEach(([, reason], code) => {
      const len = core.routeErrorReason(code);
      expect(dec.decode(new Uint8Array(core.memory.buffer, scratch, len))).toBe(reason);
    });
  });

  it("writes route ids and param spans in registration order", () => {
    const r = makeCore();
    expect(r.add(ROUTE_METHOD_ALL, "*")).toBe(0);
    expect(r.add(ID.GET, "/repos/:owner/:repo")).toBe(1);
    expect(r.add(ID.GET, "/repos/:owner/:repo/pulls/:n{[0-9]+}")).toBe(2);
    expect(r.paramNames(2)).toEqual(["owner", "repo", "n"]);
    expect(r.match(ID.GET, "/repos/a/b")).toEqual([
      { route: 0, params: [] }, { route: 1, params: [[0, "a"], [1, "b"]] },
    ]);
    expect(r.match(ID.GET, "/repos/a/b/pulls/12")).toEqual([
      { route: 0, params: [] }, { route: 2, params: [[0, "a"], [1, "b"], [2, "12"]] },
    ]);
    expect(r.match(ID.POST, "/repos/a/b/pulls/x")).toEqual([{ route: 0, params: [] }]);
  });

  it("HEAD falls back to GET routes only when no HEAD route matches", () => {
    const r = makeCore();
    r.add(ID.GET, "/a");
    r.add(ID.GET, "/b/:id");
    r.add(ID.HEAD, "/b/:id");
    r.add(ROUTE_METHOD_ALL, "/a");
    expect(r.match(ID.HEAD, "/a")).toEqual([{ route: 0, params: [] }, { route: 3, params: [] }]);
    expect(r.match(ID.HEAD, "/b/1")).toEqual([{ route: 2, params: [[0, "1"]] }]);
    expect(r.match(ID.HEAD, "/c")).toEqual([]);
  });

  it("routes methods without an id by name, case-sensitively", () => {
    const r = makeCore();
    r.add("BREW", "/pot");
    r.add("brew", "/pot");
    expect(r.match("BREW", "/pot")).toEqual([{ route: 0, params: [] }]);
    expect(r.match("brew", "/pot")).toEqual([{ route: 1, params: [] }]);
    expect(r.match("BREWS", "/pot")).toEqual([]);
    expect(r.match(ID.GET, "/pot")).toEqual([]);
  });

  it("decodes the path like Hono's getPath before matching; spans point into the decoded copy", () => {
    const r = makeCore();
    r.add(ID.GET, "/café");
    r.add(ID.GET, "/u/:name");
    expect(r.match(ID.GET, "/caf%C3%A9")).toEqual([{ route: 0, params: [] }]);
    expect(r.match(ID.GET, "/u/caf%C3%A9")).toEqual([{ route: 1, params: [[0, "café"]] }]);
    // Reserved characters, %25 and invalid UTF-8 stay encoded.
    expect(r.match(ID.GET, "/u/a%2Fb%25%FF")).toEqual([{ route: 1, params: [[0, "a%2Fb%25%FF"]] }]);
    r.core.routerSetFlags(0);
    expect(r.match(ID.GET, "/u/caf%C3%A9")).toEqual([{ route: 1, params: [[0, "caf%C3%A9"]] }]);
  });

  it.each([
    "/%4%410%9F%%41", "/%C3%%41%41", "/%%41%41%E2%9F%A9", "/%%41%41%C3%AC", "/%A9%4%41%C3%82", "/%%41", "/%41%", "/%9F%",
  ])("decodes %s like Hono's getPath (lone '%' cases found by the property below)", (path) => {
    const r = makeCore();
    r.add(ID.GET, "/:rest{[^]*}");
    const hono = getPath(new Request(`http://localhost${path}`));
    expect(r.match(ID.GET, path)).toEqual([{ route: 0, params: [[0, hono.slice(1)]] }]);
  });

  it("decodes paths exactly like Hono's getPath (generated escapes)", () => {
    const r = makeCore();
    r.add(ID.GET, "/:rest{[^]*}");
    const fragment = fc.constantFrom("%41", "%2F", "%25", "%C3", "%A9", "%E2", "%82", "%AC", "%F0", "%9F", "%FF",
      "%", "%4", "a", "Z", "0", "-", "/");
    fc.assert(fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
      const path = "/" + parts.join("");
      const hono = getPath(new Request(`http://localhost${path}`));
      expect(r.match(ID.GET, path), path).toEqual([{ route: 0, params: [[0, hono.slice(1)]] }]);
    }), { numRuns: 5000 });
  });

  it("refuses bad routes with a code, never a trap", () => {
    const r = makeCore();
    expect(r.add(ID.GET, "")).toBe(-RouteError.INVALID_PATTERN);
    expect(r.add(99, "/a")).toBe(-RouteError.INVALID_METHOD);
    expect(r.add(ID.GET, "/:id{[0-9}")).toBe(-RouteError.BAD_REGEX);
    expect(r.add(ID.GET, "/:id{a{3,1}}")).toBe(-RouteError.BAD_REGEX);
    expect(r.add(ID.GET, "/:id{(?=a)b}")).toBe(-RouteError.UNSUPPORTED_REGEX);
    expect(r.add(ID.GET, "/:id{(a)\\1}")).toBe(-RouteError.UNSUPPORTED_REGEX);
    const many = Array.from({ length: ROUTE_MAX_PARAMS + 1 }, (_, i) => `:p${i}`).join("/");
    expect(r.add(ID.GET, `/${many}`)).toBe(-RouteError.TOO_MANY_PARAMS);
    expect(r.add(ID.GET, "/" + "a/".repeat(200))).toBe(-RouteError.TOO_MANY_SEGMENTS);
    expect(r.add(ID.GET, "/ok")).toBe(0); // failed adds took no id
    expect(r.match(ID.GET, "/ok")).toEqual([{ route: 0, params: [] }]);
    expect(r.add(ID.GET, "/late")).toBe(-RouteError.ADDED_AFTER_MATCH);
  });

  it("reports a result that does not fit, and paths too deep", () => {
    const r = makeCore();
    for (let i = 0; i < 4; i++) r.add(ID.GET, "/x/:a/:b");
    expect(r.match(ID.GET, "/x/1/2", 40)).toBe(-RouteError.RESULT_TOO_LARGE);
    expect(r.match(ID.GET, "/x/1/2", 8 + 4 * 32)).toHaveLength(4);
    expect(r.match(ID.GET, "/" + "a/".repeat(300))).toBe(-RouteError.PATH_TOO_DEEP);
  });
});
