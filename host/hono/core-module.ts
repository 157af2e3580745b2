/**
 * Where a WasmRouter gets its core module when the caller passes none: each
 * entry point of asedge/hono (./index.ts for Node, ./worker.ts for Workers)
 * registers how to get it, so the router itself stays runtime-free.
 */
export const ERR_NO_CORE_MODULE =
  "WasmRouter: no WASM core module; import WasmRouter from 'asedge/hono', or pass the compiled module: new WasmRouter(module)";

let source: (() => WebAssembly.Module) | undefined;

export function setCoreModuleSource(get: () => WebAssembly.Module): void {
  source = get;
}

/** The platform's compiled core module. */
export function defaultCoreModule(): WebAssembly.Module {
  if (!source) throw new Error(ERR_NO_CORE_MODULE);
  return source();
}
