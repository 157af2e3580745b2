/**
 * The AssemblyScript reference app (assembly/apps/reference.ts, built into
 * build/reference-app.wasm) as a Worker: the app .wasm is imported
 * precompiled and answers each request in one call, no JS handler.
 */
import appModule from "../build/reference-app.wasm";
import { WasmFetchApp } from "./index.js";

const app = new WasmFetchApp(appModule);

export default { fetch: app.fetch };
