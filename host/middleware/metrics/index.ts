/**
 * metrics(): the core's request figures (recorded inside WASM, no
 * allocation per request), the slot pool and the host's own figures, at a
 * route of your choice in the Prometheus text format (OpenMetrics 1.0 when
 * the scraper asks for it).
 *
 * @example
 *   import { metrics } from "asedge/middleware/metrics";
 *   app.get("/metrics", metrics());
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import { routeLabels } from "../../app/routes.js";
import { Stat } from "../../core/abi.js";
import type { Core } from "../../core/core.js";
import { readMetrics, hostFigures } from "../../core/metrics.js";
import { CONTENT_TYPES, formatMetrics, negotiate, type ExtraFigures } from "./exposition.js";

export { formatMetrics, negotiate, escapeLabel, CONTENT_TYPES, UNMATCHED_LABEL, type ExtraFigures, type Format } from "./exposition.js";

export interface MetricsOptions {
  /** Prefix of every metric name (default "asedge_"). */
  prefix?: string;
}

export function metrics(options: MetricsOptions = {}): Handler {
  const prefix = options.prefix ?? "asedge_";
  return function metricsEndpoint(c: Context) {
    const core = c.req.core;
    const format = negotiate(c.req.header("accept"));
    const text = formatMetrics(readMetrics(core), routeLabels(core), { ...poolFigures(core), ...hostFigures(core) }, format, prefix);
    return c.body(text, 200, { "Content-Type": CONTENT_TYPES[format] });
  };
}

/** The slot pool's figures (every host). */
export function poolFigures(core: Core): ExtraFigures {
  const stat = core.exports.stat;
  return {
    pool_slots: ["gauge", "Request slots laid out (small).", stat(Stat.CAPACITY)],
    pool_slots_max: ["gauge", "Request slots the pool may grow to (small).", stat(Stat.MAX_CAPACITY)],
    pool_slots_in_use: ["gauge", "Request slots in use (small and large).", stat(Stat.IN_USE)],
    pool_slots_high_water: ["gauge", "Most request slots in use at once.", stat(Stat.HIGH_WATER)],
    pool_exhausted_total: ["counter", "Requests refused because no slot was free (503).", stat(Stat.EXHAUSTED)],
    pool_large_slots: ["gauge", "Large request slots laid out.", stat(Stat.LARGE_CAPACITY)],
    pool_large_slots_in_use: ["gauge", "Large request slots in use.", stat(Stat.LARGE_IN_USE)],
  };
}
