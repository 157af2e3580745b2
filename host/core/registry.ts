/**
 * Where the WASM core comes from: the one registry. Each platform entry
 * (asedge and asedge/hono for Node, asedge/worker and the Workers build of
 * asedge/hono) registers how to get the compiled module, so everything that
 * needs a core (App, WasmRouter) stays runtime-free. Every App gets an
 * instance of its own: a core's route table is fixed once it starts matching,
 * so two apps cannot share one.
 */
import type { CoreExports } from "./abi.js";
import { Core, type CoreOptions } from "./core.js";

export const ERR_NO_CORE =
  "asedge: no WASM core registered; import from 'asedge' (Node), 'asedge/worker' (Workers) or 'asedge/hono', or pass one yourself (app.bind(core), new WasmRouter(module))";

let source: (() => WebAssembly.Module) | undefined;
/** An instance made when the module was registered (Workers: at module scope, before the first request). */
let spare: CoreExports | undefined;

/** Register the platform's compiled core; `instantiateNow` makes the first instance at once. */
export function registerCoreModule(get: () => WebAssembly.Module, options: { instantiateNow?: boolean } = {}): void {
  source = get;
  if (options.instantiateNow) spare = instantiateCoreModule(get()); // a spare already made is of the same core
}

/** The platform's compiled core module. */
export function platformCoreModule(): WebAssembly.Module {
  if (!source) throw new Error(ERR_NO_CORE);
  return source();
}

/** A fresh instance of a core module (the core imports nothing). */
export function instantiateCoreModule(module: WebAssembly.Module): CoreExports {
  return new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
}

/** A new core from the platform's module, with `options` (limits, pool) when given. */
export function platformCore(options?: CoreOptions): Core {
  const exports = spare ?? instantiateCoreModule(platformCoreModule());
  spare = undefined;
  return new Core(exports, options);
}
