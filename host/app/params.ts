/**
 * Route params of the handler running now, read straight from the match
 * table the WASM router wrote (see assembly/router/router.ts):
 *
 *   table  ┌ count ┬ pathBase ┐
 *          ├ routeId ┬ paramCount ┬ (nameIndex, offset, length) × paramCount ┐ × count
 *
 * Values are decoded (UTF-8, then %xx like Hono) only when asked for.
 */
import type { Core } from "../core.js";
import { ROUTE_MATCH } from "../abi.js";
import { tryDecodeURIComponent } from "./decode.js";

const { RECORD_SIZE, PARAM_SIZE } = ROUTE_MATCH;

export const ERR_PARAMS_RELEASED =
  "asedge: route params read after the response was handed over; read them in the handler (e.g. before returning a stream)";

export class ParamView {
  /** Address of the current match record (0 = no params: not-found handler, no match). */
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
    const { core } = this;
    const count = core.u32(this.record + 4);
    let p = this.record + RECORD_SIZE;
    for (let i = 0; i < count; i++, p += PARAM_SIZE) {
      if (this.names[core.u32(p)] === name) return this.value(p);
    }
    return undefined;
  }

  all(): Record<string, string> {
    if (!this.live) throw new Error(ERR_PARAMS_RELEASED);
    const params: Record<string, string> = Object.create(null);
    if (this.record === 0) return params;
    const { core } = this;
    const count = core.u32(this.record + 4);
    let p = this.record + RECORD_SIZE;
    for (let i = 0; i < count; i++, p += PARAM_SIZE) {
      params[this.names[core.u32(p)]] ??= this.value(p);
    }
    return params;
  }

  private value(param: number): string {
    const { core } = this;
    return tryDecodeURIComponent(core.utf8(this.pathBase + core.u32(param + 4), core.u32(param + 8)));
  }
}
