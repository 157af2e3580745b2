/**
 * compress on a 16 KB JSON body: asedge + asedge/middleware/compress vs
 * Fastify + @fastify/compress vs Hono's compress on @hono/node-server, under
 * wrk in one run (servers alternating row by row, medians), with the server's
 * CPU time per request and per KB of body; then the codecs themselves in
 * process (sync calls, zlib streams, a pooled stream, CompressionStream,
 * brotli qualities 4/5/6/11 against gzip level 6), which is where the
 * defaults come from. Writes bench/results/compress.md.
 *
 *   npm run build && npx vite-node bench/compress.bench.ts [seconds per run] [rounds]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import zlib from "node:zlib";
import { waitForPort } from "./support.js";
// @ts-expect-error -- a plain .mjs module shared with the peers
import { RECORDS } from "./peers/compress-body.mjs";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 32;
const root = new URL("..", import.meta.url).pathname;
const BODY = Buffer.from(JSON.stringify(RECORDS));
const KB = BODY.length / 1024;

interface Peer { name: string; file: string; codings: string[] }
const PEERS: Peer[] = [
  { name: "asedge + compress", file: "compress-asedge.mjs", codings: ["gzip", "br", "identity"] },
  { name: "Fastify + @fastify/compress", file: "compress-fastify.mjs", codings: ["gzip", "br", "identity"] },
  // Hono's compress has no brotli (CompressionStream): it answers br-only clients uncompressed.
  { name: "Hono compress (node-server)", file: "compress-hono.mjs", codings: ["gzip", "identity"] },
];
const ROWS = ["gzip", "br", "identity"];

function start(peer: Peer, port: number): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, `${root}bench/peers/${peer.file}`], { env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
}

/** utime + stime of `pid`, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
}

interface Run { rps: number; p99: string; cpuPerRequestUs: number }

function wrk(pid: number, url: string, coding: string, seconds: number): Run {
  const before = cpuSeconds(pid);
  const out = execFileSync("taskset", ["-c", "1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", "-H", `Accept-Encoding: ${coding}`, url], { encoding: "utf8" });
  const cpu = cpuSeconds(pid) - before;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  return { rps, p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?", cpuPerRequestUs: requests ? (cpu * 1e6) / requests : 0 };
}

function median<T>(list: T[], key: (t: T) => number): T {
  return [...list].sort((a, b) => key(a) - key(b))[Math.floor(list.length / 2)];
}

/** GET /json with node:http (which decodes nothing): the coding answered and the body bytes. */
function rawGet(port: number, coding: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    http.get({ port, host: "127.0.0.1", path: "/json", headers: { "Accept-Encoding": coding } }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => { bytes += d.length; });
      res.on("end", () => resolve({ encoding: String(res.headers["content-encoding"] ?? "identity"), bytes }));
    }).on("error", reject);
  });
}

// ── HTTP: all servers up, one under load at a time ──
const runs: Record<string, Record<string, Run[]>> = {};
const sizes: Record<string, Record<string, number>> = {};
const servers = PEERS.map((peer, i) => ({ peer, port: 4400 + i, child: start(peer, 4400 + i) }));
try {
  for (const { peer, port, child } of servers) {
    await waitForPort(port);
    runs[peer.name] = {};
    sizes[peer.name] = {};
    for (const coding of ROWS) {
      const { encoding, bytes } = await rawGet(port, coding);
      sizes[peer.name][coding] = bytes;
      if (encoding !== coding && peer.codings.includes(coding)) throw new Error(`${peer.name} answered ${encoding} to ${coding}`);
    }
    wrk(child.pid!, `http://127.0.0.1:${port}/json`, "gzip", 2); // warm-up
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const coding of ROWS) {
      for (const { peer, port, child } of servers) {
        if (!peer.codings.includes(coding)) continue;
        (runs[peer.name][coding] ??= []).push(wrk(child.pid!, `http://127.0.0.1:${port}/json`, coding, SECONDS));
      }
    }
    console.log(`round ${round}/${ROUNDS} done`);
  }
} finally {
  for (const { child } of servers) child.kill("SIGKILL");
}

// ── Codecs in process: CPU µs per call (median of rounds) ──
const hint = (q: number) => ({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: q, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: BODY.length } });
function streamed(make: () => zlib.Gzip): () => Promise<Buffer> {
  return () => new Promise((resolve) => {
    const engine = make();
    const out: Buffer[] = [];
    engine.on("data", (d: Buffer) => out.push(d));
    engine.on("end", () => resolve(Buffer.concat(out)));
    engine.end(BODY);
  });
}
const pooledEngine = zlib.createGzip();
const pooledOut: Buffer[] = [];
pooledEngine.on("data", (d: Buffer) => pooledOut.push(d));
const pooled = () => new Promise<Buffer>((resolve) => {
  pooledEngine.write(BODY);
  pooledEngine.flush(zlib.constants.Z_FINISH, () => { const r = Buffer.concat(pooledOut); pooledOut.length = 0; (pooledEngine as zlib.Gzip & { reset(): void }).reset(); resolve(r); });
});
const compressionStream = async () => Buffer.from(await new Response(new Blob([BODY]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());

const CODECS: [string, () => Buffer | Promise<Buffer>, number][] = [
  ["gzipSync level 6 (asedge's gzip)", () => zlib.gzipSync(BODY), 1000],
  ["deflateSync level 6 (asedge's deflate)", () => zlib.deflateSync(BODY), 1000],
  ["brotliCompressSync q3 (asedge's br)", () => zlib.brotliCompressSync(BODY, hint(3)), 1000],
  ["brotliCompressSync q4 (@fastify/compress's br)", () => zlib.brotliCompressSync(BODY, hint(4)), 1000],
  ["brotliCompressSync q5", () => zlib.brotliCompressSync(BODY, hint(5)), 1000],
  ["brotliCompressSync q6", () => zlib.brotliCompressSync(BODY, hint(6)), 1000],
  ["brotliCompressSync q11 (zlib's default)", () => zlib.brotliCompressSync(BODY, hint(11)), 20],
  ["gzip: a new zlib stream per body", streamed(() => zlib.createGzip()), 1000],
  ["gzip: one pooled stream (flush Z_FINISH + reset)", pooled, 1000],
  ["gzip: CompressionStream (Hono's)", compressionStream, 1000],
];
const codecRuns: Record<string, { cpu: number; wall: number; bytes: number }[]> = {};
for (let round = 0; round < 5; round++) {
  for (const [name, run, n] of CODECS) {
    for (let i = 0; i < Math.min(n, 50); i++) await run(); // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes = (await run()).length;
    const cpu = process.cpuUsage(cpu0);
    (codecRuns[name] ??= []).push({ cpu: (cpu.user + cpu.system) / n, wall: ((performance.now() - t0) * 1000) / n, bytes });
  }
}
for (const [name, run] of CODECS.slice(0, 7)) {
  const out = await run();
  const back = name.startsWith("brotli") ? zlib.brotliDecompressSync(out) : name.startsWith("deflate") ? zlib.inflateSync(out) : zlib.gunzipSync(out);
  if (!back.equals(BODY)) throw new Error(`${name} did not round-trip`);
}

// ── Report ──
const cpuModel = os.cpus()[0]?.model ?? "unknown CPU";
let md = "# compress: a 16 KB JSON body\n\n";
md += `- Date: ${new Date().toISOString().slice(0, 10)}\n- Machine: ${os.cpus().length} × ${cpuModel}, Node ${process.version}, load average before the run ${os.loadavg()[0].toFixed(2)}; the machine is shared with other engineers' work and noisy (±40 % between back-to-back runs of the same server is usual here): compare ratios within a run\n`;
md += `- Command: \`npm run build && npx vite-node bench/compress.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Body: ${BODY.length} bytes of JSON records (bench/peers/compress-body.mjs), sent with \`c.json\` / \`reply.send\` / \`c.json\`\n`;
md += `- Method: all servers running, one under load at a time, each pinned to core 0, wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers row by row, median run shown. CPU is the server process's utime + stime over the run (/proc, 10 ms ticks) divided by the requests answered; per KB is per KB of the uncompressed body.\n\n`;
md += "| Accept-Encoding | server | req/s | vs Fastify | p99 | server CPU / request | CPU / KB of body | bytes sent |\n|---|---|---:|---:|---:|---:|---:|---:|\n";
for (const coding of ROWS) {
  const fastify = runs["Fastify + @fastify/compress"][coding] ? median(runs["Fastify + @fastify/compress"][coding], (r) => r.rps) : undefined;
  for (const { peer } of servers) {
    const list = runs[peer.name][coding];
    if (!list) { md += `| ${coding} | ${peer.name} | – (no brotli: answers uncompressed) | | | | | ${sizes[peer.name][coding]} |\n`; continue; }
    const r = median(list, (x) => x.rps);
    const cpu = median(list, (x) => x.cpuPerRequestUs).cpuPerRequestUs;
    md += `| ${coding} | ${peer.name} | ${Math.round(r.rps).toLocaleString("en-US")} | ${fastify ? (r.rps / fastify.rps).toFixed(2) + "×" : ""} | ${r.p99} | ${cpu.toFixed(0)} µs | ${(cpu / KB).toFixed(1)} µs | ${sizes[peer.name][coding]} |\n`;
  }
}
md += "\nEvery run (req/s, rounds in order):\n\n";
for (const [name, byCoding] of Object.entries(runs)) {
  md += `- ${name}: ${Object.entries(byCoding).map(([coding, list]) => `${coding} ${list.map((r) => Math.round(r.rps)).join(", ")}`).join(" · ")}\n`;
}
md += "\n## The codecs, in process\n\nOne 16 KB body per call, CPU µs per call (process.cpuUsage), median of 5 rounds; wall time beside it (higher when the machine is busy).\n\n";
md += "| codec | CPU µs / call | vs gzipSync 6 | wall µs | bytes out |\n|---|---:|---:|---:|---:|\n";
const gzipCpu = median(codecRuns[CODECS[0][0]], (x) => x.cpu).cpu;
for (const [name] of CODECS) {
  const r = median(codecRuns[name], (x) => x.cpu);
  md += `| ${name} | ${r.cpu.toFixed(0)} | ${(r.cpu / gzipCpu).toFixed(2)}× | ${median(codecRuns[name], (x) => x.wall).wall.toFixed(0)} | ${r.bytes} |\n`;
}
writeFileSync(new URL("results/compress.md", import.meta.url), md);
console.log(md);
