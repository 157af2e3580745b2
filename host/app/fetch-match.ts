/**
 * Routing for fetch-style hosts (Workers, app.fetch): the request's path is
 * matched in a slot held only while the router runs, and the match table is
 * copied out before the slot goes back to the pool. Handlers then run on
 * JS-owned data, so a handler awaiting a subrequest holds no slot and an
 * isolate serves any number of concurrent requests.
 *
 * The copy keeps the router's record layout (ROUTE_MATCH in ../core/abi.ts), in
 * u32 words without the table header, and is read through ../core/match-table.ts.
 *
 * Param spans index `text`: the path string itself when the router matched
 * it as given (URLs are ASCII, so byte offsets are string offsets), else a
 * copy of the bytes it matched (its %-decoded copy of the path).
 */
import type { Core } from "../core/core.js";
import { NO_SLOT, REQ, ROUTE_ERRORS } from "../core/abi.js";
import {
  firstParam, firstRecord, matchCount, nextParam, nextRecord, paramCount, paramLength, paramName, paramOffset,
  pathBase, routeId, tableAt, type Words,
} from "../core/match-table.js";
import { methodId, type RouteTable } from "./routes.js";
import { tryDecodeURIComponent } from "./decode.js";
import { textInArena } from "./arena.js";
import type { MatchCursor } from "./compose.js";
import type { ParamSource } from "./request.js";
import type { Handler } from "./types.js";

type AnyHandler = Handler<string, unknown>;

export const ERR_PATH_TOO_LONG = "asedge: request path too long for the arena";
export const ERR_MATCH_TABLE = "asedge: request arena too small for the route match table";

const decoder = new TextDecoder();

/** The matched routes of one request, and the params of the one whose handler runs now. */
export class FetchMatches implements MatchCursor, ParamSource {
  /** Cursor: record `index` starts at word `at`. */
  private index = 0;
  private at = 0;
  /** Word offset of the selected record; -1 before any (not-found handler, errors). */
  private selected = -1;

  constructor(
    private readonly handlers: readonly AnyHandler[],
    private readonly paramNames: readonly (readonly string[])[],
    private readonly records: Words,
    readonly count: number,
    private readonly text: string | Uint8Array,
  ) {}

  handler(i: number): AnyHandler {
    return this.handlers[routeId(this.records, this.seek(i))];
  }

  select(i: number): void {
    this.selected = this.seek(i);
  }

  /** The route selected last, id + 1 (0: none): what the metrics count the answer under. */
  get route(): number {
    return this.selected < 0 ? 0 : routeId(this.records, this.selected) + 1;
  }

  get(name: string): string | undefined {
    const { records, selected } = this;
    if (selected < 0) return undefined;
    const names = this.paramNames[routeId(records, selected)];
    const count = paramCount(records, selected);
    for (let k = 0, p = firstParam(selected); k < count; k++, p = nextParam(p)) {
      if (names[paramName(records, p)] === name) return this.value(p);
    }
    return undefined;
  }

  all(): Record<string, string> {
    const params: Record<string, string> = Object.create(null);
    const { records, selected } = this;
    if (selected < 0) return params;
    const names = this.paramNames[routeId(records, selected)];
    const count = paramCount(records, selected);
    for (let k = 0, p = firstParam(selected); k < count; k++, p = nextParam(p)) params[names[paramName(records, p)]] ??= this.value(p);
    return params;
  }

  private seek(i: number): number {
    if (i < this.index) {
      this.index = 0;
      this.at = 0;
    }
    for (; this.index < i; this.index++) this.at = nextRecord(this.records, this.at);
    return this.at;
  }

  private value(param: number): string {
    const start = paramOffset(this.records, param);
    const end = start + paramLength(this.records, param);
    const { text } = this;
    return tryDecodeURIComponent(typeof text === "string" ? text.slice(start, end) : decoder.decode(text.subarray(start, end)));
  }
}

/** No route matched, or routing has not run: no handlers, no params. */
export const NO_MATCHES = new FetchMatches([], [], [], 0, "");

/**
 * Match `method` + `path` against `routes`; null when no slot is free (the
 * host answers 503). The slot is released before this returns.
 */
export function routeFetch(core: Core, routes: RouteTable, handlers: readonly AnyHandler[], method: string, path: string): FetchMatches | null {
  const api = core.exports;
  const slot = api.acquire();
  if (slot === NO_SLOT) return null;
  try {
    const id = methodId(method);
    const { ptr: pathPtr, length: pathLen } = textInArena(core, slot, path);
    // A known method goes by id; another token by name.
    const name = id === 0 ? textInArena(core, slot, method) : { ptr: pathPtr, length: 0 };
    if (pathPtr === 0 || name.ptr === 0) throw new Error(ERR_PATH_TOO_LONG);
    const table = tableAt(matchInto(core, slot, id, name.ptr, name.length, pathPtr, pathLen));
    const words = core.words;
    const count = matchCount(words, table);
    if (count === 0) return NO_MATCHES;
    const base = pathBase(words, table);
    const asGiven = base === pathPtr && pathLen === path.length;
    // Find the end of the records (and, for a byte copy, of the spans).
    const start = firstRecord(table);
    let end = start;
    let spansEnd = 0;
    for (let i = 0; i < count; i++) {
      if (!asGiven) {
        const params = paramCount(words, end);
        for (let k = 0, p = firstParam(end); k < params; k++, p = nextParam(p)) {
          spansEnd = Math.max(spansEnd, paramOffset(words, p) + paramLength(words, p));
        }
      }
      end = nextRecord(words, end);
    }
    const u8 = core.u8;
    const records: number[] = [];
    for (let w = start; w < end; w++) records.push(words[w]);
    return new FetchMatches(handlers, routes.paramNames, records, count, asGiven ? path : u8.slice(base, base + spansEnd));
  } finally {
    api.release(slot);
  }
}

/** Run the router into the slot's arena; returns the match table's address. */
function matchInto(core: Core, slot: number, method: number, methodPtr: number, methodLen: number, pathPtr: number, pathLen: number): number {
  const count = core.exports.routeInSlot(slot, method, methodPtr, methodLen, pathPtr, pathLen);
  return checkRouted(core.u32(core.slotRequest(slot) + REQ.MATCH_TABLE), count);
}

/** The match table the router wrote, or a clear error: no room in the arena (table 0), or the router's own. */
export function checkRouted(table: number, count: number): number {
  if (table === 0) throw new Error(ERR_MATCH_TABLE);
  if (count < 0) throw new Error(`asedge: routing failed: ${ROUTE_ERRORS[-count]?.[1] ?? "router error"}`);
  return table;
}
