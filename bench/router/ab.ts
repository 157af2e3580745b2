// A/B of the in-WASM lookup between builds of the loop entry, in one process,
// alternating builds so that load changes on a shared machine hit all alike.
//   npx vite-node bench/router/ab.ts a.wasm b.wasm …   (PER=1: per request)
// Build one with buildLoop(out) (in-wasm.ts) or the asc line in it, per tree.
import { loadLoop } from "./in-wasm.js";
import { SMALL, SMALL_HITS, SMALL_MISSES, LARGE, LARGE_HITS, LARGE_MISSES, type Route } from "./tables.js";

const files = process.argv.slice(2);
const perRequest = process.env.PER === "1";
const TABLES: [string, Route[], Route[], Route[]][] = [
  ["small", SMALL, SMALL_HITS, SMALL_MISSES], ["large", LARGE, LARGE_HITS, LARGE_MISSES],
];
const SAMPLES = 15;
for (const [table, routes, hits, misses] of TABLES) {
  for (const [kind, requests] of [["hits", hits], ["misses", misses]] as const) {
    const sets: [string, Route[]][] = perRequest ? requests.map((r) => [`${r[0]} ${r[1]}`, [r]]) : [[`${table} ${kind}`, requests]];
    for (const [label, reqs] of sets) {
      const builds = files.map((f) => loadLoop(f, routes, reqs));
      if (new Set(builds.map((b) => b.matches)).size > 1) throw new Error(`${label}: builds disagree on the match count`);
      const samples: number[][] = files.map(() => []);
      for (let k = 0; k < SAMPLES; k++) builds.forEach((b, i) => samples[i].push(b.nsPerLookup(Math.round(400000 / reqs.length))));
      const medians = samples.map((s) => s.sort((a, b) => a - b)[SAMPLES >> 1]);
      console.log(`${label.padEnd(60)} ${medians.map((m) => m.toFixed(1).padStart(7)).join(" ")}`);
    }
  }
}
