/**
 * Workers benchmark: the reference Worker and the same routes written in Hono
 * (bench/worker/hono.ts), each bundled by `wrangler deploy --dry-run` and
 * served by `workerd serve` on 127.0.0.1 (pinned to core 0), under wrk
 * (core 1, 64 connections), alternating apps and routes in one run. Also: the
 * bundle sizes, workerd cold start to the first answer, and the isolate's
 * start-up work (instantiate the core, build the route table) timed in Node.
 * Writes bench/results/worker.md.
 *
 *   npm run build && npx vite-node bench/worker.bench.ts [seconds] [rounds]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Core } from "../host/core/core.js";
import { createReferenceApp } from "../host/reference/app.js";
import type { CoreExports } from "../host/core/abi.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 2);
const CONNECTIONS = 64;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const COLD_STARTS = 9;
const COMPATIBILITY_DATE = "2026-04-01"; // wrangler.jsonc
const root = new URL("..", import.meta.url).pathname;
const work = mkdtempSync(join(os.tmpdir(), "asedge-worker-bench-"));
const platformBinary = `${root}node_modules/@cloudflare/workerd-linux-64/bin/workerd`;
const WORKERD = existsSync(platformBinary) ? platformBinary : `${root}node_modules/.bin/workerd`;

interface Bundle { name: string; dir: string; main: string; files: string[]; bytes: number; gzipBytes: number }

/** Bundle a Worker entry as `wrangler deploy` would upload it (no credentials needed). */
function bundle(name: string, entry: string): Bundle {
  const dir = join(work, name);
  execFileSync(process.execPath, [`${root}node_modules/wrangler/bin/wrangler.js`, "deploy", "--dry-run", "--outdir", dir,
    "--name", name, "--compatibility-date", COMPATIBILITY_DATE, entry],
  { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: "ignore" });
  const files = readdirSync(dir).filter((file) => file.endsWith(".js") || file.endsWith(".wasm"));
  const main = files.find((file) => file.endsWith(".js"))!;
  const bytes = files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file))).length, 0);
  return { name, dir, main, files, bytes, gzipBytes };
}

/** A workerd config serving the bundle's modules on `port`. */
function writeConfig(b: Bundle, port: number): string {
  const modules = [b.main, ...b.files.filter((file) => file !== b.main)].map((file) =>
    file.endsWith(".wasm") ? `(name = "${file}", wasm = embed "${file}")` : `(name = "${file}", esModule = embed "${file}")`);
  const path = join(b.dir, "workerd.capnp");
  writeFileSync(path, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`);
  return path;
}

interface Started { child: ChildProcess; listenMs: number; firstAnswerMs: number }

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(true); });
    socket.on("error", () => resolve(false));
  });
}

/**
 * Start workerd on core 0. Times spawn → listening, then → the first answer
 * to /plaintext (the app's first-request work).
 */
async function startWorkerd(config: string, port: number): Promise<Started> {
  const started = performance.now();
  const child = spawn("taskset", ["-c", "0", WORKERD, "serve", config], { stdio: ["ignore", "ignore", "inherit"] });
  while (!(await connects(port))) {
    if (performance.now() - started > 20_000) throw new Error(`workerd on ${port} never listened`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const listening = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/plaintext`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`workerd on ${port}: /plaintext answered ${response.status}`);
  return { child, listenMs: listening - started, firstAnswerMs: performance.now() - listening };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function wrk(url: string, connections = CONNECTIONS): number {
  const out = execFileSync("taskset", ["-c", "1", "wrk", "-t1", `-c${connections}`, `-d${SECONDS}s`, url], { encoding: "utf8" });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The isolate's start-up work for the reference Worker, timed in Node (workerd's clock does not advance inside a request). */
function isolateStartup(): { compileMs: number; instantiateMs: number; routesMs: number; first: { compileMs: number; instantiateMs: number; routesMs: number } } {
  const bytes = readFileSync(`${root}build/asedge.wasm`);
  const compile: number[] = [];
  const instantiate: number[] = [];
  const routes: number[] = [];
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    const module = new WebAssembly.Module(bytes);
    compile.push(performance.now() - t);
    t = performance.now();
    const core = new Core(new WebAssembly.Instance(module, {}).exports as unknown as CoreExports);
    instantiate.push(performance.now() - t);
    t = performance.now();
    createReferenceApp().bind(core);
    routes.push(performance.now() - t);
  }
  // The first sample is what an isolate pays (one core per isolate); the later ones also pay for collecting the earlier cores' memories.
  return {
    compileMs: median(compile), instantiateMs: median(instantiate), routesMs: median(routes),
    first: { compileMs: compile[0], instantiateMs: instantiate[0], routesMs: routes[0] },
  };
}

const apps = [bundle("asedge", "worker/reference.ts"), bundle("hono", "bench/worker/hono.ts"), bundle("bare", "bench/worker/bare.ts")];
let port = 4300;

// Same answers before timing anything.
const bodies: Record<string, string[]> = {};
const coldStarts: Record<string, { listen: number[]; first: number[] }> = {};
for (const app of apps) coldStarts[app.name] = { listen: [], first: [] };
for (let i = 0; i < COLD_STARTS; i++) {
  for (const app of apps) {
    const p = port++;
    const { child, listenMs, firstAnswerMs } = await startWorkerd(writeConfig(app, p), p);
    coldStarts[app.name].listen.push(listenMs);
    coldStarts[app.name].first.push(firstAnswerMs);
    if (i === 0) bodies[app.name] = await Promise.all(ROUTES.map(async (route) => (await fetch(`http://127.0.0.1:${p}${route}`)).text()));
    await stop(child);
  }
}
for (const [i, route] of ROUTES.entries()) {
  for (const peer of ["hono", "bare"]) {
    if (bodies.asedge[i] !== bodies[peer][i]) throw new Error(`${route}: asedge ${bodies.asedge[i]} ≠ ${peer} ${bodies[peer][i]}`);
  }
}

const rps: Record<string, Record<string, number[]>> = {};
for (const app of apps) rps[app.name] = Object.fromEntries(ROUTES.map((route) => [route, []]));
const serial: Record<string, number> = {};
const servers = await Promise.all(apps.map(async (app) => {
  const p = port++;
  return { app, port: p, ...(await startWorkerd(writeConfig(app, p), p)) };
}));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const route of ROUTES) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const value = wrk(`http://127.0.0.1:${server.port}${route}`);
        rps[server.app.name][route].push(value);
        console.log(`round ${round + 1} ${server.app.name} ${route}: ${Math.round(value)} req/s`);
      }
    }
  }
  // One request at a time: what workerd itself spends per request, framework or not.
  for (const server of servers) serial[server.app.name] = 1e6 / wrk(`http://127.0.0.1:${server.port}/plaintext`, 1);
} finally {
  await Promise.all(servers.map((server) => stop(server.child)));
}

const startup = isolateStartup();
rmSync(work, { recursive: true, force: true });

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
/** The median over rounds of x[i] ÷ y[i]: both measured in the same round. */
const ratio = (x: number[], y: number[]) => median(x.map((v, i) => v / y[i]));
const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
let md = `# Workers: reference app vs Hono on workerd — ${new Date().toISOString().slice(0, 10)}

\`npm run build && npx vite-node bench/worker.bench.ts ${SECONDS} ${ROUNDS}\`. Machine: ${os.cpus().length} cores, ${cpu}, Node ${process.version},
workerd ${execFileSync(WORKERD, ["--version"], { encoding: "utf8" }).trim().replace(/^workerd /, "")}, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")} (the machine is shared: compare ratios, which come from the same run).

Each Worker is bundled by \`wrangler deploy --dry-run\` and served by \`workerd serve\` (one isolate, no miniflare in the path) on
127.0.0.1, pinned to core 0; wrk on core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds alternating the apps; the table shows
medians, a ratio is the median of the per-round ratios (both Workers measured in the same round). asedge serves the whole reference app (27 routes, /api/* middleware: \`worker/reference.ts\`); the Hono
Worker (\`bench/worker/hono.ts\`) has only the three routes measured. All three answer the same bodies (checked before timing).

## Throughput (req/s)

| route | asedge | hono | bare Worker (ceiling) | asedge / hono | bare / hono | rounds asedge · hono · bare |
|---|---:|---:|---:|---:|---:|---|
`;
for (const route of ROUTES) {
  const [a, h, b] = [rps.asedge[route], rps.hono[route], rps.bare[route]];
  md += `| ${route} | ${Math.round(median(a))} | ${Math.round(median(h))} | ${Math.round(median(b))} | ${ratio(a, h).toFixed(2)}× | ${ratio(b, h).toFixed(2)}× | ${[a, h, b].map((xs) => xs.map(Math.round).join(", ")).join(" · ")} |\n`;
}
md += `
A bare Worker with no framework (\`bench/worker/bare.ts\`, routes matched by hand) is the ceiling: the platform's own
per-request work (HTTP, the isolate entry, Request/Response objects) bounds what any framework can gain over Hono.
One request at a time (wrk -c1, /plaintext, one ${SECONDS} s run each) a request takes asedge ${serial.asedge.toFixed(0)} µs, hono ${serial.hono.toFixed(0)} µs,
bare ${serial.bare.toFixed(0)} µs end to end on this machine.

## Bundle (what \`wrangler deploy\` uploads)

| Worker | files | bytes | gzip |
|---|---|---:|---:|
`;
for (const app of apps) md += `| ${app.name} | ${app.files.map((file) => file.replace(/^[0-9a-f]{40}-/, "")).join(" + ")} | ${kib(app.bytes)} | ${kib(app.gzipBytes)} |\n`;
md += `
## Start-up

- **workerd cold start** (median of ${COLD_STARTS}, apps alternating): spawn \`workerd serve\` → listening (process start, config and
  bundle loaded): asedge ${median(coldStarts.asedge.listen).toFixed(0)} ms,
  hono ${median(coldStarts.hono.listen).toFixed(0)} ms; then → first 200 on /plaintext (everything left before the first
  answer — asedge builds its route table on the first request, Hono its router): asedge ${median(coldStarts.asedge.first).toFixed(1)} ms, hono ${median(coldStarts.hono.first).toFixed(1)} ms
  (bare Worker: ${median(coldStarts.bare.listen).toFixed(0)} ms + ${median(coldStarts.bare.first).toFixed(1)} ms).
- **Isolate start-up work of the reference Worker** (in Node/V8, since workerd's clock does not advance while a Worker
  computes; the first of 30 in one process, which is what an isolate pays, then the median of the 30, which also pays for
  collecting the earlier cores' memories): instantiate the core + configure the pool ${startup.first.instantiateMs.toFixed(2)} ms
  (median ${startup.instantiateMs.toFixed(2)} ms), create the reference app and build its route table (27 routes into the
  WASM router) ${startup.first.routesMs.toFixed(2)} ms (median ${startup.routesMs.toFixed(2)} ms). Compiling the module
  from bytes, which Workers do once when the isolate loads the upload, not per request: ${startup.first.compileMs.toFixed(2)} ms
  (median ${startup.compileMs.toFixed(2)} ms).
`;
writeFileSync(new URL("results/worker.md", import.meta.url), md);
console.log(md);
