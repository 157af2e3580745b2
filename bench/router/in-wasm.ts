// The in-WASM lookup: bench/assembly/router-loop.ts compiled on its own (not
// the product .wasm), loaded with a route table and a request list, timing
// the match loop inside WASM with no boundary.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { METHODS } from "../../host/core/abi.js";
import type { Route } from "./tables.js";

const root = new URL("../..", import.meta.url).pathname;
const METHOD_ID = new Map(Object.entries(METHODS).map(([id, name]) => [name, Number(id)]));
const enc = new TextEncoder();

/** Compile the loop entry of the working tree to `out` (relative to the repo). */
export function buildLoop(out = "bench/build/router-loop.wasm"): string {
  mkdirSync(`${root}bench/build`, { recursive: true });
  execFileSync("npx", ["asc", "bench/assembly/router-loop.ts", "-o", out, "-O3", "--converge",
    "--runtime", "stub", "--use", "abort=", "--noAssert", "--initialMemory", "4"], { cwd: root, stdio: "inherit" });
  return `${root}${out}`;
}

interface LoopExports {
  memory: WebAssembly.Memory; buffer(): number;
  add(m: number, p: number, l: number): number;
  loop(reqs: number, count: number, rounds: number, out: number, cap: number): number;
}

/**
 * A loop module with `routes` registered and `requests` laid out, frozen and
 * warmed up. `matches` is the match count of one round (to compare builds);
 * `nsPerLookup(rounds)` times `rounds` rounds.
 */
export function loadLoop(wasmFile: string, routes: Route[], requests: Route[]) {
  const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), {}).exports as unknown as LoopExports;
  const buf = x.buffer();
  for (const [m, p] of routes) {
    const b = enc.encode(p);
    new Uint8Array(x.memory.buffer).set(b, buf);
    if (x.add(METHOD_ID.get(m)!, buf, b.length) < 0) throw new Error(`rejected ${p}`);
  }
  // Layout in the buffer: request table, then paths, then the match table.
  const reqs = buf, paths = buf + 1024, out = buf + 32768;
  let at = paths;
  requests.forEach(([m, p], i) => {
    const b = enc.encode(p);
    new Uint8Array(x.memory.buffer).set(b, at);
    new Uint32Array(x.memory.buffer, reqs + i * 12, 3).set([METHOD_ID.get(m)!, at, b.length]);
    at += b.length;
  });
  const matches = x.loop(reqs, requests.length, 1, out, 32768); // freezes the table
  x.loop(reqs, requests.length, 1000, out, 32768); // warm up
  return {
    matches,
    nsPerLookup(rounds: number): number {
      const t0 = performance.now();
      x.loop(reqs, requests.length, rounds, out, 32768);
      return ((performance.now() - t0) * 1e6) / (rounds * requests.length);
    },
  };
}
