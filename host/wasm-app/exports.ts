/**
 * What an AssemblyScript app .wasm exports (assembly/abi.ts and assembly/app/entry.ts): the core
 * ABI (host/core/abi.ts) plus one call per request.
 */
import type { CoreExports } from "../core/abi.js";

export interface AppExports extends CoreExports {
  readonly APP_ABI_VERSION: WebAssembly.Global;
  /**
   * Route + run the AS handlers + write the response into the slot: its
   * length (at REQ.RESPONSE_START) or < 0. `flags`: RespondFlag bits
   * (CLOSE; RELEASE hands the slot back in the same call).
   */
  handle(slot: number, flags: number, latencyUs: number): number;
  /** The app's 500 for a slot whose handler trapped. */
  handleFailed(slot: number, flags: number, latencyUs: number): number;
}

/** The app ABI this host speaks (assembly/app/entry.ts APP_ABI_VERSION). */
export const APP_ABI_VERSION = 1;

export const ERR_NOT_AN_APP = "asedge: this .wasm is not an AssemblyScript app (no handle export); build it with `asedge build`";
export const ERR_APP_ABI = "asedge: the app .wasm speaks another app ABI version; rebuild it with this asedge";

/** Instantiate an app module (it imports nothing) and check it is one. */
export function instantiateApp(module: WebAssembly.Module): AppExports {
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as AppExports;
  if (typeof exports.handle !== "function" || typeof exports.handleFailed !== "function") throw new Error(ERR_NOT_AN_APP);
  if (exports.APP_ABI_VERSION?.value !== APP_ABI_VERSION) throw new Error(ERR_APP_ABI);
  return exports;
}
