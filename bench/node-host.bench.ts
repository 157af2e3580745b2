/**
 * Node host load test: the reference app's /plaintext, /json, /users/:id
 * under wrk, side by side with node:http, Fastify and Hono on
 * @hono/node-server serving the same routes. Server pinned to core 0, wrk to
 * core 1, 64 connections, then a pipelined ×16 run; plus bytes per idle
 * keep-alive connection. Writes bench/results/node-host.md.
 *
 *   npm run build && npx vite-node bench/node-host.bench.ts [seconds per run] [rounds]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { rssBytes, waitForPort } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const IDLE_CONNECTIONS = 2000;
const root = new URL("..", import.meta.url).pathname;

interface Peer { name: string; args: string[]; routes?: string[] }
const PEERS: Peer[] = [
  { name: "asedge", args: [`${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1"] },
  { name: "node:http", args: [`${root}bench/peers/node-http.mjs`] },
  { name: "fastify", args: [`${root}bench/peers/fastify.mjs`] },
  { name: "hono (node-server)", args: [`${root}bench/peers/hono.mjs`] },
  // The ceiling of a Node server on this machine: one canned reply per request, no HTTP work.
  { name: "raw net, canned reply (ceiling)", args: [`${root}bench/peers/raw-net.mjs`], routes: ["/plaintext"] },
];

function start(peer: Peer, port: number): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, ...peer.args], { env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
}

interface Run { rps: number; p99: string }

function wrk(url: string, seconds: number, pipelined = false): Run {
  const args = ["-c", "1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency"];
  if (pipelined) args.push("-s", `${root}bench/pipeline.lua`);
  const out = execFileSync("taskset", [...args, url], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p99 = /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?";
  return { rps, p99 };
}

/** Open `count` keep-alive connections that each made one request, measure the RSS growth. */
async function idleConnectionCost(pid: number, port: number, count: number): Promise<number> {
  const before = rssBytes(pid);
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => {
      socket.once("data", () => resolve());
      socket.write("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
    });
    sockets.push(socket);
  }
  await new Promise((r) => setTimeout(r, 500));
  const after = rssBytes(pid);
  for (const socket of sockets) socket.destroy();
  return (after - before) / count;
}

const PIPELINED = "/plaintext ×16 pipelined";
const columns = [...ROUTES, PIPELINED];
/** Every run of a server on a row, over the rounds; the table shows the median. */
const runs: Record<string, Record<string, Run[]>> = {};
const idle: Record<string, number> = {};

// All servers start at once (each pinned to core 0, only one under load at a
// time); rounds alternate them row by row, so a slow patch of this shared
// machine hits every server alike instead of whichever ran then.
const servers = PEERS.map((peer, i) => ({ peer, port: 4100 + i, child: start(peer, 4100 + i) }));
try {
  for (const { peer, port } of servers) {
    await waitForPort(port);
    wrk(`http://127.0.0.1:${port}/plaintext`, 2); // warm-up
    runs[peer.name] = {};
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const column of columns) {
      for (const { peer, port } of servers) {
        const route = column === PIPELINED ? "/plaintext" : column;
        if (!(peer.routes ?? ROUTES).includes(route)) continue;
        (runs[peer.name][column] ??= []).push(wrk(`http://127.0.0.1:${port}${route}`, SECONDS, column === PIPELINED));
      }
    }
    console.log(`round ${round}/${ROUNDS} done`);
  }
  for (const { peer, port, child } of servers) idle[peer.name] = await idleConnectionCost(child.pid!, port, IDLE_CONNECTIONS);
} finally {
  for (const { child } of servers) child.kill("SIGKILL");
}

function median(list: Run[]): Run {
  return [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
}
const results: Record<string, Record<string, Run>> = {};
for (const [name, byColumn] of Object.entries(runs)) {
  results[name] = Object.fromEntries(Object.entries(byColumn).map(([column, list]) => [column, median(list)]));
}

const base = results["node:http"];
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
let md = `# Node host load test\n\n`;
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, load average before the run ${os.loadavg()[0].toFixed(2)}\n`;
md += `- Command: \`npm run build && npx vite-node bench/node-host.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: all servers running, one under load at a time, each pinned to core 0 (\`taskset -c 0\`), wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers row by row, median run shown; pipelined rows send 16 requests per write (bench/pipeline.lua). Peers serve the same three routes (bench/peers/); the raw net row answers every request with one canned reply and no HTTP work: the most a Node server can do here. Idle cost: RSS growth over ${IDLE_CONNECTIONS} keep-alive connections that each made one request.\n\n`;
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
