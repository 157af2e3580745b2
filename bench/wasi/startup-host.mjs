// Start-up of a TypeScript-app core (bench/wasi.bench.ts), in a fresh Node
// process per sample, from the built package (dist/): compile build/asedge.wasm,
// then `count` times what the Node host does for each core it starts (and a
// Worker isolate for its app, at module scope + first request): instantiate,
// new Core (configure the slot pool, default options) and bind the reference
// app (its 27 routes into the WASM router). Nothing of it can be snapshotted at
// build time: the routes come from JavaScript at run time.
//
//   node bench/wasi/startup-host.mjs <count>
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const { Core } = await import(new URL("dist/host/core/core.js", root).href);
const { createReferenceApp } = await import(new URL("dist/host/reference/app.js", root).href);

const count = Number(process.argv[2] ?? 20);
const bytes = readFileSync(new URL("build/asedge.wasm", root));
let t = performance.now();
const module = new WebAssembly.Module(bytes);
const compileMs = performance.now() - t;
const instantiateMs = [];
const bindMs = [];
for (let i = 0; i < count; i++) {
  t = performance.now();
  const core = new Core(new WebAssembly.Instance(module, {}).exports);
  const t1 = performance.now();
  createReferenceApp().bind(core);
  bindMs.push(performance.now() - t1);
  instantiateMs.push(t1 - t);
}
console.log(JSON.stringify({ compileMs, instantiateMs, bindMs }));
