// The debug build of the core (build/asedge.debug.wasm): the same boundary as
// the release build, plus the constant exports (layout offsets, codes) that
// scripts/build-core.mjs drops from the release build, which V8 would
// otherwise make a WebAssembly.Global of at every instantiation. Tests check
// the TypeScript mirror against these.
import { readFileSync } from "node:fs";
import { CORE_WASM_URL } from "../../host/node/core-file.js";

export const DEBUG_CORE_WASM_URL = new URL("asedge.debug.wasm", CORE_WASM_URL);

/** A fresh instance of the debug build, its exports by name. */
export function debugCoreExports(): Record<string, WebAssembly.Global | Function | WebAssembly.Memory> {
  return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(DEBUG_CORE_WASM_URL)), {}).exports as Record<string, WebAssembly.Global>;
}

/** The value of the debug build's exported constant `name` (u32). */
export function coreConstant(name: string): number {
  const g = constants[name];
  if (!(g instanceof WebAssembly.Global)) throw new Error(`${name} is not an exported global`);
  return Number(g.value) >>> 0;
}

const constants = debugCoreExports();
