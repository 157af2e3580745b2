/**
 * Node host load test: the reference app's /plaintext, /json, /users/:id
 * under wrk, side by side with node:http, Fastify and Hono on
 * @hono/node-server serving the same routes. Server pinned to core 0, wrk to
 * core 1, 64 connections, then a pipelined ×16 run; plus bytes per idle
 * keep-alive connection. Writes bench/results/node-host.md.
 *
 *   npm run build && npx vite-node bench/node-host.bench.ts [seconds]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";

const SECONDS = Number(process.argv[2] ?? 8);
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const IDLE_CONNECTIONS = 2000;
const root = new URL("..", import.meta.url).pathname;

interface Peer { name: string; args: string[]; routes?: string[] }
const PEERS: Peer[] = [
  { name: "asedge", args: [`${root}dist/host/cli.js`, "serve", "-h", "127.0.0.1"] },
  { name: "node:http", args: [`${root}bench/peers/node-http.mjs`] },
  { name: "fastify", args: [`${root}bench/peers/fastify.mjs`] },
  { name: "hono (node-server)", args: [`${root}bench/peers/hono.mjs`] },
  // The ceiling of a Node server on this machine: one canned reply per request, no HTTP work.
  { name: "raw net, canned reply (ceiling)", args: [`${root}bench/peers/raw-net.mjs`], routes: ["/plaintext"] },
];

function waitForPort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(); });
      socket.on("error", () => (Date.now() > deadline ? reject(new Error(`port ${port} never opened`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

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

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
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

const results: Record<string, Record<string, Run>> = {};
const idle: Record<string, number> = {};
let port = 4100;
for (const peer of PEERS) {
  const p = port++;
  const child = start(peer, p);
  try {
    await waitForPort(p);
    wrk(`http://127.0.0.1:${p}/plaintext`, 2); // warm-up
    results[peer.name] = {};
    for (const route of peer.routes ?? ROUTES) results[peer.name][route] = wrk(`http://127.0.0.1:${p}${route}`, SECONDS);
    results[peer.name]["/plaintext ×16 pipelined"] = wrk(`http://127.0.0.1:${p}/plaintext`, SECONDS, true);
    idle[peer.name] = await idleConnectionCost(child.pid!, p, IDLE_CONNECTIONS);
    console.log(peer.name, JSON.stringify(results[peer.name]), `idle ${Math.round(idle[peer.name])} B/conn`);
  } finally {
    child.kill("SIGKILL");
  }
}

const base = results["node:http"];
const columns = [...ROUTES, "/plaintext ×16 pipelined"];
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
let md = `# Node host load test (issue 5)\n\n`;
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, load average before the run ${os.loadavg()[0].toFixed(2)}\n`;
md += `- Command: \`npm run build && npx vite-node bench/node-host.bench.ts ${SECONDS}\`\n`;
md += `- Method: each server alone, pinned to core 0 (\`taskset -c 0\`), wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per row after a 2 s warm-up; pipelined rows send 16 requests per write (bench/pipeline.lua). Peers serve the same three routes (bench/peers/); the raw net row answers every request with one canned reply and no HTTP work: the most a Node server can do here. Idle cost: RSS growth over ${IDLE_CONNECTIONS} keep-alive connections that each made one request.\n\n`;
md += `| server | ${columns.join(" | ")} | bytes / idle conn |\n|---|${columns.map(() => "---:").join("|")}|---:|\n`;
for (const [name, runs] of Object.entries(results)) {
  const cell = (c: string) => runs[c] ? `${Math.round(runs[c].rps).toLocaleString("en-US")} req/s (${(runs[c].rps / base[c].rps).toFixed(2)}×, p99 ${runs[c].p99})` : "–";
  md += `| ${name} | ${columns.map(cell).join(" | ")} | ${Math.round(idle[name]).toLocaleString("en-US")} |\n`;
}
md += `\nRatios are against node:http in the same run.\n`;
writeFileSync(new URL("results/node-host.md", import.meta.url), md);
console.log(md);
