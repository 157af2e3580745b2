/**
 * CPU profile of `asedge serve` (a checkout's built dist/, the reference
 * app) under wrk, pinned as bench/node-host.bench.ts pins (server on core 0,
 * wrk on core 1, 64 connections), then the flame graph of it
 * (bench/flame-graph.ts). Routes run one after another in one profile.
 *
 *   npx vite-node bench/profile-node-host.ts -- <checkout> <out.svg> "<title>" <seconds> [--pipelined] route…
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flameGraph, waitForPort, wrk } from "./support.js";

const args = process.argv.slice(2).filter((a) => a !== "--");
const pipelined = args.includes("--pipelined");
const [checkout, svg, title, seconds, ...routes] = args.filter((a) => a !== "--pipelined");
if (!routes.length) throw new Error("usage: vite-node bench/profile-node-host.ts -- <checkout> <out.svg> <title> <seconds> [--pipelined] route…");
const PORT = 4390;
const dir = mkdtempSync(join(tmpdir(), "asedge-profile-"));
const server = spawn("taskset", ["-c", "0", process.execPath, "--cpu-prof", "--cpu-prof-interval", "250", "--cpu-prof-dir", dir,
  `${checkout}/dist/host/cli.js`, "serve", "-H", "127.0.0.1"], { env: { ...process.env, PORT: String(PORT) }, stdio: "ignore" });
await waitForPort(PORT);
let requests = 0;
for (const route of routes) {
  const { rps } = wrk(`http://127.0.0.1:${PORT}${route}`, Number(seconds), { pipelined });
  requests += Math.round(rps * Number(seconds));
  console.log(`${route}${pipelined ? " ×16 pipelined" : ""}: ${Math.round(rps)} req/s`);
}
const exited = new Promise((resolve) => server.once("exit", resolve));
server.kill("SIGINT"); // the CLI closes and exits: node writes the profile then
await exited;
const profile = join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))!);
console.log(flameGraph(profile, svg, title, requests));
