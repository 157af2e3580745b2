/**
 * What asedge/worker exports, whichever core backs it: the App API and
 * toWorker(). The entries (index.ts for workerd, node.ts for Node) only
 * decide where the WASM core comes from.
 */
import type { App } from "../host/app/app.js";
import type { ExecutionContext } from "../host/app/types.js";

/** What Workers call: the `fetch` of an ES-module Worker's default export. */
export interface WorkerHandler<E> {
  fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response>;
}

/**
 * An App as an ES-module Worker (`export default toWorker(app)`). Equivalent to
 * `export default app`; use it to add other handlers (scheduled, queue) beside fetch.
 *
 * @example
 *   export default { ...toWorker(app), scheduled: async (event, env, ctx) => { … } };
 */
export function toWorker<E>(app: App<E>): WorkerHandler<E> {
  return { fetch: app.fetch as WorkerHandler<E>["fetch"] };
}

export { App } from "../host/app/app.js";
export { Context } from "../host/app/context.js";
export type { AppRequest } from "../host/app/request.js";
export type { Handler, Next, ErrorHandler, NotFoundHandler, ParamKeys, ExecutionContext } from "../host/app/types.js";
export { canonicalJson, type CanonicalJson } from "../host/app/json-canonical.js";
export { Core, type CoreOptions } from "../host/core.js";
export { WasmFetchApp } from "../host/wasm-app/fetch.js";
