/**
 * Node's WASM core for everything that asks the registry for one (App's fetch
 * path, WasmRouter): build/asedge.wasm from disk. Imported for this effect by
 * the `asedge` entry and by the CLI, which does not load that whole entry.
 *
 * @example
 *   import "./node/register-core.js";
 */
import { coreModule } from "./core-file.js";
import { registerCoreModule } from "../core/registry.js";

registerCoreModule(coreModule);
