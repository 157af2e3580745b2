// Router lookups: the WASM router through the real boundary (the Hono adapter,
// and the raw core call a host makes) side by side with Hono's RegExpRouter,
// TrieRouter and find-my-way, on a small API table and a GitHub-like table,
// hits and misses; plus the lookup cost inside WASM with no boundary.
//   npx vite-node bench/router.bench.ts
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { run, bench, group, summary, do_not_optimize } from "mitata";
import type { Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";
import FindMyWay from "find-my-way";
import { WasmRouter } from "../host/hono/wasm-router.js";
import { instantiateCore } from "../host/wasm.js";
import { METHODS } from "../host/abi.js";
import { SMALL, SMALL_HITS, SMALL_MISSES, LARGE, LARGE_HITS, LARGE_MISSES, type Route } from "./router/tables.js";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(`${root}bench/build`, { recursive: true });
execFileSync("npx", ["asc", "assembly/router/bench/loop.ts", "-o", "bench/build/router-loop.wasm", "-O3", "--converge",
  "--runtime", "stub", "--use", "abort=", "--noAssert", "--initialMemory", "4"], { cwd: root, stdio: "inherit" });

const METHOD_ID = new Map(Object.entries(METHODS).map(([id, name]) => [name, Number(id)]));
const enc = new TextEncoder();

/** The raw boundary as a host uses it: write the path, one call, read the count and first route id. */
function rawCore(routes: Route[]) {
  const core = instantiateCore();
  core.configure(0, 0, 0, 1, 1, 0, 1);
  const region = core.slotInput(core.acquire());
  const out = region + 8192;
  const scratch = core.routerScratch();
  for (const [m, p] of routes) {
    const b = enc.encode(p);
    new Uint8Array(core.memory.buffer).set(b, scratch);
    if (core.routeAdd(METHOD_ID.get(m)!, 0, 0, scratch, b.length) < 0) throw new Error(`rejected ${p}`);
  }
  let u8 = new Uint8Array(core.memory.buffer);
  let u32 = new Uint32Array(core.memory.buffer);
  core.routeMatch(1, 0, 0, region, 0, out, 8192); // freeze
  if (u8.buffer !== core.memory.buffer) { u8 = new Uint8Array(core.memory.buffer); u32 = new Uint32Array(core.memory.buffer); }
  return (method: number, path: string): number => {
    for (let i = 0; i < path.length; i++) u8[region + i] = path.charCodeAt(i);
    const n = core.routeMatch(method, 0, 0, region, path.length, out, 8192);
    return n > 0 ? u32[(out + 12) >> 2] : -1;
  };
}

function loadHono<R extends Router<number>>(router: R, routes: Route[]): R {
  routes.forEach(([m, p], i) => router.add(m, p, i));
  return router;
}

function findMyWay(routes: Route[]) {
  const fmw = FindMyWay();
  routes.forEach(([m, p], i) => fmw.on(m as "GET", p, () => i));
  return fmw;
}

/** Per-lookup cost inside WASM: the loop entry matches the requests `rounds` times. */
function inWasm(routes: Route[], requests: Route[], rounds: number): number {
  const x = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`${root}bench/build/router-loop.wasm`)), {})
    .exports as unknown as {
      memory: WebAssembly.Memory; buffer(): number;
      add(m: number, p: number, l: number): number;
      loop(reqs: number, count: number, rounds: number, out: number, cap: number): number;
    };
  const buf = x.buffer();
  for (const [m, p] of routes) {
    const b = enc.encode(p);
    new Uint8Array(x.memory.buffer).set(b, buf);
    x.add(METHOD_ID.get(m)!, buf, b.length);
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
  x.loop(reqs, requests.length, 1000, out, 32768); // freeze + warm up
  const t0 = performance.now();
  x.loop(reqs, requests.length, rounds, out, 32768);
  return ((performance.now() - t0) * 1e6) / (rounds * requests.length);
}

/** The routes Hono's RegExpRouter accepts, in order (it refuses some param/static mixes). */
function regexpAccepts(routes: Route[]): Route[] {
  const kept: Route[] = [];
  for (const r of routes) {
    try {
      loadHono(new RegExpRouter<number>(), [...kept, r]).match("GET", "/");
      kept.push(r);
    } catch { /* UnsupportedPathError: leave it out */ }
  }
  return kept;
}

const GITHUB = regexpAccepts(LARGE);
console.log(`GitHub-like table: ${GITHUB.length} of ${LARGE.length} routes (RegExpRouter refuses the others)`);
const TABLES = [
  ["small (20 routes)", SMALL, SMALL_HITS, SMALL_MISSES],
  [`GitHub-like (${GITHUB.length} routes)`, GITHUB, LARGE_HITS, LARGE_MISSES],
] as const;

const perLookup = new Map<string, number>(); // bench name → requests per iteration
for (const [table, routes, hits, misses] of TABLES) {
  const wasm = loadHono(new WasmRouter<number>(), routes as Route[]);
  const regexp = loadHono(new RegExpRouter<number>(), routes as Route[]);
  const trie = loadHono(new TrieRouter<number>(), routes as Route[]);
  const fmw = findMyWay(routes as Route[]);
  const raw = rawCore(routes as Route[]);
  for (const [kind, requests] of [["hits", hits], ["misses", misses]] as const) {
    const reqs = requests as Route[];
    const ids = reqs.map(([m]) => METHOD_ID.get(m)!);
    // The WASM router must agree with Hono before it is timed.
    for (const [m, p] of reqs) {
      const a = wasm.match(m, p)[0].map((r: [number, unknown]) => r[0]);
      const b = trie.match(m, p)[0].map((r: [number, unknown]) => r[0]);
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${table}: ${m} ${p} differs from TrieRouter`);
    }
    group(`${table} — ${kind}`, () => {
      summary(() => {
        const name = (r: string) => { const n = `${r} · ${table} · ${kind}`; perLookup.set(n, reqs.length); return n; };
        bench(name("asedge WasmRouter (Hono adapter)"), () => { for (const [m, p] of reqs) do_not_optimize(wasm.match(m, p)); });
        bench(name("asedge core (raw boundary)"), () => { for (let i = 0; i < reqs.length; i++) do_not_optimize(raw(ids[i], reqs[i][1])); });
        bench(name("hono RegExpRouter"), () => { for (const [m, p] of reqs) do_not_optimize(regexp.match(m, p)); });
        bench(name("hono TrieRouter"), () => { for (const [m, p] of reqs) do_not_optimize(trie.match(m, p)); });
        bench(name("find-my-way"), () => { for (const [m, p] of reqs) do_not_optimize(fmw.find(m as "GET", p)); });
      });
    });
  }
}

const result = await run();
console.log("\n| table · requests | router | ns/lookup | lookups/s |\n|---|---|---:|---:|");
for (const b of result.benchmarks) {
  const avg = b.runs[0].stats!.avg / perLookup.get(b.alias)!;
  const [router, table, kind] = b.alias.split(" · ");
  console.log(`| ${table} · ${kind} | ${router} | ${avg.toFixed(1)} | ${(1e9 / avg / 1e6).toFixed(2)} M |`);
}
console.log("\nIn-WASM lookup (no boundary, loop inside the module):");
for (const [table, routes, hits, misses] of TABLES) {
  for (const [kind, requests] of [["hits", hits], ["misses", misses]] as const) {
    const ns = inWasm(routes as Route[], requests as Route[], 200000);
    console.log(`| ${table} · ${kind} | in-WASM core | ${ns.toFixed(1)} | ${(1e3 / ns).toFixed(2)} M |`);
  }
}
