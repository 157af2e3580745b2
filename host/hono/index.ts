/**
 * asedge/hono on Node (and any runtime with node:fs): WasmRouter with the
 * core read from disk and compiled once per process, on first use.
 *
 * hono is an optional peer dependency: the adapter is imported here, after
 * checking, so a project without hono gets ERR_HONO_MISSING (how to install
 * it) rather than a module-resolution error naming one of our files.
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   const app = new Hono({ router: new WasmRouter() });
 */
import { coreModule } from "../node/core-file.js";
import { registerCoreModule } from "../core/registry.js";
import { explainMissingHono } from "./missing-hono.js";
import type * as Adapter from "./wasm-router.js";

registerCoreModule(coreModule);

const adapter: typeof Adapter = await import("./wasm-router.js").catch(explainMissingHono);

export const { WasmRouter, RouteRejectedError, MESSAGE_ROUTE_REJECTED } = adapter;
export type WasmRouter<T> = Adapter.WasmRouter<T>;
export type RouteRejectedError = Adapter.RouteRejectedError;
export type { WasmRouterCore } from "./wasm-router.js";
export { ERR_HONO_MISSING } from "./missing-hono.js";
