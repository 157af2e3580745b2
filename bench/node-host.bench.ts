/**
 * Node host load test: the reference app's /plaintext, /json, /users/:id
 * under wrk, side by side with node:http, Fastify and Hono on
 * @hono/node-server serving the same routes; on Bun: asedge's Bun host
 * and Bun.serve with native routes; on Deno: asedge's Deno host, Deno.serve
 * with hand routing and a raw Deno.listen canned reply. Server pinned to core 0, wrk to
 * core 1, 64 connections, then a pipelined ×16 run; plus bytes per idle
 * keep-alive connection. Writes bench/results/node-host.md.
 *
 *   npm run build && npx vite-node bench/node-host.bench.ts [seconds per run] [rounds] [only]
 *
 * `only` (e.g. "deno"): the servers whose name holds one of these
 * comma-separated words, and node:http (the base); such a partial run is
 * appended to the results as a section of its own. A full run replaces the
 * table on top of the results and keeps the sections below it.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { alternatingRounds, idleConnectionCost, medianRun, type BenchServer, type WrkRun } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const ONLY = process.argv[4]?.toLowerCase().split(",");
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const IDLE_CONNECTIONS = 2000;
const root = new URL("..", import.meta.url).pathname;
const BUN = `${root}node_modules/bun/bin/bun.exe`;
/** The deno binary itself (the package's resolver; its bin may be a Node wrapper that SIGKILL would not reach through). */
const DENO: string = createRequire(import.meta.url)("deno/install_api.cjs").runInstall();
/** Deno's permissions for a peer: 127.0.0.1, its PORT, the core .wasm (asedge's). */
const DENO_RUN = ["run", "--no-prompt", "--no-lock", "--allow-net=127.0.0.1", "--allow-env=PORT", `--allow-read=${root}dist/build/asedge.wasm`];

const PEERS: BenchServer[] = [
  { name: "asedge", script: `${root}dist/host/cli.js`, args: ["serve", "-H", "127.0.0.1"] },
  { name: "node:http", script: `${root}bench/peers/node-http.mjs` },
  { name: "fastify", script: `${root}bench/peers/fastify.mjs` },
  { name: "hono (node-server)", script: `${root}bench/peers/hono.mjs` },
  // Bun: asedge's Bun host (Bun.listen) and Bun.serve with native routes, on the same core.
  { name: "asedge/bun (Bun.listen)", script: `${root}bench/peers/asedge-bun.mjs`, runtime: BUN },
  { name: "Bun.serve (native routes)", script: `${root}bench/peers/bun-serve.mjs`, runtime: BUN },
  // Deno: asedge's Deno host (Deno.serve calls the App's fetch) and Deno.serve with hand routing, on the same core;
  // the raw Deno.listen row is the ceiling a socket host on Deno.listen could reach.
  { name: "asedge/deno (Deno.serve)", script: `${root}bench/peers/asedge-deno.mjs`, runtime: DENO, runtimeArgs: DENO_RUN },
  { name: "Deno.serve (hand routing)", script: `${root}bench/peers/deno-serve.mjs`, runtime: DENO, runtimeArgs: DENO_RUN },
  { name: "raw Deno.listen, canned reply", script: `${root}bench/peers/deno-raw-listen.mjs`, runtime: DENO, runtimeArgs: DENO_RUN, routes: ["/plaintext"] },
  // The ceiling of a Node server on this machine: one canned reply per request, no HTTP work.
  { name: "raw net, canned reply (ceiling)", script: `${root}bench/peers/raw-net.mjs` },
];

const SERVERS = ONLY ? PEERS.filter((peer) => peer.name === "node:http" || ONLY.some((word) => peer.name.toLowerCase().includes(word))) : PEERS;
/** Each runtime's asedge host and its own server (on Node: the canned-reply ceiling): their ratio, round by round, is the goal's figure. */
const PAIRS: [string, string][] = [["asedge", "raw net, canned reply (ceiling)"], ["asedge/bun (Bun.listen)", "Bun.serve (native routes)"], ["asedge/deno (Deno.serve)", "Deno.serve (hand routing)"]];

type Run = WrkRun;

const PIPELINED = "/plaintext ×16 pipelined";
const columns = [...ROUTES, PIPELINED];
const idle: Record<string, number> = {};

const loadBefore = os.loadavg()[0];
const { runs, pids, ports, stop } = await alternatingRounds(SERVERS,
  columns.map((name) => ({ name, route: name === PIPELINED ? "/plaintext" : name, pipelined: name === PIPELINED })), ROUNDS, SECONDS,
  { connections: CONNECTIONS });
try {
  for (const peer of SERVERS) idle[peer.name] = await idleConnectionCost(pids[peer.name], ports[peer.name], IDLE_CONNECTIONS);
} finally {
  stop();
}

const median = medianRun;
const results: Record<string, Record<string, Run>> = {};
for (const [name, byColumn] of Object.entries(runs)) {
  results[name] = Object.fromEntries(Object.entries(byColumn).map(([column, list]) => [column, median(list)]));
}

const base = results["node:http"];
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const date = new Date().toISOString().slice(0, 10);
let md = ONLY ? `## ${date}: ${SERVERS.map((peer) => peer.name).join(", ")} (a partial run)\n\n` : `# Node host load test\n\n`;
md += `- Date: ${date}\n- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, load average before the run ${loadBefore.toFixed(2)}, after ${os.loadavg()[0].toFixed(2)}\n`;
md += `- Command: \`npm run build && npx vite-node bench/node-host.bench.ts ${process.argv.slice(2).join(" ") || `${SECONDS} ${ROUNDS}`}\`\n`;
md += `- Method: all servers running, one under load at a time, each pinned to core 0 (\`taskset -c 0\`), wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers row by row (order rotated each round), median run shown; pipelined rows send 16 requests per write (bench/pipeline.lua). Peers serve the same three routes (bench/peers/); the raw net row answers every request with one canned reply and no HTTP work: the most a Node server can do here. Idle cost: RSS growth over ${IDLE_CONNECTIONS} keep-alive connections that each made one request.\n\n`;
md += `| server | ${columns.join(" | ")} | bytes / idle conn |\n|---|${columns.map(() => "---:").join("|")}|---:|\n`;
for (const [name, runs] of Object.entries(results)) {
  const cell = (c: string) => runs[c] ? `${Math.round(runs[c].rps).toLocaleString("en-US")} req/s (${(runs[c].rps / base[c].rps).toFixed(2)}×, p99 ${runs[c].p99})` : "–";
  md += `| ${name} | ${columns.map(cell).join(" | ")} | ${Math.round(idle[name]).toLocaleString("en-US")} |\n`;
}
md += `\nRatios are against node:http in the same run.\n`;
const pairs = PAIRS.filter(([ours, theirs]) => runs[ours] && runs[theirs]);
if (pairs.length > 0) {
  md += `\nEach runtime's asedge host against that runtime's own server: the median over the rounds of the ratio within each round.\n\n`;
  md += `| asedge host ÷ peer | ${ROUTES.concat(PIPELINED).join(" | ")} |\n|---|${columns.map(() => "---:").join("|")}|\n`;
  for (const [ours, theirs] of pairs) {
    const ratio = (c: string) => {
      const each = runs[ours][c].map((run, round) => run.rps / runs[theirs][c][round].rps);
      const middle = [...each].sort((a, b) => a - b)[Math.floor(each.length / 2)];
      return `${middle.toFixed(2)}× (${each.map((r) => r.toFixed(2)).join(", ")})`;
    };
    md += `| ${ours} ÷ ${theirs} | ${columns.map(ratio).join(" | ")} |\n`;
  }
}
md += `\nEvery run (req/s, rounds in order):\n\n`;
for (const [name, byColumn] of Object.entries(runs)) {
  md += `- ${name}: ${Object.entries(byColumn).map(([column, list]) => `${column} ${list.map((r) => Math.round(r.rps)).join(", ")}`).join(" · ")}\n`;
}
const resultsFile = new URL("results/node-host.md", import.meta.url);
if (ONLY) appendFileSync(resultsFile, `\n${md}`);
else {
  // A full run replaces the table on top; the dated sections below it stay.
  const previous = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "";
  const sections = previous.indexOf("\n## ");
  writeFileSync(resultsFile, sections === -1 ? md : md + previous.slice(sections));
}
console.log(md);
