/**
 * Route params of the handler running now, read straight from the match
 * table the WASM router wrote (layout: ROUTE_MATCH in ../core/abi.ts, read through
 * ../core/match-table.ts). Values are decoded (UTF-8, then %xx like Hono) only
 * when asked for.
 */
import type { Core } from "../core/core.js";
import { firstParam, nextParam, paramCount, paramLength, paramName, paramOffset } from "../core/match-table.js";
import { tryDecodeURIComponent } from "./decode.js";

export const ERR_PARAMS_RELEASED =
  "asedge: route params read after the response was handed over; read them in the handler (e.g. before returning a stream)";

export class ParamView {
  /** Word index of the current match record (0 = no params: not-found handler, no match). */
  record = 0;
  /** False once the request's slot went back to the pool: the match table is gone. */
  live = true;
  names: readonly string[] = [];

  constructor(private readonly core: Core, private pathBase = 0) {}

  /** Point at a match record; called by the dispatcher before each handler. */
  select(record: number, names: readonly string[], pathBase: number): void {
    this.record = record;
    this.names = names;
    this.pathBase = pathBase;
  }

  get(name: string): string | undefined {
    if (!this.live) throw new Error(ERR_PARAMS_RELEASED);
    if (this.record === 0) return undefined;
    const words = this.core.words;
    const count = paramCount(words, this.record);
    for (let i = 0, p = firstParam(this.record); i < count; i++, p = nextParam(p)) {
      if (this.names[paramName(words, p)] === name) return this.value(words, p);
    }
    return undefined;
  }

  all(): Record<string, string> {
    if (!this.live) throw new Error(ERR_PARAMS_RELEASED);
    const params: Record<string, string> = Object.create(null);
    if (this.record === 0) return params;
    const words = this.core.words;
    const count = paramCount(words, this.record);
    for (let i = 0, p = firstParam(this.record); i < count; i++, p = nextParam(p)) {
      params[this.names[paramName(words, p)]] ??= this.value(words, p);
    }
    return params;
  }

  private value(words: Uint32Array, param: number): string {
    return tryDecodeURIComponent(this.core.utf8(this.pathBase + paramOffset(words, param), paramLength(words, param)));
  }
}
