/**
 * The core's request metrics, read from its tables in linear memory
 * (METRICS in ./abi.ts) into a plain snapshot: structured-clone friendly, so
 * the snapshots of several workers can be sent over IPC and merged.
 *
 * @example
 *   const snapshot = readMetrics(core);
 *   snapshot.routes[0].requests[METHOD_GET * 5 + 1]; // GET 2xx of the first route hit
 */
import type { Core } from "./core.js";
import { METRICS } from "./abi.js";

/** Figures of one route (route -1: requests that matched none). */
export interface RouteFigures {
  route: number;
  /** Requests by method slot × status class: index m × STATUS_CLASSES + k (m: method id 1–9, 0 other; k: 0 = 1xx … 4 = 5xx). */
  requests: number[];
  /** Latency histogram, non-cumulative, LATENCY_BUCKETS entries (bounds: latencyBucketBounds()). */
  buckets: number[];
  latencySumUs: number;
  bytesIn: number;
  bytesOut: number;
}

export interface MetricsSnapshot {
  /** Routes with at least one request, by route id; the unmatched figures last (route -1) when any. */
  routes: RouteFigures[];
  /** Requests rejected by the parser, by ParseError code. */
  parseErrors: number[];
}

/** Microseconds since `startedAt` (a performance.now() reading), as the core counts them (u32, ≥ 0). */
export function microsSince(startedAt: number): number {
  const us = Math.round((performance.now() - startedAt) * 1000);
  return us <= 0 ? 0 : us >= 0xffffffff ? 0xffffffff : us;
}

/** Upper bounds of the latency buckets in µs (assembly/metrics/metrics.ts); the last is Infinity. */
export function latencyBucketBounds(): number[] {
  const bounds = [1];
  for (let k = 0; k < METRICS.LATENCY_MAX_OCTAVE; k++) bounds.push(1.5 * 2 ** k, 2 ** (k + 1));
  bounds.push(Infinity);
  return bounds;
}

export function readMetrics(core: Core): MetricsSnapshot {
  const api = core.exports;
  const routes: RouteFigures[] = [];
  const base = api.metricsRoutes();
  for (let id = 0, n = base === 0 ? 0 : api.metricsRouteCapacity(); id < n; id++) {
    const figures = readRoute(core, base + id * METRICS.ROUTE_SIZE, id);
    if (figures) routes.push(figures);
  }
  const unmatched = readRoute(core, api.metricsUnmatched(), -1);
  if (unmatched) routes.push(unmatched);
  const errors = api.metricsParseErrors() >>> 2;
  const words = core.words;
  return { routes, parseErrors: Array.from(words.subarray(errors, errors + METRICS.PARSE_ERROR_SLOTS)) };
}

function readRoute(core: Core, at: number, route: number): RouteFigures | undefined {
  const words = core.words;
  const counts = (at + METRICS.COUNTS) >>> 2;
  const requests = Array.from(words.subarray(counts, counts + METRICS.METHOD_SLOTS * METRICS.STATUS_CLASSES));
  if (!requests.some((n) => n > 0)) return undefined;
  const buckets = (at + METRICS.BUCKETS) >>> 2;
  return {
    route, requests,
    buckets: Array.from(words.subarray(buckets, buckets + METRICS.LATENCY_BUCKETS)),
    latencySumUs: u64(words, at + METRICS.LATENCY_SUM),
    bytesIn: u64(words, at + METRICS.BYTES_IN),
    bytesOut: u64(words, at + METRICS.BYTES_OUT),
  };
}

/** A little-endian u64 as a number (exact below 2^53: 285 years of µs). */
function u64(words: Uint32Array, at: number): number {
  return words[at >>> 2] + words[(at >>> 2) + 1] * 0x1_0000_0000;
}

/** The figures of several cores (workers) added up, route by route and bucket by bucket. */
export function mergeMetrics(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const byRoute = new Map<number, RouteFigures>();
  const parseErrors = new Array<number>(METRICS.PARSE_ERROR_SLOTS).fill(0);
  for (const snapshot of snapshots) {
    snapshot.parseErrors.forEach((n, i) => { parseErrors[i] += n; });
    for (const figures of snapshot.routes) {
      const into = byRoute.get(figures.route);
      if (!into) {
        byRoute.set(figures.route, { ...figures, requests: [...figures.requests], buckets: [...figures.buckets] });
        continue;
      }
      figures.requests.forEach((n, i) => { into.requests[i] += n; });
      figures.buckets.forEach((n, i) => { into.buckets[i] += n; });
      into.latencySumUs += figures.latencySumUs;
      into.bytesIn += figures.bytesIn;
      into.bytesOut += figures.bytesOut;
    }
  }
  const routes = [...byRoute.values()].sort((a, b) => (a.route === -1 ? 1 : b.route === -1 ? -1 : a.route - b.route));
  return { routes, parseErrors };
}

/** Figures a host adds to its core's metrics (the Node server: connections), by name → [type, help, value]. */
export type HostFigures = () => Record<string, readonly ["counter" | "gauge", string, number]>;

const hosts = new WeakMap<Core, HostFigures>();

/** A host registers the figures it keeps itself (connections) for the core it serves from. */
export function registerHostFigures(core: Core, figures: HostFigures): void {
  hosts.set(core, figures);
}

export function hostFigures(core: Core): ReturnType<HostFigures> {
  return hosts.get(core)?.() ?? {};
}
