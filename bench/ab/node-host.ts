// Socket A/B of the Node host under wrk: this tree's `asedge serve` and
// another checkout's (its dist/ built), with the raw net ceiling, in one run:
// all running, each pinned to core 0, one under load at a time (wrk on
// core 1), the order rotated each round. Each run gives req/s and the
// server's CPU time per request (utime + stime over the run ÷ requests):
// on a machine shared with other work req/s swings with what else runs,
// while the CPU a request costs the server moves much less.
//   npx vite-node bench/ab/node-host.ts -- /path/to/other/checkout [seconds] [rounds]
import { spawn } from "node:child_process";
import os from "node:os";
import { cpuMicros, median, waitForPort, wrk } from "../support.js";

const [other, secondsArg = "5", roundsArg = "5"] = process.argv.slice(2).filter((a) => a !== "--");
if (!other) throw new Error("usage: vite-node bench/ab/node-host.ts -- <other checkout> [seconds] [rounds]");
const SECONDS = Number(secondsArg);
const ROUNDS = Number(roundsArg);
const BASE_PORT = 4300;
const root = new URL("../..", import.meta.url).pathname;
const RAW = "raw net";
const SERVERS = [
  { name: "this tree", args: [`${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1"] },
  { name: "other", args: [`${other}/dist/host/cli.js`, "serve", "-H", "127.0.0.1"] },
  { name: RAW, args: [`${root}bench/peers/raw-net.mjs`] },
];
const PIPELINED = "/plaintext ×16 pipelined";
const COLUMNS = [
  { name: "/plaintext", route: "/plaintext", pipelined: false }, { name: "/json", route: "/json", pipelined: false },
  { name: "/users/42", route: "/users/42", pipelined: false }, { name: PIPELINED, route: "/plaintext", pipelined: true },
];

interface Run { rps: number; cpuUs: number }
const loadBefore = os.loadavg();
const started = SERVERS.map((server, i) => ({
  ...server, port: BASE_PORT + i,
  child: spawn("taskset", ["-c", "0", process.execPath, ...server.args], { env: { ...process.env, PORT: String(BASE_PORT + i) }, stdio: "ignore" }),
}));
const runs: Record<string, Record<string, Run[]>> = {};
try {
  for (const s of started) {
    await waitForPort(s.port);
    wrk(`http://127.0.0.1:${s.port}/plaintext`, 2); // warm-up
    runs[s.name] = {};
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const column of COLUMNS) {
      for (let k = 0; k < started.length; k++) {
        const s = started[(k + round) % started.length];
        const cpuBefore = cpuMicros(s.child.pid!);
        const { rps } = wrk(`http://127.0.0.1:${s.port}${column.route}`, SECONDS, { pipelined: column.pipelined });
        const cpuUs = (cpuMicros(s.child.pid!) - cpuBefore) / (rps * SECONDS);
        (runs[s.name][column.name] ??= []).push({ rps, cpuUs });
      }
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
} finally {
  for (const s of started) s.child.kill("SIGKILL");
}
const loadAfter = os.loadavg();

const load = (l: number[]) => l.map((x) => x.toFixed(2)).join("/");
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; load ${load(loadBefore)} before, ${load(loadAfter)} after`);
console.log(`${ROUNDS} rounds × ${SECONDS} s per run, 64 connections, server on core 0, wrk on core 1; ratios: median over rounds of the ratio within a round\n`);
console.log("| column | this tree | other | raw net | this ÷ raw | other ÷ raw | this ÷ other | CPU µs/req: this | other | raw net |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const { name } of COLUMNS) {
  const of = (server: string) => runs[server][name];
  const [a, b, raw] = [of("this tree"), of("other"), of(RAW)];
  const ratio = (x: Run[], y: Run[]) => median(x.map((r, i) => r.rps / y[i].rps)).toFixed(2);
  const rps = (x: Run[]) => Math.round(median(x.map((r) => r.rps))).toLocaleString("en-US");
  const cpu = (x: Run[]) => median(x.map((r) => r.cpuUs)).toFixed(2);
  console.log(`| ${name} | ${rps(a)} | ${rps(b)} | ${rps(raw)} | ${ratio(a, raw)} | ${ratio(b, raw)} | ${ratio(a, b)} | ${cpu(a)} | ${cpu(b)} | ${cpu(raw)} |`);
}
console.log("\nEvery run (req/s @ CPU µs per request, rounds in order):");
for (const s of SERVERS) {
  console.log(`- ${s.name}: ${COLUMNS.map(({ name }) => `${name} ${runs[s.name][name].map((r) => `${Math.round(r.rps)} @ ${r.cpuUs.toFixed(2)}`).join(", ")}`).join(" · ")}`);
}
