/**
 * wasmtime's own floor per request, next to asedge: under `wasmtime serve`
 * (a fresh instance per request), the smallest wasi:http handler
 * (bench/assembly/ok-handler.ts: 200 "ok", nothing else) and asedge's
 * pre-initialised reference component (build/reference-app.component.wasm
 * from `npm run build`) on /plaintext. Both servers up for the whole run,
 * pinned to core 0; wrk on core 1 with one connection, `pairs` pairs of
 * `seconds` s runs, which server goes first alternating; p50 per run.
 * Replaces its section of bench/results/wasi.md.
 *
 *   npm run build && npx vite-node bench/wasi/wasmtime-floor.ts [pairs] [seconds]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findWasmtime, WASMTIME_VERSION } from "../../tests/wasi/wasmtime-serve.js";
import { median, runLine, waitForPort, wrk, type WrkRun } from "../support.js";

const PAIRS = Number(process.argv[2] ?? 10);
const SECONDS = Number(process.argv[3] ?? 3);
const root = new URL("../../", import.meta.url).pathname;
const RESULTS = new URL("../results/wasi.md", import.meta.url).pathname;
const HEADING = "## wasmtime's own floor per request";

interface Component { name: string; file: string; port: number; path: string }

/** ok-handler.ts → core module (asc, stub runtime, run where no asconfig.json applies) → component. */
async function buildOkComponent(work: string): Promise<string> {
  const core = join(work, "ok-core.wasm");
  execFileSync(join(root, "node_modules/.bin/asc"), ["ok-handler.ts", "--runtime", "stub", "--use", "abort=", "-O3", "--noAssert", "-o", core],
    { cwd: join(root, "bench/assembly"), stdio: ["ignore", "ignore", "inherit"] });
  const { componentOf } = await import(new URL("scripts/build-component.mjs", `file://${root}`).href) as { componentOf(core: Uint8Array): Promise<Uint8Array> };
  const file = join(work, "ok.component.wasm");
  writeFileSync(file, await componentOf(readFileSync(core)));
  return file;
}

/** "258.00us" / "1.23ms" / "2.00s" → ms. */
function inMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === "us" ? 1e-3 : m[2] === "s" ? 1e3 : 1);
}

const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

const work = mkdtempSync(join(tmpdir(), "asedge-floor-"));
const wasmtime = findWasmtime();
const components: Component[] = [
  { name: "minimal handler (200 \"ok\")", file: await buildOkComponent(work), port: 4310, path: "/" },
  { name: "asedge reference component, pre-initialised", file: join(root, "build/reference-app.component.wasm"), port: 4311, path: "/plaintext" },
];
const sizes = components.map((c) => statSync(c.file).size);
const loadBefore = runLine();
const servers = components.map((c) => spawn("taskset", ["-c", "0", wasmtime, "serve", "--addr", `127.0.0.1:${c.port}`, c.file], { stdio: "ignore" }));
const runs: WrkRun[][] = components.map(() => []);
try {
  for (const c of components) {
    await waitForPort(c.port);
    wrk(`http://127.0.0.1:${c.port}${c.path}`, 1, { connections: 1 }); // warm-up (and wasmtime compiles at start, not here)
  }
  for (let pair = 0; pair < PAIRS; pair++) {
    const order = pair % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) runs[k].push(wrk(`http://127.0.0.1:${components[k].port}${components[k].path}`, SECONDS, { connections: 1 }));
    console.log(`pair ${pair + 1}/${PAIRS}: ${components.map((c, k) => `${c.name} p50 ${runs[k][pair].p50}`).join(", ")}`);
  }
} finally {
  for (const server of servers) server.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
}
const loadAfter = runLine();

const p50s = runs.map((list) => list.map((r) => inMs(r.p50)));
const extra = p50s[1].map((ms, i) => ms - p50s[0][i]);
const floorShare = p50s[0].map((ms, i) => ms / p50s[1][i]);
const section = `${HEADING}

- Run: ${loadBefore} before; load ${loadAfter.split("load ")[1]} after; wasmtime ${WASMTIME_VERSION}
- Command: \`npm run build && npx vite-node bench/wasi/wasmtime-floor.ts ${PAIRS} ${SECONDS}\`
- Method: both components under \`wasmtime serve --addr 127.0.0.1:<port> <component>\` (no flags), up for the whole run,
  pinned to core 0; wrk on core 1, 1 thread, **1 connection**, ${PAIRS} pairs of ${SECONDS} s runs, which goes first
  alternating; p50 of each run (request → whole response; wasmtime makes a fresh instance for every request).
- The minimal handler is \`bench/assembly/ok-handler.ts\` (${sizes[0].toLocaleString("en-US")} B component): it drops the request
  and answers 200 with \`content-length: 2\` and "ok" through the same wasi:http imports asedge's component uses, and
  has no start-up, router, parser or slot pool. asedge: \`build/reference-app.component.wasm\` (${sizes[1].toLocaleString("en-US")} B),
  GET /plaintext.

| component | p50 (median of the pairs) | req/s (median) | every p50 (pair order) |
|---|---:|---:|---|
${components.map((c, k) => `| ${c.name} | ${us(median(p50s[k]))} | ${Math.round(median(runs[k].map((r) => r.rps))).toLocaleString("en-US")} | ${runs[k].map((r) => r.p50).join(", ")} |`).join("\n")}

Per pair, asedge minus the minimal handler: median ${us(median(extra))} (pairs: ${extra.map((ms) => us(ms)).join(", ")});
the minimal handler's p50 is ${Math.round(median(floorShare) * 100)} % of asedge's (median of the pairs).
`;
const existing = readFileSync(RESULTS, "utf8");
const start = existing.indexOf(`${HEADING}\n`);
const end = start === -1 ? -1 : existing.indexOf("\n## ", start + 1);
writeFileSync(RESULTS, start === -1 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${end === -1 ? "" : existing.slice(end)}`);
console.log(section);
