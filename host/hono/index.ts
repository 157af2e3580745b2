/**
 * asedge/hono on Node (and any runtime with node:fs): WasmRouter with the
 * core read from disk and compiled once per process, on first use.
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   const app = new Hono({ router: new WasmRouter() });
 */
import { coreModule } from "../node/core-file.js";
import { registerCoreModule } from "../core/registry.js";

registerCoreModule(coreModule);

export * from "./wasm-router.js";
