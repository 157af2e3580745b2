/**
 * metrics(): the core's request figures (recorded inside WASM, no
 * allocation per request), the slot pool and the host's own figures, at a
 * route of your choice in the Prometheus text format (OpenMetrics 1.0 when
 * the scraper asks for it). In a worker of `serve(app, { workers: n })` it
 * answers the sum over every worker, gathered by the host (the Node host:
 * cluster IPC, host/node/cluster-metrics.ts) through registerClusterMetrics;
 * workers that did not answer in time are named, not hidden.
 *
 * @example
 *   import { metrics } from "asedge/middleware/metrics";
 *   app.get("/metrics", metrics());
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import { routeLabels } from "../../app/routes.js";
import { clusterMetrics, localReport, mergeFigures, mergeMetrics, poolFigures } from "../../core/metrics.js";
import { CONTENT_TYPES, formatMetrics, negotiate } from "./exposition.js";

export { formatMetrics, negotiate, escapeLabel, missingLine, CONTENT_TYPES, UNMATCHED_LABEL, type ExtraFigures, type Format, type ClusterSummary } from "./exposition.js";
export { poolFigures };

export interface MetricsOptions {
  /** Prefix of every metric name (default "asedge_"). */
  prefix?: string;
  /**
   * In a worker of `serve(app, { workers: n })`: answer the sum over every
   * worker (true) or this worker's own figures (false) (default true).
   */
  cluster?: boolean;
  /** How long the sum over a cluster waits for the other workers, ms; a worker that has not answered by then is reported missing (default 1 000). */
  clusterTimeout?: number;
}

export function metrics(options: MetricsOptions = {}): Handler {
  const prefix = options.prefix ?? "asedge_";
  const timeoutMs = options.clusterTimeout ?? 1000;
  return function metricsEndpoint(c: Context) {
    const core = c.req.core;
    const format = negotiate(c.req.header("accept"));
    const local = localReport(core);
    const gather = options.cluster === false ? undefined : clusterMetrics();
    const answer = (text: string) => c.body(text, 200, { "Content-Type": CONTENT_TYPES[format] });
    if (!gather) return answer(formatMetrics(local.snapshot, routeLabels(core), local.figures, format, prefix));
    return gather(local, timeoutMs).then((gathering) => {
      const reports = gathering.workers.flatMap((w) => (w.report ? [w.report] : []));
      return answer(formatMetrics(mergeMetrics(reports.map((r) => r.snapshot)), routeLabels(core), mergeFigures(reports.map((r) => r.figures)),
        format, prefix, gathering));
    });
  };
}
