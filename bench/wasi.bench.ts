/**
 * WASI benchmark: the AssemblyScript reference app's wasi:http component
 * (build/reference-app.component.wasm) against the same routes written in
 * Hono (bench/worker/hono.ts) and built with ComponentizeJS (`jco componentize`,
 * StarlingMonkey). Two Hono components: the idiomatic fetch event
 * (bench/wasi/hono-fetch-event.ts: one request per instance) and a hand-written
 * incoming-handler export (bench/wasi/hono-handler.ts: one instance for every
 * request). Reports component sizes, start-up (compile, instantiate, cold start
 * to the first answer) and requests/s under `jco serve` on 127.0.0.1 (server on
 * core 0, wrk on core 1), both with one shared instance (jco serve's default)
 * and with a fresh instance per request (`--isolate-requests instance`, the
 * model of `wasmtime serve`). Then the same components under `wasmtime serve`
 * (the version in .wasmtime-version; a fresh instance per request), with the
 * asedge component twice: pre-initialised at build time (npm run build) and
 * built with --no-preinit: req/s, p50/p99, one request at a time, spawn → first
 * 200; and the start-up of the core modules (and of the TypeScript-app core
 * the Node host and Workers start) in V8. Writes bench/results/wasi.md.
 *
 *   npm run build && npx vite-node bench/wasi.bench.ts [seconds] [rounds]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { findWasmtime, WASMTIME_VERSION } from "../tests/wasi/wasmtime-serve.js";
import { buildScript } from "../tests/wasi/core-module.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 2);
const CONNECTIONS = 16;
const ROUTES = ["/plaintext", "/json", "/users/42"];
const COLD_STARTS = 5;
const INSTANTIATIONS = 20;
const root = new URL("..", import.meta.url).pathname;
const work = join(root, "bench/build/wasi"); // bench/build is ignored by git
const JCO = join(root, "node_modules/@bytecodealliance/jco/dist/jco.js");
const ESBUILD = join(root, "node_modules/.bin/esbuild");
const CJS = join(root, "node_modules/@bytecodealliance/componentize-js");
// hono-handler.ts imports wasi:http/types at this version: the one StarlingMonkey is built against.
const WASI_HTTP = "0.2.10";

const version = (pkg: string) => (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (t: number) => performance.now() - t;

/**
 * WIT for the Hono components: wasi:http/proxy at the version ComponentizeJS's
 * StarlingMonkey implements. jco ships complete WIT only for 0.2.12; the
 * packages are the same apart from the version, and wasi:sockets' `network`
 * must expose `error` and `network-error-code` as StarlingMonkey's copy does
 * (0.2.12 gates them behind @unstable). A world at another version than the engine's fails: jco
 * falls back to componentize-js 0.19.3 for < 0.2.10, and at 0.2.12 the module
 * lacks `wasi:http/incoming-handler@0.2.12#handle` (the engine exports @0.2.10).
 */
function writeWit(dir: string): void {
  const engine = readFileSync(join(CJS, "lib/starlingmonkey_embedding.wasm")).toString("latin1");
  const engineVersion = /wasi:http\/incoming-handler@(0\.2\.\d+)/.exec(engine)?.[1];
  if (engineVersion !== WASI_HTTP) throw new Error(`StarlingMonkey implements wasi:http@${engineVersion}, the bench expects ${WASI_HTTP}`);
  const builtin = join(root, "node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12");
  for (const pkg of readdirSync(builtin)) {
    const text = readFileSync(join(builtin, pkg, "package.wit"), "utf8")
      .replaceAll("@0.2.12", `@${WASI_HTTP}`)
      .replace(/^\s*@unstable\(feature = network-error-code\)\n/gm, "");
    mkdirSync(join(dir, "deps", pkg), { recursive: true });
    writeFileSync(join(dir, "deps", pkg, "package.wit"), text);
  }
  writeFileSync(join(dir, "world.wit"), `package bench:hono;\n\nworld hono {\n  include wasi:http/proxy@${WASI_HTTP};\n}\n`);
}

interface Component { name: string; label: string; file: string; bundleBytes?: number; buildSeconds?: number }

/**
 * esbuild the entry (Hono + glue) into one ES module, then `jco componentize` it. A component built by an earlier
 * run from the same bundle is kept (with its build time): componentize takes minutes on a loaded machine, and
 * wasmtime's compilation cache only knows identical bytes.
 */
function buildHono(name: string, label: string, entry: string, wit: string): Component {
  const bundle = join(work, `${name}.js`);
  execFileSync(ESBUILD, [entry, "--bundle", "--format=esm", "--platform=browser", "--target=es2022", "--minify",
    "--external:wasi:*", `--outfile=${bundle}`, "--log-level=warning"], { cwd: root, stdio: "inherit" });
  const file = join(work, `${name}.component.wasm`);
  const stamp = join(work, `${name}.built.json`);
  const source = readFileSync(bundle, "utf8") + readFileSync(join(wit, "world.wit"), "utf8");
  if (existsSync(file) && existsSync(stamp)) {
    const built = JSON.parse(readFileSync(stamp, "utf8")) as { source: string; seconds: number };
    if (built.source === source) return { name, label, file, bundleBytes: statSync(bundle).size, buildSeconds: built.seconds };
  }
  const t = performance.now();
  execFileSync(process.execPath, [JCO, "componentize", bundle, "--wit", wit, "--world-name", "hono", "--out", file],
    { cwd: work, stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
  const buildSeconds = since(t) / 1000;
  writeFileSync(stamp, JSON.stringify({ source, seconds: buildSeconds }));
  return { name, label, file, bundleBytes: statSync(bundle).size, buildSeconds };
}

interface Transpiled { dir: string; seconds: number }

/** `jco transpile` as `jco serve --isolate-requests` does it (sync instantiation), for the start-up script. */
function transpile(c: Component): Transpiled {
  const dir = join(work, `transpiled-${c.name}`);
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  execFileSync(process.execPath, [JCO, "transpile", c.file, "--out-dir", dir, "--name", c.name, "--instantiation", "sync",
    "--no-typescript", "--quiet"], { cwd: root, stdio: "inherit", timeout: 300_000 });
  const seconds = since(t) / 1000;
  writeFileSync(join(dir, "package.json"), '{"type":"module"}');
  return { dir, seconds };
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(true); });
    socket.on("error", () => resolve(false));
  });
}

interface Server { child: ChildProcess; port: number; firstAnswerMs: number }

/**
 * Start a server on core 0 in its own process group (jco serve runs the
 * component in a child node process) and time spawn → first 200 on /plaintext.
 */
async function startServer(args: string[], port: number, command = process.execPath, timeoutMs = 120_000): Promise<Server> {
  const t = performance.now();
  const child = spawn("taskset", ["-c", "0", command, ...args], { cwd: root, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  try {
    while (!(await connects(port))) {
      if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}: ${errorText(stderr)}`);
      if (since(t) > timeoutMs) throw new Error(`server on ${port} never listened`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const response = await fetch(`http://127.0.0.1:${port}/plaintext`, { signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`server on ${port}: /plaintext answered ${response.status}`);
  } catch (error) {
    await stop({ child, port, firstAnswerMs: 0 });
    throw error;
  }
  return { child, port, firstAnswerMs: since(t) };
}

/** A server's error message: wasmtime's "Error: …" and its "Caused by:" lines, without the backtrace. */
function errorText(stderr: string): string {
  const from = stderr.indexOf("Error:");
  const text = from < 0 ? stderr : stderr.slice(from).split("Stack backtrace:")[0];
  return text.split("\n").map((line) => line.trim()).filter(Boolean).join(" ");
}

/** SIGTERM the server's process group (jco serve and the node process it spawned). */
function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => process.kill(-server.child.pid!, "SIGKILL"), 5000);
    server.child.once("exit", () => { clearTimeout(timer); resolve(); });
    process.kill(-server.child.pid!, "SIGTERM");
  });
}

/** `jco serve`, keeping the transpiled runner in `dir` (its _run.js can then be started without transpiling again). */
const jcoServe = (c: Component, port: number, dir: string, isolate: boolean) =>
  [JCO, "serve", c.file, "--port", String(port), "--host", "127.0.0.1", "--jco-dir", dir, ...(isolate ? ["--isolate-requests", "instance"] : [])];

interface Run { rps: number; latency: string; p50: string; p99: string; errors: number }

function wrk(url: string, connections = CONNECTIONS, seconds = SECONDS): Run {
  const out = execFileSync("taskset", ["-c", "1", "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "--latency", url],
    { encoding: "utf8", timeout: (seconds + 30) * 1000 });
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), latency: /Latency\s+(\S+)/.exec(out)?.[1] ?? "?",
    p50: /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "?", p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "?", errors,
  };
}

async function get(port: number, path: string): Promise<{ status: number | string; body: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: String((error as Error).cause ?? error), body: "" };
  }
}

// ── Build ────────────────────────────────────────────────────────────────────
const loadBefore = os.loadavg();
mkdirSync(work, { recursive: true });
for (const entry of readdirSync(work)) { // keep the Hono components (buildHono); start from scratch otherwise
  if (!/^hono-.*\.(component\.wasm|built\.json)$/.test(entry)) rmSync(join(work, entry), { recursive: true, force: true });
}
const wit = join(work, "wit");
writeWit(wit);
const asedgeFile = join(root, "build/reference-app.component.wasm");
if (!existsSync(asedgeFile)) throw new Error("build/reference-app.component.wasm is missing: npm run build");
const asedge: Component = { name: "asedge", label: "asedge (AS reference app)", file: join(work, "asedge.component.wasm") };
cpSync(asedgeFile, asedge.file);
const honoEvent = buildHono("hono-event", "Hono, fetch event", "bench/wasi/hono-fetch-event.ts", wit);
const honoHandler = buildHono("hono-handler", "Hono, incoming-handler export", "bench/wasi/hono-handler.ts", wit);
const components = [asedge, honoEvent, honoHandler];
for (const c of components) console.log(`${c.name}: ${statSync(c.file).size} bytes`);

// ── Start-up ─────────────────────────────────────────────────────────────────
const transpiled = new Map(components.map((c) => [c.name, transpile(c)]));
const startup = new Map<string, { compile: number[]; first: number[]; next: number[] }>();
for (const c of components) startup.set(c.name, { compile: [], first: [], next: [] });
for (let i = 0; i < COLD_STARTS; i++) {
  for (const c of components) {
    const out = execFileSync(process.execPath, [join(root, "bench/wasi/startup.mjs"), transpiled.get(c.name)!.dir, c.name, String(INSTANTIATIONS)],
      { cwd: root, encoding: "utf8", timeout: 300_000 });
    const { compileMs, instantiateMs } = JSON.parse(out) as { compileMs: number; instantiateMs: number[] };
    const s = startup.get(c.name)!;
    s.compile.push(compileMs);
    s.first.push(instantiateMs[0]);
    s.next.push(...instantiateMs.slice(1));
  }
}

let port = 4600;
const serveDirs = new Map(components.map((c) => [c.name, join(work, `serve-${c.name}`)]));
// jco serve from scratch (transpiles the component, then starts node), once each; the answers are checked here.
const jcoServeFirst = new Map<string, number>();
const bodies = new Map<string, string[]>();
const ports = new Map<string, number>();
let eventSecond: { status: number | string; body: string } = { status: "?", body: "" };
for (const c of components) {
  const p = port++;
  ports.set(c.name, p);
  const server = await startServer(jcoServe(c, p, serveDirs.get(c.name)!, false), p);
  jcoServeFirst.set(c.name, server.firstAnswerMs);
  if (c === honoEvent) {
    eventSecond = await get(p, "/plaintext"); // the one instance already answered its FetchEvent
  } else {
    bodies.set(c.name, await Promise.all(ROUTES.map(async (route) => {
      const { status, body } = await get(p, route);
      if (status !== 200) throw new Error(`${c.name} ${route}: ${status}`);
      return body;
    })));
  }
  await stop(server);
}
for (const [i, route] of ROUTES.entries()) {
  if (bodies.get("asedge")![i] !== bodies.get("hono-handler")![i]) throw new Error(`${route}: asedge ${bodies.get("asedge")![i]} ≠ hono ${bodies.get("hono-handler")![i]}`);
}
// Cold start without the transpile: node runs the runner jco serve wrote (Node start, compile, instantiate, first answer).
const coldStart = new Map<string, number[]>(components.map((c) => [c.name, []]));
for (let i = 0; i < COLD_STARTS; i++) {
  for (const c of components) {
    const server = await startServer([join(serveDirs.get(c.name)!, "_run.js")], ports.get(c.name)!);
    coldStart.get(c.name)!.push(server.firstAnswerMs);
    await stop(server);
  }
}

// ── Throughput under jco serve ───────────────────────────────────────────────
type Mode = "shared" | "isolated";
const rps = new Map<string, Run[]>(); // key: mode/name/route
const serial = new Map<string, Run>();
async function load(mode: Mode, peers: Component[]): Promise<void> {
  const servers: { c: Component; server: Server }[] = [];
  try {
    for (const c of peers) {
      const p = port++;
      servers.push({ c, server: await startServer(jcoServe(c, p, join(work, `serve-${mode}-${c.name}`), mode === "isolated"), p) });
    }
    for (const { c, server } of servers) { // the same answers as asedge's under jco serve, in this mode too
      for (const [i, route] of ROUTES.entries()) {
        const { status, body } = await get(server.port, route);
        if (status !== 200 || body !== bodies.get("asedge")![i]) throw new Error(`${mode} ${c.name} ${route}: ${status} ${body}`);
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const route of ROUTES) {
        for (const { c, server } of round % 2 === 0 ? servers : [...servers].reverse()) {
          const run = wrk(`http://127.0.0.1:${server.port}${route}`);
          const key = `${mode}/${c.name}/${route}`;
          rps.set(key, [...(rps.get(key) ?? []), run]);
          console.log(`${mode} round ${round + 1} ${c.name} ${route}: ${Math.round(run.rps)} req/s, ${run.latency}, ${run.errors} errors`);
        }
      }
    }
    // One request at a time: the latency of one request through jco serve.
    for (const { c, server } of servers) serial.set(`${mode}/${c.name}`, wrk(`http://127.0.0.1:${server.port}/plaintext`, 1));
  } finally {
    await Promise.all(servers.map(({ server }) => stop(server)));
  }
}
await load("shared", [asedge, honoHandler]);
await load("isolated", [asedge, honoEvent, honoHandler]);
// ── wasmtime serve ───────────────────────────────────────────────────────────
// The asedge component twice: pre-initialised (npm run build) and built with
// --no-preinit from the same asc output; the core modules of both for V8.
const build = await buildScript();
const plainCore = await build.buildCore(join(root, "assembly/apps/reference.ts"), { preinit: false });
const snapshotCore = await build.preinitialise(plainCore);
const asedgePlain: Component = { name: "asedge-plain", label: "asedge, --no-preinit", file: join(work, "asedge-plain.component.wasm") };
writeFileSync(asedgePlain.file, await build.componentOf(plainCore));
writeFileSync(join(work, "core-plain.wasm"), plainCore);
writeFileSync(join(work, "core-snapshot.wasm"), snapshotCore);

const wasmtime = findWasmtime();
// Starts wait up to 15 minutes: wasmtime compiles the 14 MiB components with Cranelift before it listens.
const WASMTIME_START_MS = 900_000;
const onWasmtime = [asedge, asedgePlain, honoEvent, honoHandler];
// With no -S flags, wasmtime serve links only the wasi:http proxy world's imports; ComponentizeJS's components import
// more of wasi:cli (terminal-input, …) and are refused. How each one fails without flags is recorded; they then run
// with `-S cli` (the whole of wasi:cli). asedge's component imports only wasi:http and wasi:io.
const wasmtimeFlags = new Map<string, string[]>(onWasmtime.map((c) => [c.name, []]));
const withoutFlags = new Map<string, string>();
const wasmtimeArgs = (c: Component, p: number, cache = true) =>
  ["serve", ...(cache ? [] : ["-C", "cache=n"]), ...wasmtimeFlags.get(c.name)!, "--addr", `127.0.0.1:${p}`, c.file];
// Compiling: spawn → first 200 without wasmtime's cache for asedge; for Hono, spawn → the link error of the start
// without flags (the compilation comes first and fills the cache; a component kept from an earlier run may be in it).
const wasmtimeCompile = new Map<string, number>();
const wasmtimeFailed = new Map<string, string>();
for (const c of onWasmtime) {
  const p = port++;
  const t = performance.now();
  try {
    const server = await startServer(wasmtimeArgs(c, p, c !== asedge && c !== asedgePlain), p, wasmtime, WASMTIME_START_MS);
    wasmtimeCompile.set(c.name, server.firstAnswerMs);
    await stop(server);
  } catch (error) {
    const message = String((error as Error).message ?? error).replace(/^server on \d+ /, "");
    if (/matching implementation was not found/.test(message)) {
      withoutFlags.set(c.name, message);
      wasmtimeCompile.set(c.name, since(t));
      wasmtimeFlags.set(c.name, ["-S", "cli"]);
    } else {
      wasmtimeFailed.set(c.name, message);
    }
    console.log(`wasmtime serve ${c.name} without flags: ${message}`);
  }
}
// Spawn → first 200 from wasmtime's cache (on by default), 3 starts each, and the answers.
const wasmtimeFirst = new Map<string, number[]>(onWasmtime.map((c) => [c.name, []]));
for (let i = 0; i < 3; i++) {
  for (const c of onWasmtime) {
    if (wasmtimeFailed.has(c.name)) continue;
    const p = port++;
    try {
      const server = await startServer(wasmtimeArgs(c, p), p, wasmtime, WASMTIME_START_MS);
      wasmtimeFirst.get(c.name)!.push(server.firstAnswerMs);
      try {
        for (const [k, route] of ROUTES.entries()) {
          const { status, body } = await get(p, route);
          if (status !== 200 || body !== bodies.get("asedge")![k]) throw new Error(`${route} answered ${status} ${body.slice(0, 200)}`);
        }
      } finally {
        await stop(server);
      }
    } catch (error) {
      wasmtimeFailed.set(c.name, String((error as Error).message ?? error));
      console.log(`wasmtime serve ${c.name}: ${wasmtimeFailed.get(c.name)}`);
    }
  }
}
const wasmtimeRuns = onWasmtime.filter((c) => !wasmtimeFailed.has(c.name));
const wasmtimeRps = new Map<string, Run[]>(); // key: name/route
const wasmtimeSerial = new Map<string, Run[]>();
{
  const servers: { c: Component; server: Server }[] = [];
  try {
    for (const c of wasmtimeRuns) {
      const p = port++;
      servers.push({ c, server: await startServer(wasmtimeArgs(c, p), p, wasmtime, WASMTIME_START_MS) });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const route of ROUTES) {
        for (const { c, server } of order) {
          const run = wrk(`http://127.0.0.1:${server.port}${route}`);
          const key = `${c.name}/${route}`;
          wasmtimeRps.set(key, [...(wasmtimeRps.get(key) ?? []), run]);
          console.log(`wasmtime round ${round + 1} ${c.name} ${route}: ${Math.round(run.rps)} req/s, p50 ${run.p50}, p99 ${run.p99}, ${run.errors} errors`);
        }
      }
      // One request at a time: request → response through wasmtime serve, an instance made and started for each.
      for (const { c, server } of order) {
        const run = wrk(`http://127.0.0.1:${server.port}/plaintext`, 1);
        wasmtimeSerial.set(c.name, [...(wasmtimeSerial.get(c.name) ?? []), run]);
        console.log(`wasmtime round ${round + 1} ${c.name} /plaintext, 1 connection: ${Math.round(run.rps)} req/s, p50 ${run.p50}, p99 ${run.p99}`);
      }
    }
  } finally {
    await Promise.all(servers.map(({ server }) => stop(server)));
  }
}

// Pre-initialised against --no-preinit, one request at a time, in short runs alternating the two: the difference
// of each pair's p50 is what the start-up costs per request (pairs, because the load beside us swings by more).
const PAIRED_ROUNDS = 10;
const PAIRED_SECONDS = 3;
const paired: { pre: Run; plain: Run }[] = [];
{
  const servers: Server[] = [];
  try {
    for (const c of [asedge, asedgePlain]) {
      const p = port++;
      servers.push(await startServer(wasmtimeArgs(c, p), p, wasmtime, WASMTIME_START_MS));
    }
    for (let round = 0; round < PAIRED_ROUNDS; round++) {
      const url = (server: Server) => `http://127.0.0.1:${server.port}/plaintext`;
      const first = wrk(url(servers[round % 2]), 1, PAIRED_SECONDS);
      const second = wrk(url(servers[(round + 1) % 2]), 1, PAIRED_SECONDS);
      const pair = round % 2 === 0 ? { pre: first, plain: second } : { pre: second, plain: first };
      paired.push(pair);
      console.log(`paired round ${round + 1}: pre-initialised p50 ${pair.pre.p50}, --no-preinit p50 ${pair.plain.p50}`);
    }
  } finally {
    await Promise.all(servers.map(stop));
  }
}

// ── Start-up in V8: the component's core module, and the TypeScript-app core ─
const coreStartup = new Map<string, { compile: number[]; first: number[]; next: number[] }>();
for (const name of ["plain", "snapshot"]) coreStartup.set(name, { compile: [], first: [], next: [] });
const hostStartup = { compile: [] as number[], first: [] as number[], next: [] as number[] };
for (let i = 0; i < COLD_STARTS; i++) {
  for (const name of ["plain", "snapshot"]) {
    const out = execFileSync(process.execPath, [join(root, "bench/wasi/startup-core.mjs"), join(work, `core-${name}.wasm`), String(INSTANTIATIONS)],
      { cwd: root, encoding: "utf8" });
    const { compileMs, instantiateMs, initializeMs } = JSON.parse(out) as { compileMs: number; instantiateMs: number[]; initializeMs: number[] };
    const total = instantiateMs.map((x, k) => x + initializeMs[k]);
    const s = coreStartup.get(name)!;
    s.compile.push(compileMs);
    s.first.push(total[0]);
    s.next.push(...total.slice(1));
  }
  const out = execFileSync(process.execPath, [join(root, "bench/wasi/startup-host.mjs"), String(INSTANTIATIONS)], { cwd: root, encoding: "utf8" });
  const { compileMs, instantiateMs, bindMs } = JSON.parse(out) as { compileMs: number; instantiateMs: number[]; bindMs: number[] };
  const total = instantiateMs.map((x, k) => x + bindMs[k]);
  hostStartup.compile.push(compileMs);
  hostStartup.first.push(total[0]);
  hostStartup.next.push(...total.slice(1));
}
const loadAfter = os.loadavg();

// ── Report ───────────────────────────────────────────────────────────────────
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const best = (runs: Run[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a: number, b: number) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : "—");
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const date = execFileSync("date", { encoding: "utf8" }).trim();
const sizes = new Map(components.map((c) => {
  const bytes = readFileSync(c.file);
  return [c.name, { bytes: bytes.length, gzip: gzipSync(bytes).length }];
}));

let md = `# WASI: the AssemblyScript reference component vs Hono + ComponentizeJS

- Date: ${date}
- Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after
  (shared machine: compare the ratios, which come from the same run)
- Command: \`npm run build && npm run bench -- wasi\` (= \`npx vite-node bench/wasi.bench.ts ${SECONDS} ${ROUNDS}\`)
- Tools: jco ${version("@bytecodealliance/jco")}, componentize-js ${version("@bytecodealliance/componentize-js")} (StarlingMonkey, wasi:http@${WASI_HTTP}),
  preview2-shim ${version("@bytecodealliance/preview2-shim")}, hono ${version("hono")}, esbuild ${version("esbuild")}, wrk

## What is compared

- **asedge**: \`build/reference-app.component.wasm\` from \`npm run build\`: the whole AssemblyScript reference app (27
  routes, /api/* middleware), a \`wasi:http/proxy@0.2.0\` component written by hand over the canonical ABI,
  pre-initialised at build time (Wizer); under \`wasmtime serve\` also built with \`--no-preinit\`.
- **Hono** (\`bench/worker/hono.ts\`, the Workers benchmark's app: only /plaintext, /json, /users/:id), bundled by esbuild
  (minified ES module) and built by \`jco componentize --wit <wasi:http/proxy@${WASI_HTTP}> --world-name hono\`, twice:
  - **fetch event** (\`bench/wasi/hono-fetch-event.ts\`): \`addEventListener("fetch", e => e.respondWith(app.fetch(e.request)))\`,
    the idiomatic form. StarlingMonkey keeps one FetchEvent per instance, so such a component answers **one request
    per instance**: under plain \`jco serve\` (one instance for all requests) the second request got
    ${typeof eventSecond.status === "number" ? `status ${eventSecond.status}${eventSecond.body ? ` (\`${eventSecond.body.slice(0, 60).trim()}\`)` : ""}` : `no answer (${eventSecond.status})`}. It is measured with a fresh instance per request only.
  - **incoming-handler export** (\`bench/wasi/hono-handler.ts\`): \`export const incomingHandler = { async handle(req, out) }\`
    over the \`wasi:http/types\` imports (incoming-request → Web Request → \`app.fetch\` → outgoing-response); one
    instance serves every request, as asedge's does.
- All three answer the same bodies on the three routes (checked under \`jco serve\` before timing; the fetch-event component
  with an instance per request).

## Size

| component | bytes | gzip | JS bundle | build |
|---|---:|---:|---:|---|
`;
for (const c of components) {
  const s = sizes.get(c.name)!;
  md += `| ${c.label} | ${fmt(s.bytes)} (${kib(s.bytes)}) | ${fmt(s.gzip)} (${kib(s.gzip)}) | ${c.bundleBytes ? `${fmt(c.bundleBytes)} B` : "—"} | ${c.buildSeconds ? `jco componentize ${c.buildSeconds.toFixed(0)} s` : "npm run build"} |\n`;
}
const asedgeSize = sizes.get("asedge")!;
const honoSize = sizes.get("hono-event")!;
md += `
asedge's component is ${kib(asedgeSize.bytes)} pre-initialised (the snapshot of its start-up heap, mostly the route tree, is
data now; built with --no-preinit: ${kib(statSync(asedgePlain.file).size)}, goal < 150 KiB): ${(honoSize.bytes / asedgeSize.bytes).toFixed(0)}× smaller than the Hono component
(${(honoSize.gzip / asedgeSize.gzip).toFixed(0)}× gzipped). Almost all of the Hono component is the StarlingMonkey engine (SpiderMonkey)
with the bundle pre-initialized into its memory (Wizer); the app's own JS is ${kib(honoEvent.bundleBytes!)}.

## Start-up

| | asedge | Hono, fetch event | Hono, incoming-handler | Hono (fetch event) / asedge |
|---|---:|---:|---:|---:|
`;
const row = (label: string, f: (name: string) => number, unit = "ms") => {
  const [a, e, h] = components.map((c) => f(c.name));
  md += `| ${label} | ${ms(a)} ${unit} | ${ms(e)} ${unit} | ${ms(h)} ${unit} | ${ratio(e, a)} |\n`;
};
row("compile the core modules from bytes (V8, fresh process)", (n) => median(startup.get(n)!.compile));
row("first instantiation (instance + preview2-shim imports)", (n) => median(startup.get(n)!.first));
row(`next instantiations (median of ${COLD_STARTS} × ${INSTANTIATIONS - 1})`, (n) => median(startup.get(n)!.next));
row("cold start: node runs jco serve's runner → first 200 on /plaintext", (n) => median(coldStart.get(n)!));
row("`jco serve` → first 200 (includes transpiling the component; 1 sample)", (n) => jcoServeFirst.get(n)!);
row("`jco transpile` alone (a separate run, 1 sample)", (n) => transpiled.get(n)!.seconds * 1000);
md += `
Compile and instantiation: \`bench/wasi/startup.mjs\`, ${COLD_STARTS} fresh Node processes per component, each compiling the
core modules that \`jco transpile --instantiation sync\` produced, then instantiating ${INSTANTIATIONS} times with a fresh
preview2-shim import object (what \`jco serve --isolate-requests instance\` does for every request). Cold start: spawn → first
200 on /plaintext, median of ${COLD_STARTS}, server pinned to core 0; \`jco serve\` re-transpiles the component at every start, the
runner it writes (\`_run.js\`) does not.

## Requests/s under \`jco serve\`

Server on 127.0.0.1 pinned to core 0, wrk on core 1 (1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} alternating the
components); best round, with mean latency; every round listed.
`;
const table = (mode: Mode, peers: Component[], title: string) => {
  md += `\n### ${title}\n\n| route | ${peers.map((c) => c.label).join(" | ")} | ${peers.slice(1).map((c) => `asedge / ${c.label}`).join(" | ")} | rounds (req/s) |\n`;
  md += `|---|${peers.map(() => "---:").join("|")}|${peers.slice(1).map(() => "---:").join("|")}|---|\n`;
  for (const route of ROUTES) {
    const runs = peers.map((c) => rps.get(`${mode}/${c.name}/${route}`)!);
    const bests = runs.map(best);
    const errors = runs.flat().reduce((n, r) => n + r.errors, 0);
    md += `| ${route} | ${bests.map((b) => `${fmt(b.rps)} (${b.latency})`).join(" | ")} | ${bests.slice(1).map((b) => ratio(bests[0].rps, b.rps)).join(" | ")} | ${runs.map((rs) => rs.map((r) => fmt(r.rps)).join(", ")).join(" · ")}${errors ? `; ${errors} errors` : ""} |\n`;
  }
  md += `| /plaintext, 1 connection | ${peers.map((c) => { const r = serial.get(`${mode}/${c.name}`)!; return `${fmt(r.rps)} (${r.latency})`; }).join(" | ")} | ${peers.slice(1).map((c) => ratio(serial.get(`${mode}/asedge`)!.rps, serial.get(`${mode}/${c.name}`)!.rps)).join(" | ")} | |\n`;
};
table("shared", [asedge, honoHandler], "One instance for all requests (`jco serve`, the default)");
table("isolated", [asedge, honoEvent, honoHandler], "A fresh instance per request (`jco serve --isolate-requests instance`, the model of `wasmtime serve`)");
md += `
\`jco serve\` is a correctness runner: preview2-shim accepts HTTP on a worker thread and hands each request to the
component through synchronous cross-thread calls, and that cost is in every figure above (the Node host serves the
same reference app at tens of thousands of requests/s). The ratios say what each component adds on top of the same
runner; a production host gives other absolute figures: \`wasmtime serve\` below.
`;

// ── Report: wasmtime serve ───────────────────────────────────────────────────
/** wrk's "245.00us" / "3.58ms" / "1.02s" in ms. */
const inMs = (text: string) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  return m ? Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]] : NaN;
};
const us = (x: number) => `${Math.round(x * 1000).toLocaleString("en-US")} µs`;
/** The median, the mean of the middle two for an even count. */
const mid = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const k = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[k] : (sorted[k - 1] + sorted[k]) / 2;
};
const medianRun = (runs: Run[]) => ({ rps: mid(runs.map((r) => r.rps)), p50: mid(runs.map((r) => inMs(r.p50))), p99: mid(runs.map((r) => inMs(r.p99))) });
const latencyText = (x: number) => (x < 1 ? us(x) : `${x.toFixed(2)} ms`);
md += `
## Under \`wasmtime serve\`

\`wasmtime serve [flags] --addr 127.0.0.1:<port> <component>\` (wasmtime ${WASMTIME_VERSION}, \`.wasmtime-version\`), server
pinned to core 0, wrk on core 1 (1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run, \`--latency\`), ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} alternating the
components, all servers up for the whole run. \`wasmtime serve\` makes a fresh instance per request (from code compiled
once at start), so every figure includes instantiation. Two asedge components from the same asc output:
**pre-initialised** (\`npm run build\`: Wizer ran the start function and \`initialize\` at build time, the memory is the
module's data) and **--no-preinit** (each instance registers its 27 routes, lays out its slot pool and builds the
router's tables in its request).
${[...withoutFlags].map(([name, error]) => `\n**${onWasmtime.find((c) => c.name === name)!.label}, without \`-S\` flags:** ${error}; measured with \`-S cli\`.\n`).join("")}${[...wasmtimeFailed].map(([name, error]) => `\n**${onWasmtime.find((c) => c.name === name)!.label} did not serve under wasmtime serve:** \`${error}\`\n`).join("")}
| component | flags | bytes | compiling: spawn → first 200 (\`-C cache=n\`; Hono: → the link error without flags) | spawn → first 200 from wasmtime's cache (3 starts) |
|---|---|---:|---:|---|
`;
for (const c of onWasmtime) {
  const compile = wasmtimeCompile.get(c.name);
  md += `| ${c.label} | ${wasmtimeFlags.get(c.name)!.join(" ") || "—"} | ${fmt(statSync(c.file).size)} | ${compile === undefined ? "—" : `${fmt(compile)} ms`} | ${wasmtimeFirst.get(c.name)!.map((x) => `${x.toFixed(0)} ms`).join(", ") || "—"} |\n`;
}
const wasmtimeLabels = wasmtimeRuns.map((c) => c.label);
md += `
Requests/s (median of the rounds), p50 / p99 latency (medians of the rounds):

| route | ${wasmtimeLabels.join(" | ")} | rounds (req/s) |
|---|${wasmtimeRuns.map(() => "---:").join("|")}|---|
`;
for (const route of ROUTES) {
  const runs = wasmtimeRuns.map((c) => wasmtimeRps.get(`${c.name}/${route}`)!);
  const errors = runs.flat().reduce((n, r) => n + r.errors, 0);
  md += `| ${route} | ${runs.map((rs) => { const m = medianRun(rs); return `${fmt(m.rps)} (${latencyText(m.p50)} / ${latencyText(m.p99)})`; }).join(" | ")} | ${runs.map((rs) => rs.map((r) => fmt(r.rps)).join(", ")).join(" · ")}${errors ? `; ${errors} errors` : ""} |\n`;
}
{
  const runs = wasmtimeRuns.map((c) => wasmtimeSerial.get(c.name)!);
  md += `| /plaintext, 1 connection | ${runs.map((rs) => { const m = medianRun(rs); return `${fmt(m.rps)} (${latencyText(m.p50)} / ${latencyText(m.p99)})`; }).join(" | ")} | ${runs.map((rs) => rs.map((r) => fmt(r.rps)).join(", ")).join(" · ")} |\n`;
}
const pairedPre = paired.map((x) => inMs(x.pre.p50));
const pairedPlain = paired.map((x) => inMs(x.plain.p50));
const pairedGain = paired.map((x) => inMs(x.plain.p50) - inMs(x.pre.p50));
md += `
One request at a time (1 connection) the p50 is request → whole response through wasmtime serve, a fresh instance
made and started for each request. Pre-initialised against --no-preinit in ${PAIRED_ROUNDS} pairs of ${PAIRED_SECONDS} s runs, alternating which goes
first: p50 ${us(mid(pairedPre))} against ${us(mid(pairedPlain))} (medians of the pairs); per pair, --no-preinit minus
pre-initialised: median ${us(mid(pairedGain))}, pre-initialised faster in ${pairedGain.filter((x) => x > 0).length} of ${PAIRED_ROUNDS}
(pairs: ${paired.map((x) => `${x.pre.p50} / ${x.plain.p50}`).join(", ")}).
`;
md += `
## Start-up in V8 (in-process)

Fresh Node process per sample (${COLD_STARTS} samples × ${INSTANTIATIONS} instantiations), compiled module; imports that throw
(start-up calls none). Component core: instantiate (the start function runs when there is one) + \`initialize()\`
(\`bench/wasi/startup-core.mjs\`). TypeScript-app core, what the Node host does for each core it starts and a Worker
isolate for its app: instantiate \`build/asedge.wasm\` + \`new Core\` (slot pool, default options) + bind the reference app
(27 routes from JavaScript into the WASM router; \`bench/wasi/startup-host.mjs\`, from \`dist/\`).

| | component core, --no-preinit | component core, pre-initialised | TypeScript-app core (Node host, Worker isolate) |
|---|---:|---:|---:|
| compile from bytes | ${ms(median(coreStartup.get("plain")!.compile))} ms | ${ms(median(coreStartup.get("snapshot")!.compile))} ms | ${ms(median(hostStartup.compile))} ms |
| first instantiate + start-up in the process (median of ${COLD_STARTS}) | ${us(median(coreStartup.get("plain")!.first))} | ${us(median(coreStartup.get("snapshot")!.first))} | ${us(median(hostStartup.first))} |
| next ones (median of ${COLD_STARTS} × ${INSTANTIATIONS - 1}) | ${us(median(coreStartup.get("plain")!.next))} | ${us(median(coreStartup.get("snapshot")!.next))} | ${us(median(hostStartup.next))} |
| core module bytes | ${fmt(plainCore.length)} | ${fmt(snapshotCore.length)} | ${fmt(statSync(join(root, "build/asedge.wasm")).size)} |
`;

writeFileSync(new URL("results/wasi.md", import.meta.url), md);
console.log(md);
