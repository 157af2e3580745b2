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
import { METHODS, METRICS, Stat } from "./abi.js";

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

const STATUS_CLASS_LABELS = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/**
 * The labels of index i of RouteFigures.requests: its method ("OTHER" for
 * methods without an id) and status class ("1xx" … "5xx").
 */
export function requestLabels(i: number): { method: string; status: string } {
  const method = Math.floor(i / METRICS.STATUS_CLASSES);
  return { method: method === 0 ? "OTHER" : METHODS[method], status: STATUS_CLASS_LABELS[i % METRICS.STATUS_CLASSES] };
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

/**
 * One figure a host or the pool adds to the core's metrics: [type, help,
 * value, how the figures of several workers combine]. Counters and gauges
 * are summed unless `merge` says "max" (a high-water mark: the most any one
 * worker held, which is what runs a pool out; a sum would claim a peak no
 * worker saw).
 */
export type Figure = readonly ["counter" | "gauge", string, number, ("sum" | "max")?];
export type Figures = Record<string, Figure>;

/** Figures a host adds to its core's metrics (the Node server: connections), by name. */
export type HostFigures = () => Figures;

const hosts = new WeakMap<Core, HostFigures>();

/** A host registers the figures it keeps itself (connections) for the core it serves from. */
export function registerHostFigures(core: Core, figures: HostFigures): void {
  hosts.set(core, figures);
}

export function hostFigures(core: Core): Figures {
  return hosts.get(core)?.() ?? {};
}

/** The slot pool's figures (every host). */
export function poolFigures(core: Core): Figures {
  const stat = core.exports.stat;
  return {
    pool_slots: ["gauge", "Request slots laid out (small).", stat(Stat.CAPACITY)],
    pool_slots_max: ["gauge", "Request slots the pool may grow to (small).", stat(Stat.MAX_CAPACITY)],
    pool_slots_in_use: ["gauge", "Request slots in use (small and large).", stat(Stat.IN_USE)],
    pool_slots_high_water: ["gauge", "Most request slots in use at once (of a cluster: the most in any one worker).", stat(Stat.HIGH_WATER), "max"],
    pool_exhausted_total: ["counter", "Requests refused because no slot was free (503).", stat(Stat.EXHAUSTED)],
    pool_large_slots: ["gauge", "Large request slots laid out.", stat(Stat.LARGE_CAPACITY)],
    pool_large_slots_in_use: ["gauge", "Large request slots in use.", stat(Stat.LARGE_IN_USE)],
  };
}

/** What one process reports: its core's tables and the pool's and host's figures (structured-clone and JSON friendly). */
export interface MetricsReport {
  snapshot: MetricsSnapshot;
  figures: Figures;
}

/** This process's report for `core`. */
export function localReport(core: Core): MetricsReport {
  return { snapshot: readMetrics(core), figures: { ...poolFigures(core), ...hostFigures(core) } };
}

/** The figures of several workers combined by name: summed, or the largest where the figure says "max". */
export function mergeFigures(list: readonly Figures[]): Figures {
  const merged: Record<string, [Figure[0], string, number, Figure[3]]> = {};
  for (const figures of list) {
    for (const [name, [type, help, value, merge]] of Object.entries(figures)) {
      const into = merged[name];
      if (!into) merged[name] = [type, help, value, merge];
      else into[2] = merge === "max" ? Math.max(into[2], value) : into[2] + value;
    }
  }
  return merged;
}

/** One worker of a cluster in a gathering: its report, or why it has none. */
export interface WorkerAnswer {
  /** The worker's slot, 1 … n (stable across restarts). */
  worker: number;
  pid?: number;
  report?: MetricsReport;
  /** Why `report` is missing: "timeout", "down", "starting", "exited", "no primary". */
  missing?: string;
}

/** Every worker's answer to one gathering, by slot. */
export interface ClusterGathering {
  workers: WorkerAnswer[];
  /** How long the gathering waited for the workers, ms. */
  timeoutMs: number;
}

/**
 * Asks every worker of this process's cluster for its report (`local` is
 * this worker's own) and resolves within about `timeoutMs`, naming the
 * workers that did not answer. The Node host registers one in each
 * node:cluster worker (host/node/cluster-metrics.ts).
 */
export type ClusterMetricsSource = (local: MetricsReport, timeoutMs: number) => Promise<ClusterGathering>;

let clusterSource: ClusterMetricsSource | undefined;

/** A host whose process is one worker of several registers how to gather their figures. */
export function registerClusterMetrics(source: ClusterMetricsSource | undefined): void {
  clusterSource = source;
}

/** The gathering registered for this process, if it is a worker of a cluster. */
export function clusterMetrics(): ClusterMetricsSource | undefined {
  return clusterSource;
}
