// JSON benchmark: serialize user records held in WASM with the JsonWriter vs
// JSON.stringify / fast-json-stringify of the same records held in JS; parse
// throughput of the WASM reader (jsonParse → tape) vs JSON.parse.
//   npx vite-node bench/json.bench.ts
import { execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { run, bench, group, summary } from "mitata";
import fastJson from "fast-json-stringify";
import { instantiateCore } from "../host/node/core-file.js";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(`${root}bench/build`, { recursive: true });
execFileSync("npx", ["asc", "bench/assembly/json-records.ts", "-o", "bench/build/json.wasm", "-O3", "--converge",
  "--runtime", "stub", "--use", "abort=", "--noAssert", "--initialMemory", "64"], { cwd: root, stdio: "inherit" });

interface BenchExports {
  memory: WebAssembly.Memory;
  setup(n: number): void;
  serialize(n: number, out: number, cap: number): number;
  region(size: number): number;
}
const wasm = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`${root}bench/build/json.wasm`)), {})
  .exports as unknown as BenchExports;

const CITIES = ["Berlin", "Zürich", "São Paulo", 'New "York"', "東京"];
function makeRecords(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: i, name: `User ${i}`, email: `user${i}@example.com`, age: 18 + (i % 60), score: i * 1.37 + 0.5,
    active: i % 3 !== 0,
    address: { street: `${i} Main St`, city: CITIES[i % 5], zip: 10000 + i },
    tags: i % 3 !== 0 ? ["admin", "beta"] : ["admin"],
  }));
}

const stringifyFast = fastJson({
  type: "array",
  items: {
    type: "object",
    properties: {
      id: { type: "integer" }, name: { type: "string" }, email: { type: "string" }, age: { type: "integer" },
      score: { type: "number" }, active: { type: "boolean" },
      address: { type: "object", properties: { street: { type: "string" }, city: { type: "string" }, zip: { type: "integer" } } },
      tags: { type: "array", items: { type: "string" } },
    },
  },
});

const MAX = 1000;
wasm.setup(MAX);
const OUT_CAP = 1 << 20;
const out = wasm.region(OUT_CAP);
const decoder = new TextDecoder();

const sizes = [10, 100, 1000];
for (const n of sizes) {
  const records = makeRecords(n);
  const len = wasm.serialize(n, out, OUT_CAP);
  const fromWasm = decoder.decode(new Uint8Array(wasm.memory.buffer, out, len));
  if (fromWasm !== JSON.stringify(records)) throw new Error(`WASM output differs from JSON.stringify at n=${n}`);
  if (stringifyFast(records) !== fromWasm) throw new Error(`fast-json-stringify output differs at n=${n}`);
  summary(() => {
    group(`serialize ${n} records (${len} bytes)`, () => {
      bench("asedge JsonWriter (WASM, bytes in memory)", () => wasm.serialize(n, out, OUT_CAP)).baseline(true);
      bench("asedge JsonWriter + copy out to a Buffer", () => {
        const k = wasm.serialize(n, out, OUT_CAP);
        return Buffer.from(new Uint8Array(wasm.memory.buffer, out, k));
      });
      bench("JSON.stringify (JS objects → string)", () => JSON.stringify(records));
      bench("JSON.stringify + Buffer.from (→ bytes)", () => Buffer.from(JSON.stringify(records)));
      bench("fast-json-stringify", () => stringifyFast(records));
    });
  });
}

// Parse: the product core's jsonParse (bytes → tape) vs JSON.parse (string → objects).
const core = instantiateCore();
core.configure(0, 0, 0, 0, 1, 8 << 20, 0);
const slot = core.acquire();
const tapeAt = core.slotInput(slot) + (2 << 20);
for (const [k, n] of sizes.entries()) {
  const inAt = core.slotInput(slot) + k * (512 << 10); // each size keeps its own input region
  const text = JSON.stringify(makeRecords(n));
  const bytes = Buffer.from(text);
  new Uint8Array(core.memory.buffer).set(bytes, inAt);
  if (core.jsonParse(inAt, bytes.length, tapeAt, 6 << 20) < 0) throw new Error("parse failed");
  const copyAt = core.slotInput(slot) + 3 * (512 << 10);
  summary(() => {
    group(`parse ${n} records (${bytes.length} bytes)`, () => {
      bench("asedge jsonParse (WASM, bytes in memory → tape)", () => core.jsonParse(inAt, bytes.length, tapeAt, 6 << 20)).baseline(true);
      bench("asedge copy in + jsonParse", () => {
        new Uint8Array(core.memory.buffer).set(bytes, copyAt);
        return core.jsonParse(copyAt, bytes.length, tapeAt, 6 << 20);
      });
      bench("JSON.parse (string → objects)", () => JSON.parse(text));
      bench("JSON.parse(buffer.toString())", () => JSON.parse(bytes.toString()));
    });
  });
}

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`);
await run();
