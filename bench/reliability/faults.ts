/**
 * Faults under load: normal traffic (load.ts, every answer checked against
 * its route's status) while the server is hit by handler errors, real core
 * traps, SIGKILLed cluster workers, and a SIGTERM with requests in flight.
 * Server on core 0, load on core 1. Writes its section of
 * bench/results/reliability.md.
 *
 *   npm run build && npx vite-node bench/reliability/faults.ts [seconds]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import { runLoad } from "./load.js";
import { pinSelf, rssBytes, runLine, waitForPort, writeSection } from "../support.js";

const SECONDS = Number(process.argv[2] ?? 10);
const root = new URL("../..", import.meta.url).pathname;
const here = new URL(".", import.meta.url).pathname;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Load { total: number; rps: number; unexpected: number; errors: number }

/** Closed-loop load over `mix` ([path, status]) for `seconds`; answers with another status are counted. */
async function load(port: number, mix: [string, number][], seconds = SECONDS): Promise<Load> {
  const result = await runLoad(port, mix.map(([path, status]) => ({ method: "GET", path, status })), { connections: 16, seconds });
  const unexpected = [...result.unexpected.values()].reduce((a, b) => a + b, 0);
  return { total: result.requests, rps: result.requests / seconds, unexpected, errors: result.errors };
}

function start(args: string[], port: number): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, ...args], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

pinSelf(1);
const rows: string[] = [];
const row = (fault: string, injected: string, l: Load, after: string) =>
  rows.push(`| ${fault} | ${injected} | ${l.total} | ${l.rps.toFixed(0)} | ${l.unexpected} | ${l.errors} | ${after} |`);

// 1. Handler errors: half the traffic is /error (500 by contract).
{
  const port = 3971;
  const server = start([`${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1"], port);
  await waitForPort(port);
  const l = await load(port, [["/plaintext", 200], ["/error", 500]]);
  const health = await get(port, "/json");
  row("handler throws", "every other request", l, `/json → ${health.status}`);
  server.kill("SIGKILL");
}

// 2. Core traps: a real trap every 100 ms while normal traffic runs.
{
  const port = 3972;
  const server = start([`${here}fault-server.mjs`], port);
  await waitForPort(port);
  await get(port, "/plaintext");
  const rssBefore = rssBytes(server.pid!);
  let traps = 0;
  let trapAnswers500 = 0;
  let trapping = true;
  const injector = (async () => {
    while (trapping) {
      const answer = await get(port, "/__trap").catch(() => ({ status: 0, body: "" }));
      traps++;
      if (answer.status === 500) trapAnswers500++;
      await pause(100);
    }
  })();
  const l = await load(port, [["/plaintext", 200], ["/json", 200], ["/users/7", 200]]);
  trapping = false;
  await injector;
  const stats = JSON.parse((await get(port, "/__stats")).body);
  const rssAfter = rssBytes(server.pid!);
  row("core trap (out-of-bounds access in the .wasm)", `${traps} traps (${trapAnswers500} answered 500)`, l,
    `${stats.coreRestarts} core restarts; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`);
  server.kill("SIGKILL");
}

// 3. Cluster workers SIGKILLed: one every 2 s, workers: 2.
{
  const port = 3973;
  const primary = start([`${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1", "-n", "2"], port);
  await waitForPort(port);
  await pause(500);
  const seen = new Set(childPids(primary.pid!));
  let kills = 0;
  let killing = true;
  const killer = (async () => {
    while (killing) {
      await pause(2000);
      if (!killing) break;
      const [victim] = childPids(primary.pid!);
      if (victim) {
        process.kill(victim, "SIGKILL");
        kills++;
      }
      for (const pid of childPids(primary.pid!)) seen.add(pid);
    }
  })();
  const l = await load(port, [["/plaintext", 200], ["/json", 200]]);
  killing = false;
  await killer;
  await pause(1000);
  const alive = childPids(primary.pid!).length;
  const health = await get(port, "/json").catch(() => ({ status: 0 }));
  row("cluster worker SIGKILL (workers: 2)", `${kills} kills`, l, `${seen.size} worker pids seen, ${alive} alive at the end, /json → ${health.status}`);
  primary.kill("SIGKILL");
  for (const pid of childPids(primary.pid!)) process.kill(pid, "SIGKILL");
}

// 4. SIGTERM with 200 requests in flight (received, handler still running): each must be answered.
{
  const port = 3974;
  const server = start([`${here}fault-server.mjs`], port);
  await waitForPort(port);
  const answers = await new Promise<number[]>((resolve) => {
    const statuses: number[] = [];
    let done = 0;
    const sockets = Array.from({ length: 200 }, () => {
      const socket = net.connect(port, "127.0.0.1");
      let bytes = "";
      socket.on("data", (d) => { bytes += d; });
      socket.on("error", () => {});
      socket.on("close", () => {
        statuses.push(Number(/^HTTP\/1\.1 (\d+)/.exec(bytes)?.[1] ?? 0));
        if (++done === 200) resolve(statuses);
      });
      socket.on("connect", () => socket.write("GET /__slow HTTP/1.1\r\nHost: x\r\n\r\n"));
      return socket;
    });
    // SIGTERM once every request is written and received (the handler takes 500 ms).
    void Promise.all(sockets.map((s) => new Promise((r) => s.once("connect", r)))).then(() => setTimeout(() => server.kill("SIGTERM"), 200));
  });
  const exitCode = await new Promise<number | null>((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.once("exit", resolve)));
  const ok = answers.filter((s) => s === 200).length;
  rows.push(`| SIGTERM with 200 requests in flight (a 500 ms handler) | 1 SIGTERM | 200 | – | ${200 - ok} | 0 | ${ok}/200 answered 200, exit code ${exitCode} |`);
}

const section = [
  "## Faults",
  "",
  `${runLine()}. \`npx vite-node bench/reliability/faults.ts ${SECONDS}\`: load.ts (16 keep-alive connections, ${SECONDS} s, core 1) against asedge's Node host (core 0) while each fault is injected; an answer with another status than its route's is "unexpected".`,
  "",
  "| fault | injected | requests | req/s | unexpected answers | requests without an answer | after |",
  "|---|---|---:|---:|---:|---:|---|",
  ...rows,
  "",
].join("\n");
writeSection("## Faults", section);
console.log(section);
process.exit(0);
