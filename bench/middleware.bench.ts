/**
 * Middleware cost on the Node host: /json with no middleware, with cors + a
 * header (a middleware that sets one after next(): issue 17's "two
 * middleware" goal) and with cors + etag, in asedge, Hono on
 * @hono/node-server (hono/cors, hono/etag) and Fastify (@fastify/cors, an
 * onSend hook, @fastify/etag), in one run (bench/peers/middleware.mjs).
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

/** The middleware in front of /json: bench/peers/middleware.mjs's MIDDLEWARE values. */
const VARIANTS = ["none", "cors+secure-headers", "cors+header", "cors+after", "cors+etag"] as const;
type Variant = (typeof VARIANTS)[number];
const PEERS = ["asedge", "hono", "fastify"] as const;
const LABELS: Record<(typeof PEERS)[number], string> = {
  asedge: "asedge (asedge/middleware/cors, etag)",
  hono: "hono (node-server; hono/cors, hono/etag)",
  fastify: "fastify (@fastify/cors, onSend hook, @fastify/etag)",
};

interface Server { peer: (typeof PEERS)[number]; middleware: Variant; port: number; child?: ChildProcess }
const SERVERS: Server[] = [];
let port = 4300;
for (const peer of PEERS) {
  // Fastify has no secure-headers plugin installed here (helmet is not a dependency); afterNext is asedge's.
  for (const middleware of VARIANTS) {
    if (peer === "fastify" && middleware === "cors+secure-headers") continue;
    if (peer !== "asedge" && middleware === "cors+after") continue;
    SERVERS.push({ peer, middleware, port: port++ });
  }
}

function start(server: Server): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, `${root}bench/peers/middleware.mjs`], {
    env: { ...process.env, PORT: String(server.port), PEER: server.peer, MIDDLEWARE: server.middleware }, stdio: "ignore",
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
    // A dozen servers starting at once on one core of a loaded machine: allow 30 s.
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
const find = (peer: string, middleware: Variant) => SERVERS.find((s) => s.peer === peer && s.middleware === middleware);
/** The median over the rounds of a variant's rate ÷ the bare route's in the same round. */
const ratio = (peer: string, middleware: Variant) => {
  const bare = runs.get(find(peer, "none")!)!;
  return medianOf(runs.get(find(peer, middleware)!)!.map((run, round) => run.rps / bare[round].rps));
};

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
  const us = (list: number[]) => medianOf(list).toFixed(2);
  hashRows.push(`| ${size.toLocaleString("en-US")} | ${us(times.js)} | ${us(times.sha1)} | ${us(times.jsBytes)} | ${us(times.sha1Bytes)} |`);
}

let md = "# Middleware: cors + secure-headers, cors + a header, cors + etag on /json\n\n";
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average before the run ${load.toFixed(2)}\n`;
md += `- Command: \`npm run build && npx vite-node bench/middleware.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: ${SERVERS.length} servers running (bench/peers/middleware.mjs), one under load at a time, each pinned to core 0, wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, every request with \`Origin: https://a.example\` (an allowed origin from a list, so the answer carries Access-Control-Allow-Origin and Vary: Origin; secure-headers adds its default set; the header middleware, written as Hono's docs write one, \`async (c, next) => { await next(); c.header("X-Bench", "1") }\`, adds X-Bench (and for asedge also as its README writes one, \`(c, next) => afterNext(next(), () => c.header("X-Bench", "1"))\`); etag an ETag), ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers, median run shown; a ratio is the median of the per-round ratios to the same framework's bare route.\n\n`;
md += "| server | /json, no middleware | cors + secure-headers | cors + a header (user `await next()`) | cors + a header (`afterNext`) | cors + etag |\n|---|---:|---:|---:|---:|---:|\n";
const cell = (peer: string, variant: Variant) => {
  const server = find(peer, variant);
  if (!server) return "–";
  const run = median(runs.get(server)!);
  const rate = `${Math.round(run.rps).toLocaleString("en-US")} req/s (p99 ${run.p99})`;
  return variant === "none" ? rate : `${rate}, ${ratio(peer, variant).toFixed(2)}×`;
};
for (const peer of PEERS) md += `| ${LABELS[peer]} | ${VARIANTS.map((variant) => cell(peer, variant)).join(" | ")} |\n`;
md += "\nEvery run (req/s, rounds in order):\n\n";
for (const server of SERVERS) md += `- ${server.peer}, ${server.middleware}: ${runs.get(server)!.map((r) => Math.round(r.rps)).join(", ")}\n`;
md += "\n## The ETag hash\n\nµs per body (median of 5 rounds), in this process: asedge's `hash64` (JS, sync; strings by UTF-16 code unit, no encoding) and Web Crypto `crypto.subtle.digest(\"SHA-1\")` (async; a string encoded to UTF-8 first), the only digest Node and Workers share that Hono's etag uses.\n\n";
md += "| body bytes | hash64 (string) | SHA-1 (string, encoded) | hash64 (bytes) | SHA-1 (bytes) |\n|---:|---:|---:|---:|---:|\n" + hashRows.join("\n") + "\n";
writeFileSync(new URL("results/middleware.md", import.meta.url), md);
console.log(md);
