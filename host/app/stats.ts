/**
 * The core's request figures as plain numbers for code (app.stats(),
 * server.stats(), the benches): per route pattern, requests by method and
 * status class, latency quantiles read off the core's histogram, bytes.
 * The same figures /metrics exposes (asedge/middleware/metrics).
 *
 * Quantiles are bucket upper bounds: a quantile is overstated by less than
 * 50 % of it (the buckets are log-linear, two per power of two; see the
 * README's histogram note), never understated.
 *
 * @example
 *   const { routes } = app.stats();
 *   routes.find((r) => r.route === "/users/:id")?.latency.p99Us;
 */
import type { Core } from "../core/core.js";
import { PARSE_ERRORS } from "../core/abi.js";
import { latencyBucketBounds, readMetrics, requestLabels, type RouteFigures } from "../core/metrics.js";
import { routeLabel, routeLabels } from "./routes.js";

export interface LatencyStats {
  /** Requests measured. */
  count: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
}

export interface RouteStats {
  /** The registered pattern ("(none)": requests that matched no route; "#id": an AssemblyScript app's route). */
  route: string;
  requests: number;
  /** Requests by method name ("OTHER" for methods without an id). */
  methods: Record<string, number>;
  /** Requests by status class: "1xx" … "5xx". */
  status: Record<string, number>;
  latency: LatencyStats;
  bytesIn: number;
  bytesOut: number;
}

export interface RequestStats {
  /** Every route with at least one request, in route order; the unmatched last. */
  routes: RouteStats[];
  /** Requests the parser refused, by error name (only those seen). */
  parseErrors: Record<string, number>;
}

const BOUNDS = latencyBucketBounds();
/** The last finite bound: what a quantile in the +Inf bucket reports (at least this much). */
const TOP_BOUND = BOUNDS[BOUNDS.length - 2];

/** The figures of `core`, labelled with the routes an App compiled into it. */
export function requestStats(core: Core): RequestStats {
  const snapshot = readMetrics(core);
  const labels = routeLabels(core);
  const parseErrors: Record<string, number> = {};
  snapshot.parseErrors.forEach((n, code) => { if (n > 0) parseErrors[PARSE_ERRORS[code]?.[0] ?? `#${code}`] = n; });
  return { routes: snapshot.routes.map((figures) => routeStats(figures, routeLabel(figures.route, labels))), parseErrors };
}

function routeStats(figures: RouteFigures, route: string): RouteStats {
  const methods: Record<string, number> = {};
  const status: Record<string, number> = {};
  let requests = 0;
  figures.requests.forEach((n, i) => {
    if (n === 0) return;
    const labels = requestLabels(i);
    methods[labels.method] = (methods[labels.method] ?? 0) + n;
    status[labels.status] = (status[labels.status] ?? 0) + n;
    requests += n;
  });
  return { route, requests, methods, status, latency: latency(figures), bytesIn: figures.bytesIn, bytesOut: figures.bytesOut };
}

function latency(figures: RouteFigures): LatencyStats {
  const count = figures.buckets.reduce((a, b) => a + b, 0);
  return {
    count,
    meanUs: count === 0 ? 0 : figures.latencySumUs / count,
    p50Us: quantile(figures.buckets, count, 0.5),
    p90Us: quantile(figures.buckets, count, 0.9),
    p99Us: quantile(figures.buckets, count, 0.99),
    p999Us: quantile(figures.buckets, count, 0.999),
  };
}

/** The upper bound of the bucket holding the q-quantile (0 when nothing was measured). */
export function quantile(buckets: readonly number[], count: number, q: number): number {
  if (count === 0) return 0;
  const rank = Math.ceil(q * count);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= rank) return BOUNDS[i] === Infinity ? TOP_BOUND : BOUNDS[i];
  }
  return TOP_BOUND;
}
