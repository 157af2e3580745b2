/**
 * What asedge/worker exports, whichever core backs it: the App API
 * (../host/api.ts, shared with asedge for Node) and toWorker(). The entries
 * (index.ts for workerd, node.ts for Node) only decide where the WASM core
 * comes from.
 */
import type { App } from "../host/app/app.js";
import type { CoreOptions } from "../host/core/core.js";
import type { ExecutionContext } from "../host/app/types.js";
import { platformCore } from "../host/core/registry.js";

/** What Workers call: the `fetch` of an ES-module Worker's default export. */
export interface WorkerHandler<E> {
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
}

export interface WorkerOptions {
  /** Limits and pool of the app's core (default: CoreOptions' defaults, e.g. 1 MiB bodies → 413). */
  core?: CoreOptions;
}

/**
 * An App as an ES-module Worker (`export default toWorker(app)`). Equivalent to
 * `export default app`; use it to add other handlers (scheduled, queue) beside
 * fetch, or to set the core's limits. With `core` options the routes are
 * compiled into a core made with them now, so add every route first.
 *
 * @example
 *   export default toWorker(app, { core: { maxBodyBytes: 8 * 1024 * 1024 } });
 *   export default { ...toWorker(app), scheduled: async (event, env, ctx) => { … } };
 */
export function toWorker<E>(app: App<E>, options: WorkerOptions = {}): WorkerHandler<E> {
  if (options.core) app.bind(platformCore(options.core));
  return { fetch: app.fetch as WorkerHandler<E>["fetch"] };
}

export * from "../host/api.js";
