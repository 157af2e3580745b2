/**
 * asedge/hono on Cloudflare Workers (the `workerd` and `worker` export
 * conditions): WasmRouter with the core imported as a precompiled module
 * (wrangler's CompiledWasm rule; Workers forbid compiling bytes at run time).
 * Each router instantiates it once, when constructed.
 *
 * @example
 *   import { Hono } from "hono";
 *   import { WasmRouter } from "asedge/hono";
 *   export default new Hono({ router: new WasmRouter() }).get("/", (c) => c.text("hi"));
 */
import coreModule from "../../build/asedge.wasm";
import { registerCoreModule } from "../core/registry.js";

registerCoreModule(() => coreModule);

export * from "./wasm-router.js";
export { ERR_HONO_MISSING } from "./missing-hono.js";
