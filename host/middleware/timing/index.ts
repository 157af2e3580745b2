/**
 * Server-Timing (W3C Server Timing): the total time the route took plus
 * marks of your own, in one header. The metrics live in `c.get("metric")`
 * in Hono's shape, so `startTime`/`endTime`/`setMetric` from `hono/timing`
 * and from here are interchangeable.
 *
 * Times are `performance.now()` differences. On Workers that clock only
 * moves on I/O (a Spectre mitigation), so CPU-only work reads as 0 there.
 *
 * @example
 *   app.use(timing());
 *   app.get("/", async (c) => {
 *     startTime(c, "db", "query");
 *     const rows = await db.all();
 *     endTime(c, "db");                 // Server-Timing: db;dur=12.3;desc="query", total;dur=13.0;desc="Total Response Time"
 *     return c.json(rows);
 *   });
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

/** What `c.get("metric")` holds while timing runs (Hono's shape). */
export interface Metrics {
  headers: string[];
  timers: Map<string, { description?: string; start: number }>;
}

export interface TimingOptions {
  /** Add a "total" metric. Default true. */
  total?: boolean;
  /** Its description. Default "Total Response Time". */
  totalDescription?: string;
  /** Send the header (or decide per request). Default true. */
  enabled?: boolean | ((c: AnyContext) => boolean);
  /** End timers still running when the route is done. Default true. */
  autoEnd?: boolean;
  /** Timing-Allow-Origin: true for "*", or an origin. Default not sent. */
  crossOrigin?: boolean | string | ((c: AnyContext) => boolean | string);
}

const KEY = "metric";

/** The timing middleware. */
export function timing(options: TimingOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const total = options.total !== false;
  const totalDescription = options.totalDescription ?? "Total Response Time";
  const autoEnd = options.autoEnd !== false;
  return async (c, next) => {
    if (c.get(KEY)) return next(); // timed further out already
    const metrics: Metrics = { headers: [], timers: new Map() };
    c.set(KEY, metrics);
    const start = performance.now();
    await next();
    if (autoEnd) for (const name of [...metrics.timers.keys()]) endTime(c, name);
    if (total) setMetric(c, "total", performance.now() - start, totalDescription);
    const enabled = typeof options.enabled === "function" ? options.enabled(c) : options.enabled !== false;
    if (!enabled || metrics.headers.length === 0) return;
    const existing = c.responseHeader("Server-Timing");
    const value = metrics.headers.join(", ");
    c.header("Server-Timing", existing ? `${existing}, ${value}` : value);
    const cross = typeof options.crossOrigin === "function" ? options.crossOrigin(c) : options.crossOrigin;
    if (cross) c.header("Timing-Allow-Origin", typeof cross === "string" ? cross : "*");
  };
}

/** Record a metric: a duration in ms (`name;dur=…`) or, given a string, a description only. */
export function setMetric(c: AnyContext, name: string, value?: number | string, description?: string, precision = 1): void {
  const metrics = c.get<Metrics>(KEY);
  if (!metrics) return;
  if (typeof value === "number") {
    metrics.headers.push(`${name};dur=${value.toFixed(precision)}${description ? `;desc=${quote(description)}` : ""}`);
  } else {
    metrics.headers.push(value ? `${name};desc=${quote(value)}` : name);
  }
}

/** Start a timer. */
export function startTime(c: AnyContext, name: string, description?: string): void {
  c.get<Metrics>(KEY)?.timers.set(name, { description, start: performance.now() });
}

/** End a timer started with startTime and record its duration. */
export function endTime(c: AnyContext, name: string, precision?: number): void {
  const metrics = c.get<Metrics>(KEY);
  const timer = metrics?.timers.get(name);
  if (!metrics || !timer) return;
  metrics.timers.delete(name);
  setMetric(c, name, performance.now() - timer.start, timer.description, precision);
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}
