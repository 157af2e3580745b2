// Start-up of the wasi:http component's core module in V8 (bench/wasi.bench.ts),
// run in a fresh Node process per sample: compile it from bytes, then
// `count` times: instantiate (the start function runs, if the module has one)
// and call `initialize` (a no-op on a pre-initialised module). Imports throw:
// start-up calls none.
//
//   node bench/wasi/startup-core.mjs <core.wasm> <count>
import { readFileSync } from "node:fs";

const [file, count = "20"] = process.argv.slice(2);
const bytes = readFileSync(file);
let t = performance.now();
const module = new WebAssembly.Module(bytes);
const compileMs = performance.now() - t;
const imports = {};
for (const { module: from, name } of WebAssembly.Module.imports(module)) {
  (imports[from] ??= {})[name] = () => { throw new Error(`import ${from} ${name} called at start-up`); };
}
const instantiateMs = [];
const initializeMs = [];
for (let i = 0; i < Number(count); i++) {
  t = performance.now();
  const instance = new WebAssembly.Instance(module, imports);
  const t1 = performance.now();
  instance.exports.initialize();
  initializeMs.push(performance.now() - t1);
  instantiateMs.push(t1 - t);
}
console.log(JSON.stringify({ compileMs, instantiateMs, initializeMs }));
