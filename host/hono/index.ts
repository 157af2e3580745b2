/**
 * asedge/hono on Node (and any runtime with node:fs): WasmRouter with the
 * core read from disk and compiled once per process, on first use.
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   const app = new Hono({ router: new WasmRouter() });
 */
import { coreModule } from "../wasm.js";
import { setCoreModuleSource } from "./core-module.js";

setCoreModuleSource(coreModule);

export * from "./wasm-router.js";
