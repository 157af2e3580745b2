/**
 * The App: routes and middleware declared once, served by every host.
 *
 * @example
 *   const app = new App()
 *     .use("/api/*", async (c, next) => { await next(); c.header("X-Api", "1"); })
 *     .get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 *   await serve(app, { port: 3000 });            // Node
 *   export default app;                          // Workers (via asedge/worker)
 */
import type { Core, CoreOptions } from "../core/core.js";
import { Context } from "./context.js";
import { recordedBodyBytes, toWebResponse } from "./response.js";
import { microsSince } from "../core/metrics.js";
import { requestStats, type RequestStats } from "./stats.js";
import { FetchRequest } from "./request.js";
import { methodId, RouteTable } from "./routes.js";
import { runHandlers, handleError, type MatchCursor } from "./compose.js";
import { routeFetch, type FetchMatches } from "./fetch-match.js";
import { BodyTooLargeError, BODY_TOO_LARGE_REASON } from "./body.js";
import { FormError } from "./form.js";
import { platformCore } from "../core/registry.js";
import { errorsLogged } from "./error-log.js";
import { isCoreTrap, rethrowCoreTrap } from "../core/trap.js";
import type { ErrorHandler, ExecutionContext, Handler, NotFoundHandler } from "./types.js";

export const ERR_ROUTES_FROZEN = "asedge: routes cannot be added after the app started serving";
export const ERR_NO_HANDLER = "asedge: a route needs at least one handler";

type AnyHandler = Handler<string, unknown>;

interface RouteEntry {
  method: string;
  path: string;
  handler: AnyHandler;
}

/** An app's routes compiled into one core: its route table and the handler of each route id. */
export interface CompiledRoutes {
  readonly core: Core;
  readonly table: RouteTable;
  readonly handlers: readonly AnyHandler[];
}

const defaultNotFound: NotFoundHandler<unknown> = (c) => c.text("404 Not Found", 404);
const defaultOnError: ErrorHandler<unknown> = (error, c) => {
  if (error instanceof BodyTooLargeError) return c.text(BODY_TOO_LARGE_REASON, 413);
  if (error instanceof FormError) return c.text(error.message, error.status);
  // An error that carries its own answer (Hono's HTTPException, thrown by hono/basic-auth, hono/jwt, …): Hono's default.
  if (typeof (error as { getResponse?: unknown }).getResponse === "function") return (error as unknown as { getResponse(): Response }).getResponse();
  if (!errorsLogged(c)) console.error(error);
  return c.text("Internal Server Error", 500);
};

function mergePath(prefix: string, path: string): string {
  if (prefix === "/" || prefix === "") return path;
  const base = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (path === "/" || path === "") return base;
  return base + (path.startsWith("/") ? path : `/${path}`);
}

export class App<E = unknown> {
  private readonly entries: RouteEntry[] = [];
  private notFoundHandler: NotFoundHandler<unknown> = defaultNotFound;
  private errorHandler: ErrorHandler<unknown> = defaultOnError;
  /** The routes compiled into each core this app answers for (one per server; fetch's own). */
  private readonly compiledFor = new Map<Core, CompiledRoutes>();
  /** The core app.fetch uses: the first one bound, else one from the platform. */
  private fetchTarget: CompiledRoutes | undefined;
  /** Limits of the fetch path's core when it had to be replaced (a trap); default options until then. */
  private fetchCoreOptions: CoreOptions | undefined;
  /** Routes were compiled into a core: the table is fixed from then on. */
  private frozen = false;

  get<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("GET", path, ...handlers); }
  post<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("POST", path, ...handlers); }
  put<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("PUT", path, ...handlers); }
  patch<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("PATCH", path, ...handlers); }
  delete<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("DELETE", path, ...handlers); }
  options<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("OPTIONS", path, ...handlers); }
  /** Every method. */
  all<P extends string>(path: P, ...handlers: Handler<P, E>[]): this { return this.on("ALL", path, ...handlers); }

  /** One or more methods (any token; "ALL" for every method) on one or more paths. */
  on<P extends string>(methods: string | readonly string[], paths: P | readonly P[], ...handlers: Handler<P, E>[]): this {
    if (handlers.length === 0) throw new TypeError(ERR_NO_HANDLER);
    for (const method of typeof methods === "string" ? [methods] : methods) {
      for (const path of typeof paths === "string" ? [paths] : paths) {
        for (const handler of handlers) this.add(method.toUpperCase(), path, handler as unknown as AnyHandler);
      }
    }
    return this;
  }

  /** Middleware for every path, or for the paths matching `path` ("/api/*"). */
  use(path: string | Handler<string, E>, ...handlers: Handler<string, E>[]): this {
    if (typeof path !== "string") return this.use("*", path, ...handlers);
    if (handlers.length === 0) throw new TypeError(ERR_NO_HANDLER);
    for (const handler of handlers) this.add("ALL", path, handler as unknown as AnyHandler);
    return this;
  }

  /** Mount a sub-app's routes under `prefix`; its onError applies to its own routes. */
  route(prefix: string, sub: App<E>): this {
    for (const entry of sub.entries) {
      const handler = sub.errorHandler === defaultOnError ? entry.handler : withErrorHandler(entry.handler, sub.errorHandler);
      this.add(entry.method, mergePath(prefix, entry.path), handler);
    }
    return this;
  }

  /**
   * A new App with this app's routes, notFound and onError, and around them:
   * `first` (middleware on every path, run before the routes), `routes` (e.g.
   * a /metrics route, matched before this app's), `last` (on every path,
   * reached when no route of this app answered, e.g. static files). For
   * wrappers of an app they did not write (the CLI's --log, --metrics, --static).
   */
  wrapped(around: { first?: readonly Handler<string, E>[]; routes?: (outer: App<E>) => void; last?: readonly Handler<string, E>[] }): App<E> {
    const outer = new App<E>();
    for (const handler of around.first ?? []) outer.add("ALL", "*", handler as unknown as AnyHandler);
    around.routes?.(outer);
    for (const entry of this.entries) outer.add(entry.method, entry.path, entry.handler);
    for (const handler of around.last ?? []) outer.add("ALL", "*", handler as unknown as AnyHandler);
    outer.notFoundHandler = this.notFoundHandler;
    outer.errorHandler = this.errorHandler;
    return outer;
  }

  notFound(handler: NotFoundHandler<E>): this {
    this.notFoundHandler = handler as NotFoundHandler<unknown>;
    return this;
  }

  onError(handler: ErrorHandler<E>): this {
    this.errorHandler = handler as ErrorHandler<unknown>;
    return this;
  }

  private add(method: string, path: string, handler: AnyHandler): void {
    if (this.frozen) throw new Error(ERR_ROUTES_FROZEN);
    this.entries.push({ method, path: path.startsWith("/") || path === "*" ? path : `/${path}`, handler });
  }

  /**
   * Compile the routes into `core`'s router. Hosts call this once per core
   * they serve from; after the first bind the routes are fixed.
   */
  bind(core: Core): void {
    this.compile(core);
  }

  /** Forget `core` (its host discarded it after a trap). */
  unbind(core: Core): void {
    this.compiledFor.delete(core);
    if (this.fetchTarget?.core !== core) return;
    this.fetchTarget = undefined;
    this.fetchCoreOptions = core.options; // its replacement keeps the limits (e.g. toWorker's core options)
  }

  private compile(core: Core): CompiledRoutes {
    let compiled = this.compiledFor.get(core);
    if (compiled) return compiled;
    const table = new RouteTable(core);
    const handlers: AnyHandler[] = [];
    for (const entry of this.entries) handlers[table.add(entry.method, entry.path)] = entry.handler;
    compiled = { core, table, handlers };
    this.compiledFor.set(core, compiled);
    this.frozen = true;
    return compiled;
  }

  private forFetch(): CompiledRoutes {
    return (this.fetchTarget ??= this.compiledFor.values().next().value ?? this.compile(platformCore(this.fetchCoreOptions)));
  }

  // ── For host adapters (../slot/app-adapter.ts, fetch below): not for handlers ──

  /** This app's routes compiled into `core` (compiled on the first call; the routes are fixed from then on). */
  routesIn(core: Core): CompiledRoutes {
    return this.compile(core);
  }

  /** Run the handlers `matches` selects on `c`, with this app's onError and notFound; a promise only when something was asynchronous. */
  dispatch(c: Context<string, unknown>, matches: MatchCursor): void | Promise<void> {
    return runHandlers(c, matches, this.errorHandler, this.notFoundHandler);
  }

  /** Answer `error`, thrown before the handlers ran (e.g. by routing), through onError. */
  fail(c: Context<string, unknown>, error: unknown): void | Promise<void> {
    return handleError(c, error, this.errorHandler);
  }

  // ── Fetch-style hosts (Workers, tests): a Web Request in, a Web Response out ──

  /**
   * Web-standard entry: `export default app` on Workers, or call it directly.
   * A Response, or a promise of one only when a handler or middleware was
   * asynchronous (as Hono's): a synchronous answer costs no promise and no
   * microtask turn.
   */
  fetch = (request: Request, env?: E, executionCtx?: ExecutionContext): Response | Promise<Response> => this.answer(request, env, executionCtx, false);

  /**
   * fetch as a server platform calls it (Deno.serve): as fetch, but for HEAD
   * the GET's body, which Deno frames the answer by and then drops (with
   * fetch's empty body it would send Content-Length: 0).
   */
  serverFetch = (request: Request, env?: E, executionCtx?: ExecutionContext): Response | Promise<Response> => this.answer(request, env, executionCtx, true);

  /** Answer `request`: a Response when the handlers ran synchronously, else a promise of one. */
  private answer(request: Request, env: E | undefined, executionCtx: ExecutionContext | undefined, forServer: boolean): Response | Promise<Response> {
    const startedAt = performance.now();
    const { core, table, handlers } = this.forFetch();
    const req = new FetchRequest(core, request);
    const c = new Context(req, env as E, executionCtx) as Context<string, unknown>;
    let matches: FetchMatches | null = null;
    try {
      // The slot is held only while the router runs: handlers run on a copy of its matches.
      matches = routeFetch(core, table, handlers, request.method, req.path);
      if (matches === null) return new Response("server busy", { status: 503, headers: { "content-type": "text/plain; charset=UTF-8" } });
      req.routed(matches);
      const pending = this.dispatch(c, matches);
      if (pending) {
        const routed = matches;
        return pending.then(() => this.answered(c, core, request, routed, startedAt, forServer),
          (error: unknown) => this.answerError(c, core, request, routed, startedAt, forServer, error));
      }
    } catch (error) {
      return this.answerError(c, core, request, matches, startedAt, forServer, error);
    }
    return this.answered(c, core, request, matches, startedAt, forServer);
  }

  /** Routing or a handler threw: a core trap replaces the core; anything else goes through onError, counted under the route it ran for (as on slot hosts). */
  private answerError(c: Context<string, unknown>, core: Core, request: Request, matches: FetchMatches | null, startedAt: number, forServer: boolean, error: unknown): Response | Promise<Response> {
    if (isCoreTrap(error)) return this.fetchCoreTrapped(core, error);
    const failing = this.fail(c, error);
    return failing ? failing.then(() => this.answered(c, core, request, matches, startedAt, forServer)) : this.answered(c, core, request, matches, startedAt, forServer);
  }

  /** The record as a Web Response, counted in the core's metrics (one call; a slot host counts it in respond()). */
  private answered(c: Context<string, unknown>, core: Core, request: Request, matches: FetchMatches | null, startedAt: number, forServer: boolean): Response {
    const response = toWebResponse(c);
    // A Web Request for GET or HEAD has no body: its headers are not read for that (Deno builds them on demand).
    const { method } = request;
    const bytesIn = method === "GET" || method === "HEAD" ? 0 : Number(request.headers.get("content-length")) || 0;
    core.exports.metricsRecord(matches?.route ?? 0, methodId(method), response.status, microsSince(startedAt), bytesIn, recordedBodyBytes(c) ?? 0);
    return method === "HEAD" && !forServer ? new Response(null, response) : response;
  }

  /** The fetch path's core trapped: drop it (the next request gets a fresh one) and answer 500. */
  private fetchCoreTrapped(core: Core, error: unknown): Response {
    console.error("asedge: the WASM core trapped; answered 500, the next request gets a fresh core:", error);
    this.unbind(core);
    return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=UTF-8" } });
  }

  /**
   * Request figures (per route: requests by method and status class,
   * latency quantiles, bytes) of the core app.fetch answers from: with a
   * server running, the server's core (./stats.ts). A server's own:
   * `server.stats().requests`.
   */
  stats(): RequestStats {
    return requestStats(this.forFetch().core);
  }

  /** Hono's test helper: `await app.request("/users/1")`. */
  async request(input: string | Request, init?: RequestInit, env?: E): Promise<Response> {
    const request = input instanceof Request ? input : new Request(/^https?:\/\//.test(input) ? input : `http://localhost${input}`, init);
    return this.fetch(request, env);
  }
}

/** A sub-app's routes keep its own onError. */
function withErrorHandler(handler: AnyHandler, onError: ErrorHandler<unknown>): AnyHandler {
  return async (c, next) => {
    try {
      return await handler(c, next);
    } catch (error) {
      rethrowCoreTrap(error);
      return onError(error instanceof Error ? error : new Error(String(error)), c);
    }
  };
}
