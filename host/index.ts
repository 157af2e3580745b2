/**
 * asedge for Node: the App API and the Node host.
 *
 * @example
 *   import { App, serve } from "asedge";
 *   const app = new App().get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 *   await serve(app, { port: 3000 });
 */
import { Core } from "./core.js";
import { instantiateCore } from "./wasm.js";
import { setCoreFactory } from "./app/platform.js";

setCoreFactory((options) => new Core(instantiateCore(), options));

export { App } from "./app/app.js";
export { Context } from "./app/context.js";
export type { AppRequest } from "./app/request.js";
export type { Handler, Next, ErrorHandler, NotFoundHandler, ParamKeys, ExecutionContext } from "./app/types.js";
export { canonicalJson, type CanonicalJson } from "./app/json-canonical.js";
export { BodyTooLargeError } from "./app/body.js";
export { validator } from "./app/validator.js";
export type { JsonSchema, Infer, ValidationTarget, ValidationIssue } from "./app/schema.js";
export { Core, type CoreOptions } from "./core.js";
export { serve, NodeServer, type Server, type ServerStats } from "./node/server.js";
export type { ServeOptions } from "./node/options.js";
export type { ClusterOptions } from "./node/cluster.js";
export { loadWasmApp } from "./wasm-app/load.js";
export { WasmSlotApp } from "./wasm-app/slot-app.js";
export { WasmFetchApp } from "./wasm-app/fetch.js";
