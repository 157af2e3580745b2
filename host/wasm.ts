/**
 * Loads the core .wasm once per process and instantiates it.
 *
 * @example
 *   const core = instantiateCore();
 *   core.configure(0, 0, 0, 0, 0, 0, 0); // defaults
 */
import { readFileSync } from "node:fs";
import type { CoreExports } from "./abi.js";

/** build/asedge.wasm, next to host/ in the source tree and in the package. */
export const CORE_WASM_URL = new URL("../build/asedge.wasm", import.meta.url);

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled once; instances share it). */
export function coreModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(readFileSync(CORE_WASM_URL)));
}

/** A fresh instance of the core. The core imports nothing. */
export function instantiateCore(module: WebAssembly.Module = coreModule()): CoreExports {
  return new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
}
