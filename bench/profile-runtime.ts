/**
 * CPU profile of a bench server on Bun or Deno (a script of bench/peers/,
 * e.g. asedge-bun.mjs, bun-serve.mjs, asedge-deno.mjs) under wrk, pinned
 * as bench/node-host.bench.ts pins (server on core 0, wrk on core 1, 64
 * connections), then its flame graph (bench/flame-graph.ts); the Node host
 * has bench/profile-node-host.ts.
 *
 *   Bun:  bun --cpu-prof (a .cpuprofile written at exit; the server is stopped with SIGTERM, which the
 *         script turns into an exit through bench/peers/exit-on-signal.mjs, preloaded)
 *   Deno: the V8 inspector (--inspect), driven over its WebSocket: Profiler.start, the load, Profiler.stop
 *
 *   npx vite-node bench/profile-runtime.ts -- <bun|deno> <peer script> <out.svg> "<title>" <seconds> route…
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { flameGraph, waitForPort, wrk } from "./support.js";

const [runtime, script, svg, title, seconds, ...routes] = process.argv.slice(2).filter((a) => a !== "--");
if (!routes.length || (runtime !== "bun" && runtime !== "deno")) {
  throw new Error("usage: vite-node bench/profile-runtime.ts -- <bun|deno> <peer script> <out.svg> <title> <seconds> route…");
}
const root = new URL("..", import.meta.url).pathname;
const PORT = 4391;
const INSPECTOR_PORT = 9339;
const dir = mkdtempSync(join(tmpdir(), "asedge-profile-"));
const env = { ...process.env, PORT: String(PORT) };

function start(): ChildProcess {
  if (runtime === "bun") {
    return spawn("taskset", ["-c", "0", `${root}node_modules/bun/bin/bun.exe`, "--cpu-prof", "--cpu-prof-dir", dir,
      "--preload", `${root}bench/peers/exit-on-signal.mjs`, script], { env, stdio: "ignore" });
  }
  const deno: string = createRequire(import.meta.url)("deno/install_api.cjs").runInstall();
  return spawn("taskset", ["-c", "0", deno, "run", "--no-prompt", "--no-lock", `--inspect=127.0.0.1:${INSPECTOR_PORT}`,
    "--allow-net=127.0.0.1", "--allow-env=PORT", `--allow-read=${root}dist/build/asedge.wasm`, script], { env, stdio: "ignore" });
}

/** A CDP session with Deno's inspector: send a method, await its result. */
async function inspector(): Promise<{ call: (method: string, params?: object) => Promise<Record<string, unknown>>; close: () => void }> {
  const targets = await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json/list`)).json() as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { socket.once("open", resolve); socket.once("error", reject); });
  let next = 1;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  return {
    call: (method, params = {}) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    }),
    close: () => socket.close(),
  };
}

const server = start();
const exited = new Promise((resolve) => server.once("exit", resolve));
await waitForPort(PORT);
const session = runtime === "deno" ? await inspector() : undefined;
if (session) {
  await session.call("Profiler.enable");
  await session.call("Profiler.setSamplingInterval", { interval: 250 });
  await session.call("Profiler.start");
}
let requests = 0;
for (const route of routes) {
  const { rps } = wrk(`http://127.0.0.1:${PORT}${route}`, Number(seconds));
  requests += Math.round(rps * Number(seconds));
  console.log(`${route}: ${Math.round(rps)} req/s`);
}
let profile: string;
if (session) {
  const { profile: taken } = await session.call("Profiler.stop");
  profile = join(dir, "deno.cpuprofile");
  writeFileSync(profile, JSON.stringify(taken));
  session.close();
  server.kill("SIGKILL");
  await exited;
} else {
  server.kill("SIGTERM"); // exit-on-signal.mjs exits: bun writes the profile then
  await exited;
  profile = join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!);
}
console.log(flameGraph(profile, svg, title, requests));
