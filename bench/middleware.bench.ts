/**
 * Middleware cost on the Node host: /json with no middleware and with
 * cors + etag, in asedge, Hono on @hono/node-server (hono/cors + hono/etag)
 * and Fastify (@fastify/cors + @fastify/etag), in one run (bench/peers/middleware.mjs).
 * Every request carries an Origin the CORS list allows. Then the ETag body
 * hash: asedge's JS hash64 against Web Crypto's SHA-1 by body size, in this
 * process. Writes bench/results/middleware.md.
 *
 *   npm run build && npx vite-node bench/middleware.bench.ts [seconds per run] [rounds]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { waitForPort } from "./support.js";
import { hash64 } from "../host/middleware/etag/hash.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 64;
const root = new URL("..", import.meta.url).pathname;

interface Server { name: string; peer: string; middleware: boolean; port: number; child?: ChildProcess }
const SERVERS: Server[] = [];
let port = 4300;
for (const peer of ["asedge", "hono", "fastify"]) {
  for (const middleware of [false, true]) SERVERS.push({ name: peer, peer, middleware, port: port++ });
}

function start(server: Server): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, `${root}bench/peers/middleware.mjs`], {
    env: { ...process.env, PORT: String(server.port), PEER: server.peer, MIDDLEWARE: server.middleware ? "1" : "0" }, stdio: "ignore",
  });
}

interface Run { rps: number; p99: string }

function wrk(url: string, seconds: number): Run {
  const out = execFileSync("taskset", ["-c", "1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", "-H", "Origin: https://a.example", url], { encoding: "utf8" });
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?" };
}

const runs = new Map<Server, Run[]>();
const load = os.loadavg()[0];
for (const server of SERVERS) server.child = start(server);
try {
  for (const server of SERVERS) {
    // Six servers starting at once on one core of a loaded machine: allow 30 s.
    for (let attempt = 1; ; attempt++) {
      try { await waitForPort(server.port); break; } catch (error) { if (attempt === 3) throw error; }
    }
    wrk(`http://127.0.0.1:${server.port}/json`, 2); // warm-up
    runs.set(server, []);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const server of SERVERS) runs.get(server)!.push(wrk(`http://127.0.0.1:${server.port}/json`, SECONDS));
    console.log(`round ${round}/${ROUNDS} done`);
  }
} finally {
  for (const server of SERVERS) server.child?.kill("SIGKILL");
}

const median = (list: Run[]) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
const medianOf = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const find = (peer: string, middleware: boolean) => SERVERS.find((s) => s.peer === peer && s.middleware === middleware)!;

// ── The hash: µs per body, JS hash64 vs Web Crypto SHA-1 (what etag uses past 16 KiB) ──
const encoder = new TextEncoder();
async function perCall(f: () => unknown, n: number): Promise<number> {
  for (let i = 0; i < n / 5; i++) await f();
  const started = performance.now();
  for (let i = 0; i < n; i++) await f();
  return ((performance.now() - started) / n) * 1000;
}
const hashRows: string[] = [];
for (const size of [100, 1024, 16 * 1024, 64 * 1024, 256 * 1024]) {
  const text = JSON.stringify(Array.from({ length: size }, (_, i) => i % 10)).slice(0, size);
  const bytes = encoder.encode(text);
  const n = Math.max(50, Math.floor(4e6 / size));
  const times = { js: [] as number[], jsBytes: [] as number[], sha1: [] as number[], sha1Bytes: [] as number[] };
  for (let round = 0; round < 5; round++) {
    times.js.push(await perCall(() => hash64(text), n));
    times.jsBytes.push(await perCall(() => hash64(bytes), n));
    times.sha1.push(await perCall(() => crypto.subtle.digest("SHA-1", encoder.encode(text)), n));
    times.sha1Bytes.push(await perCall(() => crypto.subtle.digest("SHA-1", bytes), n));
  }
  const cell = (list: number[]) => medianOf(list).toFixed(2);
  hashRows.push(`| ${size.toLocaleString("en-US")} | ${cell(times.js)} | ${cell(times.sha1)} | ${cell(times.jsBytes)} | ${cell(times.sha1Bytes)} |`);
}

let md = "# Middleware: cors + etag on /json\n\n";
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average before the run ${load.toFixed(2)} (a shared machine: other engineers' builds and tests ran alongside, so absolute figures are noisy; compare within a row)\n`;
md += `- Command: \`npm run build && npx vite-node bench/middleware.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: six servers running (bench/peers/middleware.mjs), one under load at a time, each pinned to core 0, wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, every request with \`Origin: https://a.example\` (an allowed origin from a list, so the answer carries Access-Control-Allow-Origin, Vary: Origin and an ETag), ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers, median run shown.\n\n`;
md += "| server | /json, no middleware | /json, cors + etag | with / without |\n|---|---:|---:|---:|\n";
for (const peer of ["asedge", "hono", "fastify"]) {
  const plain = median(runs.get(find(peer, false))!);
  const mw = median(runs.get(find(peer, true))!);
  const label = peer === "hono" ? "hono (node-server) + hono/cors + hono/etag" : peer === "fastify" ? "fastify + @fastify/cors + @fastify/etag" : "asedge + asedge/middleware/cors + etag";
  md += `| ${label} | ${Math.round(plain.rps).toLocaleString("en-US")} req/s (p99 ${plain.p99}) | ${Math.round(mw.rps).toLocaleString("en-US")} req/s (p99 ${mw.p99}) | ${(mw.rps / plain.rps).toFixed(2)}× |\n`;
}
md += "\nEvery run (req/s, rounds in order):\n\n";
for (const server of SERVERS) md += `- ${server.name}${server.middleware ? " + cors + etag" : ""}: ${runs.get(server)!.map((r) => Math.round(r.rps)).join(", ")}\n`;
md += "\n## The ETag hash\n\nµs per body (median of 5 rounds), in this process: asedge's `hash64` (JS, sync; strings by UTF-16 code unit, no encoding) and Web Crypto `crypto.subtle.digest(\"SHA-1\")` (async; a string encoded to UTF-8 first), the only digest Node and Workers share that Hono's etag uses.\n\n";
md += "| body bytes | hash64 (string) | SHA-1 (string, encoded) | hash64 (bytes) | SHA-1 (bytes) |\n|---:|---:|---:|---:|---:|\n" + hashRows.join("\n") + "\n";
writeFileSync(new URL("results/middleware.md", import.meta.url), md);
console.log(md);
