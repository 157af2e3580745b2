/**
 * The core .wasm on disk (Node): compiled once per process.
 *
 * @example
 *   const core = new Core(instantiateCore(), { maxBodyBytes: 64 * 1024 });
 */
import { readFileSync } from "node:fs";
import type { CoreExports } from "../core/abi.js";
import { instantiateCoreModule } from "../core/registry.js";

/** build/asedge.wasm, next to host/ in the source tree and in the package. */
export const CORE_WASM_URL = new URL("../../build/asedge.wasm", import.meta.url);

let compiled: WebAssembly.Module | undefined;

/** The compiled module (compiled once; instances share it). */
export function coreModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(readFileSync(CORE_WASM_URL)));
}

/** A fresh instance of the core (default: the one on disk). */
export function instantiateCore(module: WebAssembly.Module = coreModule()): CoreExports {
  return instantiateCoreModule(module);
}
