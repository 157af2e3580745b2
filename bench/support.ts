/** What the bench scripts share: waiting for a port, RSS, the machine line, the reliability results file. */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";

const RESULTS = new URL("./results/reliability.md", import.meta.url).pathname;
const HEADER = "# Reliability\n\nResults of bench/reliability/ (`npm run bench:reliability`). Each section is written by its script.\n";

/** Resolves once 127.0.0.1:`port` accepts a connection, trying every `intervalMs` (1 for start-up timings) for 10 s. */
export function waitForPort(port: number, intervalMs = 100): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(); });
      socket.on("error", () => (Date.now() > deadline ? reject(new Error(`port ${port} never opened`)) : setTimeout(attempt, intervalMs)));
    };
    attempt();
  });
}

/** Open `count` keep-alive connections that each made one request to `path`, and measure the server's RSS growth per connection. */
export async function idleConnectionCost(pid: number, port: number, count: number, path = "/plaintext"): Promise<number> {
  const before = rssBytes(pid);
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => {
      socket.once("data", () => resolve());
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    sockets.push(socket);
  }
  await new Promise((r) => setTimeout(r, 500));
  const after = rssBytes(pid);
  for (const socket of sockets) socket.destroy();
  return (after - before) / count;
}

/** CPU time (user + system) process `pid` has used, in µs (/proc/<pid>/stat: clock ticks of 10 ms). */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime, stime (fields 14 and 15)
}

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** "2026-12-02, 2 × <cpu>, Node v20…, load a/b/c" for a results section. */
export function runLine(): string {
  const date = new Date().toISOString().slice(0, 10);
  return `${date}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(1)).join("/")}`;
}

/** Replace (or append) the section starting with `heading` in bench/results/reliability.md. */
export function writeSection(heading: string, section: string): void {
  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : HEADER;
  const start = existing.indexOf(`${heading}\n`);
  const end = start === -1 ? -1 : existing.indexOf("\n## ", start + 1);
  const body = section.trimEnd() + "\n";
  const updated = start === -1
    ? `${existing.trimEnd()}\n\n${body}`
    : `${existing.slice(0, start)}${body}${end === -1 ? "" : existing.slice(end)}`;
  writeFileSync(RESULTS, updated);
}

/** Pin this process (the load generator) to `core`, away from the server's. */
export function pinSelf(core: number): void {
  execFileSync("taskset", ["-p", "-c", String(core), String(process.pid)], { stdio: "ignore" });
}

/** What answerInSlot needs of a core and an app: shapes only, so a checkout's own classes fit too. */
interface SlotPathCore {
  exports: { acquire(): number; parse(slot: number, input: number, length: number): number };
  u8: Uint8Array;
  slotInput(slot: number): number;
}
interface SlotPathApp {
  handleSlot(slot: number, close: boolean, core: never, startedAt: number): unknown;
}

/**
 * One request down the slot path, sockets aside: copy it into a slot, parse
 * (routes it), answer through the app, return the response's length.
 */
export function answerInSlot(core: SlotPathCore, app: SlotPathApp, request: Buffer): number {
  const slot = core.exports.acquire();
  const input = core.slotInput(slot);
  core.u8.set(request, input);
  core.exports.parse(slot, input, request.length);
  return (app.handleSlot(slot, false, core as never, performance.now()) as Uint8Array).length;
}

/** One wrk run: req/s, the requests it completed and the latency percentiles wrk prints. */
export interface WrkRun { rps: number; requests: number; p50: string; p99: string }

/** wrk pinned to core 1 (servers run on core 0): 1 thread, `connections`, `seconds`; pipelined sends 16 requests per write (bench/pipeline.lua). */
export function wrk(url: string, seconds: number, { connections = 64, pipelined = false } = {}): WrkRun {
  const args = ["-c", "1", "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  if (pipelined) args.push("-s", new URL("./pipeline.lua", import.meta.url).pathname);
  const out = execFileSync("taskset", [...args, url], { encoding: "utf8" });
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    p50: /\s50%\s+(\S+)/.exec(out)?.[1] ?? "?",
    p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?",
  };
}

/** A server under test: a Node script started on core 0 with PORT (and `env`) set. */
export interface BenchServer {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  routes?: string[];
  /** The runtime binary (default: this Node; e.g. node_modules/.bin/bun). */
  runtime?: string;
  /** Arguments of the runtime before the script (Deno's `run` and its permissions). */
  runtimeArgs?: string[];
}
/** One column of a table: a route, maybe pipelined. */
export interface BenchColumn { name: string; route: string; pipelined?: boolean }

/**
 * Every server running at once (each pinned to core 0, one under load at a
 * time), `rounds` rounds alternating them column by column, the order
 * rotated each round, so a slow patch of this shared machine hits every
 * server alike. Returns every run (server → column → runs in round order)
 * with the servers still running: call `stop` when done with them.
 */
export async function alternatingRounds(servers: BenchServer[], columns: BenchColumn[], rounds: number, seconds: number,
  { basePort = 4100, connections = 64 } = {}): Promise<{ runs: Record<string, Record<string, WrkRun[]>>; pids: Record<string, number>; ports: Record<string, number>; stop: () => void }> {
  const started = servers.map((server, i) => {
    const port = basePort + i;
    const child = spawn("taskset", ["-c", "0", server.runtime ?? process.execPath, ...(server.runtimeArgs ?? []), server.script, ...(server.args ?? [])],
      { env: { ...process.env, ...server.env, PORT: String(port) }, stdio: "ignore" });
    return { server, port, child };
  });
  const stop = () => { for (const { child } of started) child.kill("SIGKILL"); };
  const runs: Record<string, Record<string, WrkRun[]>> = {};
  try {
    for (const { server, port } of started) {
      await waitForPort(port);
      wrk(`http://127.0.0.1:${port}${(server.routes ?? columns.map((c) => c.route))[0]}`, 2, { connections }); // warm-up
      runs[server.name] = {};
    }
    for (let round = 1; round <= rounds; round++) {
      for (const column of columns) {
        for (let k = 0; k < started.length; k++) {
          const { server, port } = started[(k + round) % started.length];
          if (server.routes && !server.routes.includes(column.route)) continue;
          (runs[server.name][column.name] ??= []).push(wrk(`http://127.0.0.1:${port}${column.route}`, seconds, { connections, pipelined: column.pipelined }));
        }
      }
      console.log(`round ${round}/${rounds} done`);
    }
  } catch (error) {
    stop();
    throw error;
  }
  return {
    runs, stop,
    pids: Object.fromEntries(started.map(({ server, child }) => [server.name, child.pid!])),
    ports: Object.fromEntries(started.map(({ server, port }) => [server.name, port])),
  };
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(list: number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The run with the median req/s (its p99 stays its own). */
export function medianRun(list: WrkRun[]): WrkRun {
  return [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
}

/** The flame graph of a .cpuprofile (bench/flame-graph.ts, in its own process), `requests` served while it was taken; returns its summary. */
export function flameGraph(profile: string, svg: string, title: string, requests: number): string {
  return execFileSync("npx", ["vite-node", new URL("./flame-graph.ts", import.meta.url).pathname, "--", profile, svg, title, String(requests)],
    { encoding: "utf8" });
}
