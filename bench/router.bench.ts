// Router lookups: the WASM router through the real boundary (the Hono adapter,
// and the raw core call a host makes, reading every param span) side by side
// with Hono's RegExpRouter, TrieRouter and find-my-way, on a small API table
// and a GitHub-like table, hits and misses; plus the lookup cost inside WASM
// with no boundary.
//   npx vite-node bench/router.bench.ts
import { run, bench, group, summary, do_not_optimize } from "mitata";
import type { Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";
import FindMyWay from "find-my-way";
import { WasmRouter } from "../host/hono/index.js";
import { instantiateCore } from "../host/node/core-file.js";
import { METHODS, ROUTE_MATCH } from "../host/core/abi.js";
import { buildLoop, loadLoop } from "./router/in-wasm.js";
import { SMALL, SMALL_HITS, SMALL_MISSES, LARGE, LARGE_HITS, LARGE_MISSES, type Route } from "./router/tables.js";

const LOOP_WASM = buildLoop();

const METHOD_ID = new Map(Object.entries(METHODS).map(([id, name]) => [name, Number(id)]));
const enc = new TextEncoder();

/**
 * The raw boundary as a host uses it: write the path, one call, then read
 * every match record and every param span (name index, offset, length) — what
 * a host needs to run the handlers. Turning a span into a string is left to
 * the handler that asks for the param (lazy, as in asedge's own hosts), so
 * reading the spans is the like-for-like counterpart of the peers' param objects.
 */
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
  core.routeMatch(1, 0, 0, region, 0, out, 8192); // freeze (may grow memory: views after it)
  const u8 = new Uint8Array(core.memory.buffer);
  const u32 = new Uint32Array(core.memory.buffer);
  const pathView = u8.subarray(region, region + 8192);
  return (method: number, path: string): number => {
    // ASCII paths: a JS loop for short ones, encodeInto for longer (as the adapter does).
    if (path.length <= 24) for (let i = 0; i < path.length; i++) u8[region + i] = path.charCodeAt(i);
    else enc.encodeInto(path, pathView);
    const n = core.routeMatch(method, 0, 0, region, path.length, out, 8192);
    let sum = n;
    let w = (out + ROUTE_MATCH.HEADER_SIZE) >>> 2;
    for (let i = 0; i < n; i++) {
      const count = u32[w + 1];
      sum += u32[w];
      w += 2;
      for (let k = 0; k < count; k++, w += 3) sum += u32[w] + u32[w + 1] + u32[w + 2];
    }
    return sum;
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

const ADAPTER = "asedge WasmRouter (Hono adapter)";
const RAW = "asedge core (raw boundary)";
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
        bench(name(ADAPTER), () => { for (const [m, p] of reqs) do_not_optimize(wasm.match(m, p)); });
        bench(name(RAW), () => { for (let i = 0; i < reqs.length; i++) do_not_optimize(raw(ids[i], reqs[i][1])); });
        bench(name("hono RegExpRouter"), () => { for (const [m, p] of reqs) do_not_optimize(regexp.match(m, p)); });
        bench(name("hono TrieRouter"), () => { for (const [m, p] of reqs) do_not_optimize(trie.match(m, p)); });
        bench(name("find-my-way"), () => { for (const [m, p] of reqs) do_not_optimize(fmw.find(m as "GET", p)); });
      });
    });
  }
}

// Per lookup: mitata's median and mean per iteration ÷ requests per iteration.
// The median is the headline: on a shared machine, preemptions inflate the mean.
const result = await run();
const median = new Map<string, number>(); // "router · table · kind" → ns/lookup
console.log("\n| table · requests | router | ns/lookup (median) | ns/lookup (mean) | lookups/s (median) |\n|---|---|---:|---:|---:|");
for (const b of result.benchmarks) {
  const stats = b.runs[0].stats!;
  const [p50, avg] = [stats.p50, stats.avg].map((ns) => ns / perLookup.get(b.alias)!);
  median.set(b.alias, p50);
  const [router, table, kind] = b.alias.split(" · ");
  console.log(`| ${table} · ${kind} | ${router} | ${p50.toFixed(1)} | ${avg.toFixed(1)} | ${(1e3 / p50).toFixed(2)} M |`);
}
console.log("\nSpeed relative to the peer, from the medians (> 1 = asedge faster):\n");
console.log("| table · requests | adapter / RegExpRouter | adapter / find-my-way | raw core / RegExpRouter | raw core / find-my-way |\n|---|---:|---:|---:|---:|");
for (const [table] of TABLES) {
  for (const kind of ["hits", "misses"]) {
    const ns = (router: string) => median.get(`${router} · ${table} · ${kind}`)!;
    const ratio = (ours: string, peer: string) => (ns(peer) / ns(ours)).toFixed(2);
    const [adapter, raw, regexp, fmw] = [ADAPTER, RAW, "hono RegExpRouter", "find-my-way"];
    console.log(`| ${table} · ${kind} | ${ratio(adapter, regexp)} | ${ratio(adapter, fmw)} | ${ratio(raw, regexp)} | ${ratio(raw, fmw)} |`);
  }
}
console.log("\nIn-WASM lookup (no boundary, loop inside the module; median of 9 timings):\n");
console.log("| table · requests | in-WASM core ns/lookup | lookups/s |\n|---|---:|---:|");
for (const [table, routes, hits, misses] of TABLES) {
  for (const [kind, requests] of [["hits", hits], ["misses", misses]] as const) {
    const loop = loadLoop(LOOP_WASM, routes as Route[], requests as Route[]);
    const samples = Array.from({ length: 9 }, () => loop.nsPerLookup(25000)).sort((a, b) => a - b);
    const ns = samples[4]; // the median of 9 timings: a preemption spoils one, not the figure
    console.log(`| ${table} · ${kind} | ${ns.toFixed(1)} | ${(1e3 / ns).toFixed(2)} M |`);
  }
}
