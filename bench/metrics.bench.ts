/**
 * What recording metrics costs. (1) Load: the reference app's /plaintext and
 * /json on the Node host with metrics on, with the core's record compiled
 * out of respond() (the host still reads the clock twice per request), and
 * with both off (that core, performance.now() stubbed to 0): all three
 * servers running, alternating within each round, ratios taken within a
 * round, medians shown (a ratio below 1: fewer req/s with metrics on). (2) In process: one record in WASM (the
 * metricsRecord() export, as fetch hosts call it: one crossing) vs
 * prom-client's Histogram.observe() and prom-client doing what one record
 * does (a counter by method/route/status, the histogram, two byte counters).
 * Writes bench/results/metrics.md.
 *
 *   npm run build && npx vite-node bench/metrics.bench.ts [seconds per run] [rounds]
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { measure, do_not_optimize } from "mitata";
import client from "prom-client";
import { instantiateCore } from "../host/node/core-file.js";
import { Core } from "../host/core/core.js";
import { latencyBucketBounds, readMetrics } from "../host/core/metrics.js";
import { instantiateCoreModule } from "../host/core/registry.js";
import { AppSlotAdapter } from "../host/slot/app-adapter.js";
import { createReferenceApp } from "../host/reference/app.js";
import type { RequestStats } from "../host/app/stats.js";
import { alternatingRounds, answerInSlot, median, medianRun, type BenchServer } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 5);
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json"];
/** Where the "metrics on" server answers its server.stats() (bench/peers/asedge-metrics.mjs). */
const STATS_PORT = 4299;
const root = new URL("..", import.meta.url).pathname;

// --- the core without the record: assembly/ copied, the one metricsRecord() call in respond() removed, built as the release target is.
const scratch = mkdtempSync(path.join(os.tmpdir(), "asedge-metrics-off-"));
cpSync(path.join(root, "assembly"), path.join(scratch, "assembly"), { recursive: true });
const respondFile = path.join(scratch, "assembly/slot/respond.ts");
const RECORD_CALL = "  metricsRecord(route, req.methodId, status, latencyUs, req.messageEnd, <u32>length);\n";
const source = readFileSync(respondFile, "utf8");
if (!source.includes(RECORD_CALL)) throw new Error("bench/metrics.bench.ts: the metricsRecord() call in assembly/slot/respond.ts changed; update RECORD_CALL");
writeFileSync(respondFile, source.replace(RECORD_CALL, "  // (metrics off: no record)\n"));
const offCore = path.join(scratch, "asedge-metrics-off.wasm");
execFileSync(path.join(root, "node_modules/.bin/asc"), [path.join(scratch, "assembly/abi.ts"), "--outFile", offCore, "--optimizeLevel", "3", "--shrinkLevel", "0",
  "--converge", "--noAssert", "--runtime", "stub", "--use", "abort=", "--initialMemory", "2"], { cwd: scratch, stdio: "inherit" });

const VARIANTS: BenchServer[] = [
  { name: "metrics on", script: `${root}bench/peers/asedge-metrics.mjs`, env: { STATS_PORT: String(STATS_PORT) } },
  { name: "record compiled out, clock read", script: `${root}bench/peers/asedge-metrics.mjs`, env: { CORE: offCore } },
  { name: "metrics off (no record, no clock)", script: `${root}bench/peers/asedge-metrics.mjs`, env: { CORE: offCore, CLOCK: "off" } },
  // The same server as "metrics on" again: what two identical servers differ by here (the noise floor of a ratio).
  { name: "metrics on, a second server (A/A)", script: `${root}bench/peers/asedge-metrics.mjs` },
];
const [on, noRecord, off, onAgain] = VARIANTS.map((v) => v.name);

const loadAvgBefore = os.loadavg()[0];
/** req/s by variant and route, rounds in order. */
const runs: Record<string, Record<string, number[]>> = {};
const wrkRuns = await alternatingRounds(VARIANTS, ROUTES.map((route) => ({ name: route, route })), ROUNDS, SECONDS, { basePort: 4200, connections: CONNECTIONS });
// What the "metrics on" server counted itself (server.stats(), read from the core's tables), next to what wrk saw.
const served: RequestStats = (await (await fetch(`http://127.0.0.1:${STATS_PORT}/`)).json()).requests;
wrkRuns.stop();
const wrkOn = wrkRuns.runs[on];
for (const [name, byRoute] of Object.entries(wrkRuns.runs)) {
  runs[name] = Object.fromEntries(Object.entries(byRoute).map(([route, list]) => [route, list.map((r) => r.rps)]));
}

// --- in process: the slot path per request (what the Node host does, sockets aside), metrics on vs off.
// Copy the request into a slot, parse (routes it), answer through the App, respond (records), copy out.
const offModule = new WebAssembly.Module(readFileSync(offCore));
rmSync(scratch, { recursive: true, force: true });
function slotPath(module?: WebAssembly.Module): (request: Buffer) => number {
  const pathCore = new Core(module ? instantiateCoreModule(module) : instantiateCore());
  const adapter = new AppSlotAdapter(createReferenceApp());
  adapter.bind(pathCore);
  return (request) => answerInSlot(pathCore, adapter, request);
}
const PATH_ROUNDS = 9;
const PATH_N = 100_000;
const realNow = performance.now.bind(performance);
const paths = [
  { name: on, answer: slotPath(), clock: true },
  { name: off, answer: slotPath(offModule), clock: false },
];
/** ns per request by route and variant, rounds in order. */
const pathNs: Record<string, Record<string, number[]>> = {};
for (const r of ROUTES) {
  const request = Buffer.from(`GET ${r} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wrk\r\n\r\n`, "latin1");
  for (const p of paths) for (let i = 0; i < 20_000; i++) p.answer(request); // warm-up
  for (let round = 0; round < PATH_ROUNDS; round++) {
    for (const p of round % 2 ? [...paths].reverse() : paths) {
      const started = realNow();
      if (!p.clock) performance.now = () => 0;
      let bytes = 0;
      for (let i = 0; i < PATH_N; i++) bytes += p.answer(request);
      performance.now = realNow;
      ((pathNs[r] ??= {})[p.name] ??= []).push(((realNow() - started) * 1e6) / PATH_N);
      if (bytes === 0) throw new Error("bench/metrics.bench.ts: no response");
    }
  }
}

// --- in process: one record.
const REPS = 1000;
const core = new Core(instantiateCore());
const api = core.exports;
/** Latencies spread over the buckets (1 µs … ~1 s, log-uniform), the same sequence for every peer. */
const latenciesUs = Array.from({ length: 1024 }, (_, i) => Math.round(2 ** ((i * 7919) % 1024 / 1024 * 20)));
const latenciesS = latenciesUs.map((us) => us / 1e6);
const bounds = latencyBucketBounds().slice(0, -1).map((us) => us / 1e6);
const registry = new client.Registry();
const histDefault = new client.Histogram({ name: "h_default", help: "h", labelNames: ["route"], registers: [registry] });
const histSame = new client.Histogram({ name: "h_same", help: "h", labelNames: ["route"], buckets: bounds, registers: [registry] });
const requests = new client.Counter({ name: "requests_total", help: "r", labelNames: ["method", "route", "status"], registers: [registry] });
const bytesIn = new client.Counter({ name: "bytes_in_total", help: "b", labelNames: ["route"], registers: [registry] });
const bytesOut = new client.Counter({ name: "bytes_out_total", help: "b", labelNames: ["route"], registers: [registry] });
const route = { route: "/users/:id" };
const full = { method: "GET", route: "/users/:id", status: "2xx" };

const micro: [string, () => void][] = [
  ["asedge: metricsRecord() (one JS→WASM call: counts, bucket, sums)", () => {
    for (let i = 0; i < REPS; i++) api.metricsRecord(3, 1, 200, latenciesUs[i & 1023], 120, 240);
  }],
  ["prom-client: Histogram.observe({route}, s), default 11 buckets", () => {
    for (let i = 0; i < REPS; i++) histDefault.observe(route, latenciesS[i & 1023]);
  }],
  ["prom-client: Histogram.observe({route}, s), asedge's 53 buckets", () => {
    for (let i = 0; i < REPS; i++) histSame.observe(route, latenciesS[i & 1023]);
  }],
  ["prom-client: what one asedge record holds (counter by method/route/status, histogram with 53 buckets, 2 byte counters)", () => {
    for (let i = 0; i < REPS; i++) {
      requests.inc(full);
      histSame.observe(route, latenciesS[i & 1023]);
      bytesIn.inc(route, 120);
      bytesOut.inc(route, 240);
    }
  }],
  ["for scale: performance.now()", () => {
    let s = 0;
    for (let i = 0; i < REPS; i++) s += performance.now();
    do_not_optimize(s);
  }],
];
const MICRO_ROUNDS = 3;
const ns: Record<string, number[]> = {};
for (let round = 0; round < MICRO_ROUNDS; round++) {
  for (const [name, fn] of micro) {
    const stats = await measure(fn, { min_cpu_time: 5e8 });
    (ns[name] ??= []).push(stats.avg / REPS);
  }
}
// The records landed (the loop was not optimized away): route id 2 (3 = id + 1) counted GET 2xx.
const counted = readMetrics(core).routes.find((r) => r.route === 2)?.requests[1 * 5 + 1] ?? 0;
if (counted < REPS * MICRO_ROUNDS) throw new Error(`bench/metrics.bench.ts: the core counted ${counted} records`);

// --- results
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
let md = "# Metrics overhead\n\n";
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, load average before the run ${loadAvgBefore.toFixed(2)} (a shared VM: other engineers' builds and tests ran meanwhile; the spread between rounds below shows how noisy)\n`;
md += `- Command: \`npm run build && npx vite-node bench/metrics.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: the reference app (bench/peers/asedge-metrics.mjs) served four ways, all running, each pinned to core 0, wrk pinned to core 1 (1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up), ${ROUNDS} rounds, the four alternating within each route of a round (order rotated per round); a ratio is taken within a round, the table shows medians. "Record compiled out" is this tree's core built by the bench with the one \`metricsRecord()\` call in \`respond()\` removed (everything else identical); "metrics off" also stubs \`performance.now()\` to return 0 in that server, so the host's two clock readings per request cost nothing measurable; "a second server (A/A)" is the "metrics on" server started twice, so "on ÷ on (A/A)" shows how far two identical servers differ in this setup.\n\n`;
md += `| route | ${VARIANTS.map((v) => `${v.name} (req/s)`).join(" | ")} | on ÷ off | on ÷ record compiled out | on ÷ on (A/A) |\n|---|${VARIANTS.map(() => "---:").join("|")}|---:|---:|---:|\n`;
for (const r of ROUTES) {
  const ratio = (a: string, b: string) => median(runs[a][r].map((x, i) => x / runs[b][r][i]));
  const pct = (x: number) => `${x.toFixed(3)} (${x >= 1 ? "+" : "−"}${Math.abs((x - 1) * 100).toFixed(1)} %)`;
  md += `| ${r} | ${VARIANTS.map((v) => Math.round(median(runs[v.name][r])).toLocaleString("en-US")).join(" | ")} | ${pct(ratio(on, off))} | ${pct(ratio(on, noRecord))} | ${pct(ratio(on, onAgain))} |\n`;
}
md += `\nEvery run (req/s, rounds in order):\n\n`;
for (const [name, byRoute] of Object.entries(runs)) {
  md += `- ${name}: ${Object.entries(byRoute).map(([r, list]) => `${r} ${list.map((x) => Math.round(x)).join(", ")}`).join(" · ")}\n`;
}
md += `\n## What the server counted (server.stats())\n\n`;
md += `The "metrics on" server's own figures after the run, read with \`server.stats()\` (a second listener in that process answers them; the core's tables, the same figures /metrics exposes), next to what wrk counted over that server's measured runs. The server also counted the 2 s warm-up on ${ROUTES[0]} and the requests in flight when each wrk run stopped. Its latency runs from the socket read that brought a request's first byte to the \`respond()\` call that writes the response (quantiles are bucket upper bounds: overstated by < 50 %); wrk's runs from its send to its read of the whole response, so it adds the client, the kernel and the queue of 64 connections on one core.\n\n`;
md += `| route | server: requests | wrk: requests (measured runs) | server: p50 / p99 (µs) | server: mean (µs) | wrk: p50 / p99, median run |\n|---|---:|---:|---:|---:|---:|\n`;
for (const r of ROUTES) {
  const figures = served.routes.find((x) => x.route === r);
  if (!figures) throw new Error(`bench/metrics.bench.ts: server.stats() has no figures for ${r}`);
  const wrkCount = wrkOn[r].reduce((sum, run) => sum + run.requests, 0);
  if (figures.requests < wrkCount) throw new Error(`bench/metrics.bench.ts: the server counted ${figures.requests} requests on ${r}, wrk ${wrkCount}`);
  const mid = medianRun(wrkOn[r]);
  md += `| ${r} | ${figures.requests.toLocaleString("en-US")} | ${wrkCount.toLocaleString("en-US")} | ${figures.latency.p50Us} / ${figures.latency.p99Us} | ${figures.latency.meanUs.toFixed(1)} | ${mid.p50} / ${mid.p99} |\n`;
}
md += `\n## The slot path per request, in process\n\n`;
md += `What the Node host does per request, sockets aside (copy in, parse and route, the App answers, \`respond()\` writes and records, copy out), on one core instance each: metrics on vs off (the core with the record compiled out, \`performance.now()\` stubbed to 0 while that variant runs). ${PATH_ROUNDS} rounds × ${PATH_N.toLocaleString("en-US")} requests, alternating; medians. Sockets cost more than this path, so the share of a whole request is smaller than the share shown here.\n\n`;
md += `| route | on (ns/request) | off (ns/request) | on − off | on ÷ off (time) |\n|---|---:|---:|---:|---:|\n`;
for (const r of ROUTES) {
  const a = median(pathNs[r][on]);
  const b = median(pathNs[r][off]);
  const ratio = median(pathNs[r][on].map((x, i) => x / pathNs[r][off][i]));
  md += `| ${r} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a - b).toFixed(0)} ns | ${ratio.toFixed(3)} |\n`;
}
md += `\nEvery round (ns/request): ${ROUTES.map((r) => `${r}: on ${pathNs[r][on].map((x) => x.toFixed(0)).join(", ")}; off ${pathNs[r][off].map((x) => x.toFixed(0)).join(", ")}`).join(" · ")}\n`;
md += `\n## One record, in process (mitata)\n\n`;
md += `Each measured call makes ${REPS} records (latencies spread log-uniformly over 1 µs … 1 s, the same sequence for every row), ${MICRO_ROUNDS} rounds; ns per record, median of the rounds (every round in brackets). On the Node host the record rides inside \`respond()\`, so it does not pay the crossing this row includes.\n\n`;
md += `| what | ns / record | rounds |\n|---|---:|---|\n`;
for (const [name] of micro) md += `| ${name} | ${median(ns[name]).toFixed(1)} | ${ns[name].map((x) => x.toFixed(1)).join(", ")} |\n`;
writeFileSync(new URL("results/metrics.md", import.meta.url), md);
console.log(md);
