/**
 * Node host load test: the reference app's /plaintext, /json, /users/:id
 * under wrk, side by side with node:http, Fastify and Hono on
 * @hono/node-server serving the same routes, and on Bun: asedge's Bun host
 * and Bun.serve with native routes. Server pinned to core 0, wrk to
 * core 1, 64 connections, then a pipelined ×16 run; plus bytes per idle
 * keep-alive connection. Writes bench/results/node-host.md.
 *
 *   npm run build && npx vite-node bench/node-host.bench.ts [seconds per run] [rounds]
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import { alternatingRounds, idleConnectionCost, medianRun, type BenchServer, type WrkRun } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const IDLE_CONNECTIONS = 2000;
const root = new URL("..", import.meta.url).pathname;
const BUN = `${root}node_modules/bun/bin/bun.exe`;

const PEERS: BenchServer[] = [
  { name: "asedge", script: `${root}dist/host/cli.js`, args: ["serve", "-H", "127.0.0.1"] },
  { name: "node:http", script: `${root}bench/peers/node-http.mjs` },
  { name: "fastify", script: `${root}bench/peers/fastify.mjs` },
  { name: "hono (node-server)", script: `${root}bench/peers/hono.mjs` },
  // Bun: asedge's Bun host (Bun.listen) and Bun.serve with native routes, on the same core.
  { name: "asedge/bun (Bun.listen)", script: `${root}bench/peers/asedge-bun.mjs`, runtime: BUN },
  { name: "Bun.serve (native routes)", script: `${root}bench/peers/bun-serve.mjs`, runtime: BUN },
  // The ceiling of a Node server on this machine: one canned reply per request, no HTTP work.
  { name: "raw net, canned reply (ceiling)", script: `${root}bench/peers/raw-net.mjs` },
];

type Run = WrkRun;

const PIPELINED = "/plaintext ×16 pipelined";
const columns = [...ROUTES, PIPELINED];
const idle: Record<string, number> = {};

const { runs, pids, ports, stop } = await alternatingRounds(PEERS,
  columns.map((name) => ({ name, route: name === PIPELINED ? "/plaintext" : name, pipelined: name === PIPELINED })), ROUNDS, SECONDS,
  { connections: CONNECTIONS });
try {
  for (const peer of PEERS) idle[peer.name] = await idleConnectionCost(pids[peer.name], ports[peer.name], IDLE_CONNECTIONS);
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
let md = `# Node host load test\n\n`;
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, load average before the run ${os.loadavg()[0].toFixed(2)}\n`;
md += `- Command: \`npm run build && npx vite-node bench/node-host.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: all servers running, one under load at a time, each pinned to core 0 (\`taskset -c 0\`), wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers row by row (order rotated each round), median run shown; pipelined rows send 16 requests per write (bench/pipeline.lua). Peers serve the same three routes (bench/peers/); the raw net row answers every request with one canned reply and no HTTP work: the most a Node server can do here. Idle cost: RSS growth over ${IDLE_CONNECTIONS} keep-alive connections that each made one request.\n\n`;
md += `| server | ${columns.join(" | ")} | bytes / idle conn |\n|---|${columns.map(() => "---:").join("|")}|---:|\n`;
for (const [name, runs] of Object.entries(results)) {
  const cell = (c: string) => runs[c] ? `${Math.round(runs[c].rps).toLocaleString("en-US")} req/s (${(runs[c].rps / base[c].rps).toFixed(2)}×, p99 ${runs[c].p99})` : "–";
  md += `| ${name} | ${columns.map(cell).join(" | ")} | ${Math.round(idle[name]).toLocaleString("en-US")} |\n`;
}
md += `\nRatios are against node:http in the same run.\n\nEvery run (req/s, rounds in order):\n\n`;
for (const [name, byColumn] of Object.entries(runs)) {
  md += `- ${name}: ${Object.entries(byColumn).map(([column, list]) => `${column} ${list.map((r) => Math.round(r.rps)).join(", ")}`).join(" · ")}\n`;
}
writeFileSync(new URL("results/node-host.md", import.meta.url), md);
console.log(md);
