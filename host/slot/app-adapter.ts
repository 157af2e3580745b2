/**
 * An App on a slot host (the Node host): the adapter between the App (routes
 * and handlers, runtime-free, ../app/) and the slot contract (./contract.ts).
 * Per request: a lazy request view over the slot, a context, the router's
 * match table as a cursor, the App's handlers, then the record written into
 * the slot. The App itself does not know which host runs it.
 *
 * @example
 *   await serve(app);                        // serve() wraps an App in this adapter
 *   new NodeServer(new AppSlotAdapter(app)); // the same, by hand
 */
import type { Core } from "../core/core.js";
import { REQ } from "../core/abi.js";
import { firstRecord, nextRecord, pathBase, routeId, tableAt } from "../core/match-table.js";
import { rethrowCoreTrap } from "../core/trap.js";
import type { App, CompiledRoutes } from "../app/app.js";
import { Context } from "../app/context.js";
import { ParamView } from "../app/params.js";
import { checkRouted } from "../app/fetch-match.js";
import type { MatchCursor } from "../app/compose.js";
import type { Handler } from "../app/types.js";
import { SlotRequest } from "./request.js";
import { writeSlotResponse, type Answer } from "./write-response.js";
import type { Peer, ReplySink, SlotApp, SlotReply } from "./contract.js";

type AnyContext = Context<string, unknown>;

export class AppSlotAdapter<E = unknown> implements SlotApp {
  /** The core asked about last and its routes: a host serves from one core at a time, so most requests skip the app's lookup. */
  private lastCore: Core | undefined;
  private lastRoutes: CompiledRoutes | undefined;

  constructor(readonly app: App<E>) {}

  bind(core: Core): void {
    this.app.routesIn(core);
    core.exports.routeOnParse(1); // each request arrives routed by parse(): its match table is in the slot
  }

  unbind(core: Core): void {
    if (core === this.lastCore) this.lastCore = this.lastRoutes = undefined;
    this.app.unbind(core);
  }

  handleSlot(slot: number, close: boolean, core: Core, startedAt: number, peer?: Peer, sink?: ReplySink): SlotReply | Promise<SlotReply> {
    const routes = core === this.lastCore ? this.lastRoutes! : this.routesOf(core);
    const head = core.slotRequest(slot);
    const params = new ParamView(core);
    const req = new SlotRequest(core, slot, head, core.slotInput(slot), params, peer);
    const c = new Context(req, undefined as E) as AnyContext;
    let ran: void | Promise<void>;
    let answer: Answer;
    try {
      const matches = matchesOf(routes, core.u32(head + REQ.MATCH_TABLE), core.u32(head + REQ.MATCH_COUNT) | 0, params, startedAt);
      answer = matches;
      ran = this.app.dispatch(c, matches);
    } catch (error) {
      answer = { route: 0, startedAt };
      ran = this.app.fail(c, error);
    }
    if (ran === undefined) return write(core, slot, c, req, close, answer, sink);
    return ran.then(() => write(core, slot, c, req, close, answer)); // later than handleSlot: not into the sink
  }

  private routesOf(core: Core): CompiledRoutes {
    this.lastCore = core;
    return (this.lastRoutes = this.app.routesIn(core));
  }
}

/** An App wrapped for a slot host; a SlotApp (e.g. a WasmSlotApp) as it is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export function toSlotApp(app: App<any> | SlotApp): SlotApp {
  return isSlotApp(app) ? app : new AppSlotAdapter(app);
}

/** Whether `value` is something a slot host can serve: an App or a SlotApp. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export function isServable(value: unknown): value is App<any> | SlotApp {
  return isSlotApp(value) || (typeof value === "object" && value !== null && typeof (value as App).routesIn === "function"
    && typeof (value as App).dispatch === "function");
}

function isSlotApp(value: unknown): value is SlotApp {
  return typeof (value as SlotApp | undefined)?.handleSlot === "function";
}

function write(core: Core, slot: number, c: AnyContext, req: SlotRequest, close: boolean, answer: Answer,
  sink?: ReplySink): SlotReply | Promise<SlotReply> {
  try {
    const reply = writeSlotResponse(core, slot, c, close, answer, sink);
    if (!(reply instanceof Promise)) {
      req.detach();
      return reply;
    }
    return reply.then((value) => { req.detach(); return value; }, (error) => unwritten(core, slot, req, error));
  } catch (error) {
    return unwritten(core, slot, req, error);
  }
}

/** The response could not be written: log, hand the slot back (if still held), answer nothing. */
function unwritten(core: Core, slot: number, req: SlotRequest, error: unknown): null {
  rethrowCoreTrap(error); // the host replaces the core; its slots go with it
  console.error("asedge: could not write response:", error);
  req.detach();
  core.exports.release(slot);
  return null;
}

/** A match table the router wrote (0: the arena had no room for one), or the routing error. */
export function matchesOf(compiled: CompiledRoutes, table: number, count: number, params: ParamView, startedAt: number): Matches {
  return new Matches(compiled, tableAt(checkRouted(table, count)), count, params, startedAt);
}

/**
 * The matched routes of one request: a cursor over the router's match table
 * (records are variable-sized, so it walks forward; handlers run in order).
 * `table` and records are word indices (../core/match-table.ts). It is also
 * the Answer the metrics count: the route whose handler was selected last.
 */
class Matches implements MatchCursor, Answer {
  private index = 0;
  private record: number;
  private readonly pathBase: number;
  /** The route selected last, id + 1 (0: none yet). */
  route = 0;

  constructor(private readonly compiled: CompiledRoutes, private readonly table: number, readonly count: number, private readonly params: ParamView,
    readonly startedAt: number) {
    this.record = firstRecord(table);
    this.pathBase = pathBase(compiled.core.words, table);
  }

  private seek(i: number): number {
    if (i < this.index) {
      this.index = 0;
      this.record = firstRecord(this.table);
    }
    const words = this.compiled.core.words;
    for (; this.index < i; this.index++) this.record = nextRecord(words, this.record);
    return this.record;
  }

  handler(i: number): Handler<string, unknown> {
    return this.compiled.handlers[routeId(this.compiled.core.words, this.seek(i))];
  }

  select(i: number): void {
    const record = this.seek(i);
    const id = routeId(this.compiled.core.words, record);
    this.route = id + 1;
    this.params.select(record, this.compiled.table.paramNames[id], this.pathBase);
  }
}
