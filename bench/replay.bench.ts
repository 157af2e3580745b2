/**
 * Record/replay (asedge/helper/replay), against a recording of 10,000 API
 * exchanges (≈ 1 KiB JSON answers) plus the reference app's GET /json:
 *
 * 1. In process: one replay lookup (the fingerprint computed in WASM, the
 *    index, the answer's bytes ready), p50/p99/p99.9 over 100,000 lookups.
 * 2. Start-up: `asedge replay` from spawn to listening, and the recording's
 *    load alone, vs `asedge serve` (the reference app).
 * 3. Throughput under wrk (alternating, medians): `asedge replay` on /json
 *    and on a recorded API call, vs the same host serving /json from its
 *    handler, a node:http Map replayer (the floor: exact URL, no
 *    fingerprint) and nock interceptors behind node:http (what nock users
 *    run); RSS per idle keep-alive connection of the replay server.
 * 4. Recording: `asedge record` vs `asedge proxy` to a local upstream.
 *
 *   npm run build && npx vite-node bench/replay.bench.ts [seconds per run] [rounds]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { instantiateCore } from "../host/node/core-file.js";
import { Core } from "../host/core/core.js";
import { fingerprintOfParts, openRecording, Recording, type RecordedExchange } from "../host/helper/replay/index.js";
import { alternatingRounds, idleConnectionCost, median, medianRun, runLine, waitForPort, type BenchServer } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const ENTRIES = 10_000;
const LOOKUPS = 100_000;
const root = new URL("..", import.meta.url).pathname;
const CLI = `${root}dist/host/cli.js`;
const scratch = mkdtempSync(path.join(os.tmpdir(), "asedge-replay-bench-"));
const REC = path.join(scratch, "api.asrr");

// ── the recording ──────────────────────────────────────────────────────────
const core = new Core(instantiateCore());
const itemTarget = (i: number) => `/api/items/${i}?page=${i % 10}&sort=name`;
const itemBody = (i: number) => JSON.stringify({ id: i, name: `item-${i}`, tags: ["a", "b", "c"], text: "x".repeat(900) });
function exchange(method: string, target: string, body: string): RecordedExchange {
  return {
    fingerprint: fingerprintOfParts(core, { method, target, headers: [] }), occurrence: 0, session: "",
    request: { method, url: target, headers: [["host", "api.example"]], body: new Uint8Array(0) },
    response: { status: 200, headers: [["content-type", "application/json"]], body: new TextEncoder().encode(body), encoding: "" },
    startedAt: Date.now(), durationMs: 1,
  };
}
{
  const file = openRecording(REC, { create: true });
  file.append(exchange("GET", "/json", JSON.stringify({ message: "Hello, World!" })));
  for (let i = 0; i < ENTRIES; i++) file.append(exchange("GET", itemTarget(i), itemBody(i)));
  file.close();
}
const fileBytes = readFileSync(REC).length;

// ── 1. in-process lookups ──────────────────────────────────────────────────
function lookups(recording: Recording, n: number, seed: number): Float64Array {
  const times = new Float64Array(n);
  let x = seed;
  for (let k = 0; k < n; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const target = itemTarget(x % ENTRIES);
    const t0 = process.hrtime.bigint();
    const found = recording.lookup(fingerprintOfParts(core, { method: "GET", target, headers: [] }), "", 0);
    if (!found || found.response.body.length < 900) throw new Error(`bench: ${target} not replayed`);
    times[k] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return times.sort();
}
const pct = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const cold = Recording.from(readFileSync(REC));
const first = lookups(cold, LOOKUPS, 1); // includes each entry's first decode (meta JSON, CRC)
const warm = lookups(cold, LOOKUPS, 2); // every entry decoded already
const fingerprintOnly = (() => {
  const times = new Float64Array(LOOKUPS);
  for (let k = 0; k < LOOKUPS; k++) {
    const target = itemTarget(k % ENTRIES);
    const t0 = process.hrtime.bigint();
    fingerprintOfParts(core, { method: "GET", target, headers: [] });
    times[k] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return times.sort();
})();

// ── 2. start-up ────────────────────────────────────────────────────────────
async function timeToListen(args: string[], port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args, "-p", String(port), "-H", "127.0.0.1"], { stdio: "ignore" });
  await waitForPort(port, 1);
  const ms = performance.now() - started;
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  return ms;
}
function loadTime(): Promise<number> {
  const script = `import { openRecording } from ${JSON.stringify(`${root}dist/host/helper/replay/index.js`)};
const t = performance.now(); const f = openRecording(${JSON.stringify(REC)}); const ms = performance.now() - t; f.close(); console.log(ms);`;
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script]);
    let out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.once("exit", () => resolve(Number(out)));
  });
}
const startReplay: number[] = [];
const startServe: number[] = [];
const load: number[] = [];
for (let i = 0; i < 5; i++) {
  startServe.push(await timeToListen(["serve"], 4300));
  startReplay.push(await timeToListen(["replay", REC], 4301));
  load.push(await loadTime());
}

// ── 3. throughput ──────────────────────────────────────────────────────────
const ITEM = itemTarget(4242);
const SERVERS: BenchServer[] = [
  { name: "asedge serve (handler)", script: CLI, args: ["serve", "-H", "127.0.0.1"], routes: ["/json"] },
  { name: "asedge replay", script: CLI, args: ["replay", REC, "-H", "127.0.0.1"] },
  { name: "node:http Map replayer (floor)", script: `${root}bench/replay/map-replay.mjs`, env: { REC } },
  { name: "nock on node:http", script: `${root}bench/replay/nock-replay.mjs`, env: { REC } },
];
const COLUMNS = [{ name: "/json", route: "/json" }, { name: "recorded API call", route: ITEM }];
const throughput = await alternatingRounds(SERVERS, COLUMNS, ROUNDS, SECONDS, { basePort: 4310 });
let idle = 0;
try {
  idle = await idleConnectionCost(throughput.pids["asedge replay"], throughput.ports["asedge replay"], 2000, "/json");
} finally {
  throughput.stop();
}

// ── 4. recording ───────────────────────────────────────────────────────────
const UPSTREAM_PORT = 4330;
const upstream = spawn("taskset", ["-c", "1", process.execPath, `${root}bench/peers/node-http.mjs`], { env: { ...process.env, PORT: String(UPSTREAM_PORT) }, stdio: "ignore" });
await waitForPort(UPSTREAM_PORT);
const UP = `http://127.0.0.1:${UPSTREAM_PORT}`;
const recordRuns = await alternatingRounds([
  { name: "asedge proxy", script: CLI, args: ["proxy", "--upstream", UP, "-H", "127.0.0.1"] },
  { name: "asedge record", script: CLI, args: ["record", "--upstream", UP, "--out", path.join(scratch, "recorded.asrr"), "-H", "127.0.0.1"] },
], [{ name: "/json", route: "/json" }], ROUNDS, SECONDS, { basePort: 4340 });
recordRuns.stop();
upstream.kill("SIGKILL");
const recordedEntries = Recording.from(readFileSync(path.join(scratch, "recorded.asrr"))).size;
rmSync(scratch, { recursive: true, force: true });

// ── results ────────────────────────────────────────────────────────────────
const us = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (name: string, t: Float64Array) => `| ${name} | ${us(pct(t, 0.5))} | ${us(pct(t, 0.99))} | ${us(pct(t, 0.999))} |`;
const rps = (server: string, column: string) => medianRun(throughput.runs[server][column]).rps;
const base = rps("asedge serve (handler)", "/json");
const cell = (server: string, column: string) => {
  const list = throughput.runs[server][column];
  if (!list) return "–";
  const run = medianRun(list);
  return `${Math.round(run.rps).toLocaleString("en-US")} (${(run.rps / base).toFixed(2)}×, p50 ${run.p50}, p99 ${run.p99})`;
};
const proxyRps = medianRun(recordRuns.runs["asedge proxy"]["/json"]).rps;
const recordRps = medianRun(recordRuns.runs["asedge record"]["/json"]).rps;
const md = `# Record and replay

- ${runLine()}
- Command: \`npm run build && npx vite-node bench/replay.bench.ts ${SECONDS} ${ROUNDS}\`
- Recording: ${ENTRIES.toLocaleString("en-US")} GET exchanges with ≈ 1 KiB JSON answers plus GET /json, ${(fileBytes / 1e6).toFixed(1)} MB on disk.

## In-process lookup

The fingerprint computed in WASM (\`fingerprintOfParts\`: request line copied into a slot, canonical form, MurmurHash3 x64_128), the index lookup and the answer's bytes ready; ${LOOKUPS.toLocaleString("en-US")} lookups of random recorded requests, µs (goal: p50 < 50, p99 < 100).

| what | p50 µs | p99 µs | p99.9 µs |
|---|---:|---:|---:|
${row("lookup, first pass (each entry decoded and CRC-checked on first use)", first)}
${row("lookup, warm (entries decoded)", warm)}
${row("fingerprint alone", fingerprintOnly)}

## Start-up

Medians of 5; spawn to the port accepting connections (the whole process: Node, the core, the recording).

| what | ms |
|---|---:|
| \`asedge serve\` (reference app, no recording) | ${median(startServe).toFixed(1)} |
| \`asedge replay\` with the ${ENTRIES.toLocaleString("en-US")}-entry recording | ${median(startReplay).toFixed(1)} |
| the recording's load alone (\`openRecording\`, a fresh process) | ${median(load).toFixed(1)} |

## Throughput

wrk on core 1 (1 thread, 64 connections, ${SECONDS} s per run), servers on core 0, all running and alternating, ${ROUNDS} rounds, median run; ratios against \`asedge serve\` answering /json from its handler in the same run (goal: replay ≥ 0.85×).

| server | /json | recorded API call (≈ 1 KiB) |
|---|---:|---:|
${SERVERS.map((s) => `| ${s.name} | ${cell(s.name, "/json")} | ${cell(s.name, "recorded API call")} |`).join("\n")}

RSS per idle keep-alive connection of \`asedge replay\`: ${Math.round(idle).toLocaleString("en-US")} bytes (2,000 connections; goal < 32 KB).

Every run (req/s, rounds in order):

${Object.entries(throughput.runs).map(([name, byColumn]) => `- ${name}: ${Object.entries(byColumn).map(([column, list]) => `${column} ${list.map((r) => Math.round(r.rps)).join(", ")}`).join(" · ")}`).join("\n")}

## Recording

\`asedge record\` vs \`asedge proxy\` to a node:http upstream on core 1 (with wrk), /json, same method: record ${Math.round(recordRps).toLocaleString("en-US")} req/s = ${(recordRps / proxyRps).toFixed(2)}× proxy (${Math.round(proxyRps).toLocaleString("en-US")} req/s); ${recordedEntries.toLocaleString("en-US")} exchanges appended.
`;
writeFileSync(new URL("results/replay.md", import.meta.url), md);
console.log(md);
process.exit(0);
