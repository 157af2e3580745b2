/** Loading an AssemblyScript app .wasm on Node (compiled once per process). */
import { readFileSync } from "node:fs";
import { WasmSlotApp } from "./slot-app.js";

/** A SlotApp serving the app .wasm at `path` (from `asedge build`). */
export function loadWasmApp(path: string | URL): WasmSlotApp {
  return new WasmSlotApp(new WebAssembly.Module(readFileSync(path)));
}
