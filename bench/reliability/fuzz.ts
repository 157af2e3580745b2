/**
 * `npm run bench:reliability:fuzz [-- --cases N --socket N --seed N --write]`:
 * the socket fuzz of the reliability suite. Level (a): N generated and
 * mutated requests (default 1,000,000) through the real core's parse(), each
 * judged against Node's llhttp (judge.ts). Level (b): a sample (default
 * 10,000) over real sockets against a running Node host serving the
 * reference app (socket.ts). Prints the seed, a summary, and every failure
 * with its seed, case number and bytes; exits 1 on any failure. `--write`
 * replaces the "Socket fuzz" section of bench/results/reliability.md.
 * Build first: `npm run build`.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { instantiateCore } from "../../host/node/core-file.js";
import { serve } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { GENERATORS } from "./generate.js";
import { DIFFERENCES } from "./judge.js";
import { LLHTTP_BUILD } from "../../tests/http/llhttp.js";
import { configureForFuzz, describeFailure, fuzzInProcess, type Failure, type Tally } from "./in-process.js";
import { fuzzSocket, type SocketTally } from "./socket.js";

/** Default seed: fixed, so two runs of the command check the same cases (pass --seed for others). */
const DEFAULT_SEED = 20261202;
const RESULTS = new URL("../results/reliability.md", import.meta.url);
const SECTION = "## Socket fuzz";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a non-negative integer`);
  return value;
}

const n = (x: number) => x.toLocaleString("en-US");

function inProcessTables(t: Tally): string {
  const rows = GENERATORS.map((g) => {
    const r = t.byGenerator[g];
    return `| ${g} | ${n(r.cases)} | ${n(r.asedge.accept)} / ${n(r.asedge.reject)} / ${n(r.asedge.incomplete)} | ` +
      `${n(r.llhttp.accept)} / ${n(r.llhttp.reject)} / ${n(r.llhttp.incomplete)} | ${n(r.agree)} | ${n(r.differences)} | ${n(r.failures)} |`;
  });
  const total = GENERATORS.reduce((a, g) => a + t.byGenerator[g].failures, 0);
  const classes = [...t.differences].sort((a, b) => b[1] - a[1]).map(([cls, count]) =>
    `| ${cls} | ${n(count)} | ${DIFFERENCES[cls]?.reason ?? "**unclassified: a failure**"} |`);
  return [
    "| generator | cases | asedge accept / reject / incomplete | llhttp accept / reject / incomplete | agree | differences | failures |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    `| **all** | ${n(t.cases)} | | | ${n(GENERATORS.reduce((a, g) => a + t.byGenerator[g].agree, 0))} | ${n(GENERATORS.reduce((a, g) => a + t.byGenerator[g].differences, 0))} | ${n(total)} |`,
    "",
    "Differences by class (asedge stricter than llhttp, each checked on the input by its classifier in bench/reliability/judge.ts):",
    "",
    "| class | cases | reason |",
    "|---|---:|---|",
    ...(classes.length ? classes : ["| (none) | 0 | |"]),
  ].join("\n");
}

function socketTables(s: SocketTally): string {
  const statuses = [...s.statuses].sort((a, b) => a[0] - b[0]).map(([code, count]) => `${code}: ${n(count)}`).join(", ");
  return [
    "| expectation | cases |",
    "|---|---:|",
    ...Object.entries(s.byExpectation).map(([k, v]) => `| ${k} | ${n(v)} |`),
    "",
    `Answers by status: ${statuses}. Health checks between batches: ${s.healthChecks}. Failures: ${s.failures.length}.`,
  ].join("\n");
}

function failureList(failures: Failure[]): string[] {
  if (!failures.length) return [];
  return [`### Failures (${failures.length}: seed, case number, split points and the bytes of each)`, "", "```", ...failures.map(describeFailure), "```", ""];
}

function section(seed: number, t: Tally, s: SocketTally | null, seconds: number): string {
  return [
    SECTION,
    "",
    "- Date: 2026-12-02",
    `- Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), shared and loaded (load average ${loadavg()[0].toFixed(1)} at the end of the run), Node ${process.version}, reference ${LLHTTP_BUILD}`,
    `- Command: \`npm run bench:reliability:fuzz -- --write\` (seed ${seed}, ${n(t.cases)} in-process cases, ${n(s?.cases ?? 0)} over sockets)`,
    "- Rules: no crash, no hang; the same result whole and split at random points; no message accepted that llhttp rejects;",
    "  for messages both accept the same end, method, target, version, headers, trailers, body, keep-alive and upgrade;",
    "  every case where asedge is stricter matches a documented class. Over the socket: the answers the in-process run",
    "  predicts (app statuses, then the rejection's status and a close; or the connection kept and serving).",
    "",
    `### In process: ${n(t.cases)} cases in ${(t.ms / 1000).toFixed(1)} s (${n(Math.round(t.cases / (t.ms / 1000)))} cases/s), slowest case ${t.slowestMs.toFixed(1)} ms, ${t.healthChecks} health checks, ${t.failures.length} failures`,
    "",
    inProcessTables(t),
    "",
    ...(s ? [
      `### Over sockets: ${n(s.cases)} cases in ${(s.ms / 1000).toFixed(1)} s (${n(Math.round(s.cases / (s.ms / 1000)))} cases/s, 16 connections at a time)`,
      "",
      socketTables(s),
      "",
    ] : []),
    ...failureList([...t.failures, ...(s?.failures ?? [])]),
    `Total wall time: ${seconds.toFixed(1)} s.`,
    "",
  ].join("\n");
}

function writeSection(text: string): void {
  const old = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Reliability suite\n\n";
  const start = old.indexOf(SECTION);
  if (start === -1) {
    writeFileSync(RESULTS, old.trimEnd() + "\n\n" + text);
    return;
  }
  const after = old.indexOf("\n## ", start + SECTION.length);
  writeFileSync(RESULTS, old.slice(0, start) + text + (after === -1 ? "" : old.slice(after + 1)));
}

const seed = option("seed", DEFAULT_SEED);
const cases = option("cases", 1_000_000);
const socketCases = option("socket", 10_000);
console.log(`socket fuzz: seed ${seed}, ${n(cases)} in-process cases, ${n(socketCases)} over sockets`);
const t0 = performance.now();

const core = configureForFuzz(instantiateCore());
const tally = fuzzInProcess(core, {
  seed, cases, batch: 100_000,
  onBatch: (done) => console.log(`  in process: ${n(done)} cases, ${((performance.now() - t0) / 1000).toFixed(1)} s`),
});

let socket: SocketTally | null = null;
if (socketCases > 0) {
  const server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
  try {
    socket = await fuzzSocket(server.port, configureForFuzz(instantiateCore()), { seed, cases: socketCases });
  } finally {
    await server.close();
  }
}
const seconds = (performance.now() - t0) / 1000;
const text = section(seed, tally, socket, seconds);
console.log("\n" + text);
const failures = [...tally.failures, ...(socket?.failures ?? [])];
if (process.argv.includes("--write")) writeSection(text);
if (failures.length) {
  console.log(`\n${failures.length} failure(s); rerun with --seed ${seed}`);
  process.exit(1);
}
