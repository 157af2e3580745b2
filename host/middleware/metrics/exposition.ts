/**
 * The core's figures in the Prometheus text format 0.0.4, or OpenMetrics 1.0
 * (`_total` samples of `counter` families, `# UNIT`, `# EOF`).
 *
 *   # HELP asedge_http_requests_total Requests answered, by method, route and status class.
 *   # TYPE asedge_http_requests_total counter
 *   asedge_http_requests_total{method="GET",route="/users/:id",status="2xx"} 12
 *   # HELP asedge_http_request_duration_seconds …
 *   # TYPE asedge_http_request_duration_seconds histogram
 *   asedge_http_request_duration_seconds_bucket{route="/users/:id",le="0.000001"} 0
 *   …
 *   asedge_http_request_duration_seconds_bucket{route="/users/:id",le="+Inf"} 12
 *   asedge_http_request_duration_seconds_sum{route="/users/:id"} 0.000972
 *   asedge_http_request_duration_seconds_count{route="/users/:id"} 12
 */
import { METHODS, PARSE_ERRORS, METRICS } from "../../core/abi.js";
import { latencyBucketBounds, requestLabels, type Figures, type MetricsSnapshot, type RouteFigures, type WorkerAnswer } from "../../core/metrics.js";
import { routeLabel as labelOf, UNMATCHED_LABEL, type RouteLabel } from "../../app/routes.js";

export type Format = "prometheus" | "openmetrics";

export const CONTENT_TYPES: Record<Format, string> = {
  prometheus: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

/** Figures a host adds (connections, pool): name → [type, help, value, merge rule]. */
export type ExtraFigures = Figures;

/** Which workers' figures a cluster-wide answer holds. */
export interface ClusterSummary {
  workers: readonly WorkerAnswer[];
  timeoutMs: number;
}

/** Upper bounds in seconds, as Prometheus prints them. */
const LE = latencyBucketBounds().map((us) => (us === Infinity ? "+Inf" : String(us / 1e6)));
export { UNMATCHED_LABEL };

/** A label value with \\, " and newline escaped. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function routeLabel(figures: RouteFigures, labels: readonly RouteLabel[]): string {
  return labelOf(figures.route, labels);
}

/**
 * The exposition of `snapshot` (route labels from `labels`), the `extra`
 * figures, and, for the sum over a cluster, which workers answered: the
 * `cluster_workers{state}` and `cluster_worker_answered{worker}` gauges, and
 * (Prometheus text only; OpenMetrics allows no free comments) a comment line
 * naming each worker whose figures are missing from the sums.
 */
export function formatMetrics(snapshot: MetricsSnapshot, labels: readonly RouteLabel[], extra: ExtraFigures, format: Format, prefix = "asedge_",
  cluster?: ClusterSummary): string {
  const open = format === "openmetrics";
  const out: string[] = [];
  /** HELP/TYPE (and UNIT) lines; OpenMetrics names a counter family without `_total`. */
  const family = (name: string, type: string, help: string, unit?: string) => {
    const base = open && type === "counter" ? name.replace(/_total$/, "") : name;
    out.push(`# HELP ${base} ${help}`, `# TYPE ${base} ${type}`);
    if (open && unit) out.push(`# UNIT ${base} ${unit}`);
  };

  family(`${prefix}http_requests_total`, "counter", "Requests answered, by method, route and status class.");
  for (const figures of snapshot.routes) {
    const route = escapeLabel(routeLabel(figures, labels));
    figures.requests.forEach((n, i) => {
      if (n === 0) return;
      const { method, status } = requestLabels(i);
      out.push(`${prefix}http_requests_total{method="${method}",route="${route}",status="${status}"} ${n}`);
    });
  }

  family(`${prefix}http_request_duration_seconds`, "histogram",
    "Time from the request's first byte to its response written (fetch hosts: from the handler's start), by route.", "seconds");
  for (const figures of snapshot.routes) {
    const route = escapeLabel(routeLabel(figures, labels));
    let cumulative = 0;
    figures.buckets.forEach((n, b) => {
      cumulative += n;
      out.push(`${prefix}http_request_duration_seconds_bucket{route="${route}",le="${LE[b]}"} ${cumulative}`);
    });
    out.push(`${prefix}http_request_duration_seconds_sum{route="${route}"} ${figures.latencySumUs / 1e6}`);
    out.push(`${prefix}http_request_duration_seconds_count{route="${route}"} ${cumulative}`);
  }

  for (const [name, help, pick] of [
    ["http_request_bytes_total", "Request bytes received (head and body), by route.", (f: RouteFigures) => f.bytesIn],
    ["http_response_bytes_total", "Response bytes written (head and body; a streamed body counts its head), by route.", (f: RouteFigures) => f.bytesOut],
  ] as const) {
    family(`${prefix}${name}`, "counter", help, "bytes");
    for (const figures of snapshot.routes) out.push(`${prefix}${name}{route="${escapeLabel(routeLabel(figures, labels))}"} ${pick(figures)}`);
  }

  family(`${prefix}http_parse_errors_total`, "counter", "Requests the parser rejected, by error code.");
  snapshot.parseErrors.forEach((n, code) => {
    if (n === 0 || !PARSE_ERRORS[code]) return;
    const [name, status] = PARSE_ERRORS[code];
    out.push(`${prefix}http_parse_errors_total{code="${name}",status="${status}"} ${n}`);
  });

  for (const [name, [type, help, value]] of Object.entries(extra)) {
    family(`${prefix}${name}`, type, help);
    out.push(`${prefix}${name} ${value}`);
  }
  if (cluster) {
    const missing = cluster.workers.filter((w) => !w.report);
    family(`${prefix}cluster_workers`, "gauge", "Workers whose figures these sums hold (answered) and workers that did not answer or were down (missing).");
    out.push(`${prefix}cluster_workers{state="answered"} ${cluster.workers.length - missing.length}`);
    out.push(`${prefix}cluster_workers{state="missing"} ${missing.length}`);
    family(`${prefix}cluster_worker_answered`, "gauge", "1 when the worker's figures are in these sums, 0 when they are missing.");
    for (const w of cluster.workers) out.push(`${prefix}cluster_worker_answered{worker="${w.worker}"} ${w.report ? 1 : 0}`);
    if (!open) for (const w of missing) out.push(`# ${missingLine(w, cluster.timeoutMs)}`);
  }
  if (open) out.push("# EOF");
  return out.join("\n") + "\n";
}

/** Why a worker's figures are missing, as the comment line says it. */
export function missingLine(w: WorkerAnswer, timeoutMs: number): string {
  const who = `worker ${w.worker}${w.pid === undefined ? "" : ` (pid ${w.pid})`}`;
  const why = w.missing === "timeout" ? `did not answer within ${timeoutMs} ms`
    : w.missing === "no primary" ? `was not asked: the primary did not answer within ${timeoutMs} ms`
    : w.missing === "exited" ? "exited before it answered"
    : w.missing === "starting" ? "is starting (not listening yet)"
    : "is down (exited; a restart may be pending)";
  return `${who} ${why}: its figures are not in these sums`;
}

/** OpenMetrics when the client asks for it in Accept (as Prometheus does), else the 0.0.4 text format. */
export function negotiate(accept: string | undefined): Format {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept) ? "openmetrics" : "prometheus";
}
