/**
 * The App's routes, compiled into the core's WASM router. Route ids index the
 * handler array; param names are read back once per route at start-up.
 */
import type { Core } from "../core/core.js";
import { METHODS, ROUTE_METHOD_ALL, ROUTER_SCRATCH_BYTES, ROUTE_ERRORS } from "../core/abi.js";

/** Method name → id (assembly/http/methods.ts). */
const METHOD_IDS: Record<string, number> = Object.create(null);
for (const [id, name] of Object.entries(METHODS)) METHOD_IDS[name] = Number(id);

const encoder = new TextEncoder();

export const ERR_ROUTE_PREFIX = "asedge: cannot add route";

export function methodId(method: string): number {
  return METHOD_IDS[method] ?? 0;
}

/** What a route was registered as: its method ("ALL" for every method) and pattern. */
export interface RouteLabel {
  method: string;
  pattern: string;
}

/** The route label of requests that matched no route. */
export const UNMATCHED_LABEL = "(none)";

/** How figures name route `route` (-1: unmatched): its pattern, or `#id` where JS does not know the routes (an AS app). */
export function routeLabel(route: number, labels: readonly RouteLabel[]): string {
  if (route < 0) return UNMATCHED_LABEL;
  return labels[route]?.pattern ?? `#${route}`;
}

/** The route table compiled into each core, for what reads figures by route id (metrics). */
const tables = new WeakMap<Core, RouteTable>();

/** The labels of the routes compiled into `core` by route id (empty when no App compiled into it, e.g. an AS app). */
export function routeLabels(core: Core): readonly RouteLabel[] {
  return tables.get(core)?.labels ?? [];
}

export class RouteTable {
  /** Param names per route id, in the router's name-index order. */
  readonly paramNames: (readonly string[])[] = [];
  /** Method and pattern per route id. */
  readonly labels: RouteLabel[] = [];

  constructor(private readonly core: Core) {
    tables.set(core, this);
  }

  /** Register `method` ("ALL" for every method) + `pattern`; returns the route id. */
  add(method: string, pattern: string): number {
    const { core } = this;
    const api = core.exports;
    const scratch = api.routerScratch();
    const all = method === "ALL";
    const id = all ? ROUTE_METHOD_ALL : methodId(method);
    const methodLen = id === 0 ? core.writeUtf8(method, scratch, ROUTER_SCRATCH_BYTES) : 0;
    const at = scratch + methodLen;
    const { read, written } = encoder.encodeInto(pattern, core.u8.subarray(at, scratch + ROUTER_SCRATCH_BYTES));
    if (read < pattern.length) {
      throw new RangeError(`${ERR_ROUTE_PREFIX} ${method} ${pattern}: pattern longer than ${ROUTER_SCRATCH_BYTES} bytes`);
    }
    const result = api.routeAdd(id, scratch, methodLen, at, written);
    if (result < 0) throw new Error(`${ERR_ROUTE_PREFIX} ${method} ${pattern}: ${ROUTE_ERRORS[-result]?.[1] ?? "router error"}`);
    const names: string[] = [];
    const count = api.routeParamCount(result);
    for (let k = 0; k < count; k++) names.push(core.utf8(scratch, api.routeParamName(result, k)));
    this.paramNames[result] = names;
    this.labels[result] = { method, pattern };
    return result;
  }
}
