// Start-up of a transpiled component (bench/wasi.bench.ts), run in a fresh
// Node process per sample: compile its core modules from bytes, then
// instantiate it `count` times with a fresh preview2-shim import object each
// time (what `jco serve --isolate-requests instance` does per request).
//
//   node bench/wasi/startup.mjs <dir from jco transpile --instantiation sync> <name> <count>
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WASIShim } from "@bytecodealliance/preview2-shim/instantiation";

const [dir, name, count = "20"] = process.argv.slice(2);
const mod = await import(pathToFileURL(join(dir, `${name}.js`)).href);
const bytes = new Map(readdirSync(dir).filter((file) => file.endsWith(".wasm")).map((file) => [file, readFileSync(join(dir, file))]));
let t = performance.now();
const modules = new Map([...bytes].map(([file, b]) => [file, new WebAssembly.Module(b)]));
const compileMs = performance.now() - t;
const instantiateMs = [];
for (let i = 0; i < Number(count); i++) {
  t = performance.now();
  const instance = mod.instantiate((path) => modules.get(path), new WASIShim().getImportObject());
  instantiateMs.push(performance.now() - t);
  if (typeof instance.incomingHandler?.handle !== "function") throw new Error(`${name}: no incomingHandler.handle export`);
}
console.log(JSON.stringify({ compileMs, instantiateMs }));
