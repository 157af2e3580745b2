/**
 * The App API, runtime-free: what every entry exports, whichever platform
 * backs it (asedge for Node: ./index.ts; asedge/worker: ../worker/api.ts).
 * An export added here appears on each; an entry adds only what is its own
 * (where the WASM core comes from, serve() or toWorker()).
 *
 * @example
 *   // host/index.ts, worker/api.ts
 *   export * from "./api.js";
 */
export { App } from "./app/app.js";
export { Context } from "./app/context.js";
export type { ResponseRecord, BodyValue, HeaderList } from "./app/response.js";
export type { AppRequest } from "./app/request.js";
export type { Handler, Next, ErrorHandler, NotFoundHandler, ParamKeys, ExecutionContext } from "./app/types.js";
export { afterNext } from "./app/compose.js";
export { HeaderDefaults } from "./app/header-defaults.js";
export { PreparedHeader } from "./app/prepared-header.js";
export { canonicalJson, type CanonicalJson } from "./app/json-canonical.js";
export { BodyTooLargeError } from "./app/body.js";
export { FormError, type FormLimits, type ParseBodyOptions, type ParsedBody } from "./app/form.js";
export { validator } from "./app/validator.js";
export type { JsonSchema, Infer, ValidationTarget, ValidationIssue } from "./app/schema.js";
export { Core, type CoreOptions } from "./core/core.js";
export { WasmFetchApp } from "./wasm-app/fetch.js";
