/**
 * serveStatic of a 10 KB file under wrk: asedge (files from a directory,
 * served from its content cache), Fastify with @fastify/static, and Hono's
 * serveStatic on @hono/node-server, in one run. Two columns: the plain GET
 * (200, 10 KB body) and a revalidation (If-None-Match with the server's own
 * ETag → 304). Server pinned to core 0, wrk to core 1, 64 connections,
 * rounds alternating the servers, medians of per-round ratios. Writes bench/results/static.md.
 *
 *   npm run build && npx vite-node bench/static.bench.ts [seconds per run] [rounds]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLine, waitForPort } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 64;
const FILE_BYTES = 10 * 1024;
const root = new URL("..", import.meta.url).pathname;

interface Peer { name: string; script: string }
const PEERS: Peer[] = [
  { name: "asedge serveStatic", script: "static-asedge.mjs" },
  { name: "Fastify + @fastify/static", script: "static-fastify.mjs" },
  { name: "Hono serveStatic (@hono/node-server)", script: "static-hono.mjs" },
];

// A 10 KB text file (printable, so every server sends it as it is).
const dir = mkdtempSync(join(tmpdir(), "asedge-static-bench-"));
const text = Array.from({ length: FILE_BYTES }, (_, i) => (i % 101 === 100 ? "\n" : String.fromCharCode(33 + ((i * 7) % 90)))).join("");
writeFileSync(join(dir, "file.txt"), text);

function start(peer: Peer, port: number): ChildProcess {
  return spawn("taskset", ["-c", "0", process.execPath, `${root}bench/peers/${peer.script}`], {
    env: { ...process.env, PORT: String(port), STATIC_ROOT: dir }, stdio: "ignore",
  });
}

interface Run { rps: number; p99: string; non2xx: number; cpuUs: number }

/** CPU time (user + system) the process has used, in µs (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime, stime (fields 14 and 15)
}

/**
 * One wrk run against the server `pid`: req/s, p99 and the server's CPU time
 * per request (its CPU over the run / requests answered), which the machine's
 * other load disturbs far less than req/s.
 */
function wrk(url: string, seconds: number, pid: number, headers: string[] = []): Run {
  const args = ["-c", "1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", ...headers.flatMap((h) => ["-H", h]), url];
  const cpuBefore = cpuMicros(pid);
  const out = execFileSync("taskset", args, { encoding: "utf8" });
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p99: /\s99%\s+(\S+)/.exec(out)?.[1] ?? "?",
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    cpuUs: requests ? (cpuMicros(pid) - cpuBefore) / requests : NaN,
  };
}

/**
 * Status, ETag and body length of one GET, checked before measuring (node:http,
 * not fetch: fetch adds `Cache-Control: no-cache` to a conditional request,
 * which @fastify/send takes as "send it all", as wrk's requests do not).
 */
function probe(port: number, headers: Record<string, string> = {}): Promise<{ status: number; etag: string | null; length: number }> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/file.txt", headers }, (response) => {
      let length = 0;
      response.on("data", (chunk: Buffer) => { length += chunk.length; });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, etag: (response.headers.etag as string | undefined) ?? null, length }));
    }).on("error", reject);
  });
}

const GET = "GET 10 KB file (200)";
const REVALIDATE = "If-None-Match → 304";
const columns = [GET, REVALIDATE];
const runs: Record<string, Record<string, Run[]>> = {};
const notes: string[] = [];
const before = runLine();

const servers = PEERS.map((peer, i) => ({ peer, port: 4300 + i, child: start(peer, 4300 + i), etag: null as string | null }));
try {
  for (const server of servers) {
    await waitForPort(server.port);
    const first = await probe(server.port);
    if (first.status !== 200 || first.length !== FILE_BYTES) throw new Error(`${server.peer.name}: ${first.status}, ${first.length} bytes`);
    server.etag = first.etag;
    if (server.etag) {
      const again = await probe(server.port, { "If-None-Match": server.etag });
      if (again.status !== 304) throw new Error(`${server.peer.name}: If-None-Match answered ${again.status}`);
    } else {
      notes.push(`${server.peer.name} sends no ETag, so it has no If-None-Match row.`);
    }
    wrk(`http://127.0.0.1:${server.port}/file.txt`, 2, server.child.pid!); // warm-up
    runs[server.peer.name] = {};
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const column of columns) {
      for (const { peer, port, etag, child } of servers) {
        if (column === REVALIDATE && !etag) continue;
        const headers = column === REVALIDATE ? [`If-None-Match: ${etag}`] : [];
        (runs[peer.name][column] ??= []).push(wrk(`http://127.0.0.1:${port}/file.txt`, SECONDS, child.pid!, headers));
      }
    }
    console.log(`round ${round}/${ROUNDS} done`);
  }
} finally {
  for (const { child } of servers) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}

const median = (list: Run[]) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
const base = runs[PEERS[0].name];
let md = "# serveStatic: a cached 10 KB file\n\n";
md += `- Date and machine: ${before} (load before the run; the machine is shared with other work, so runs are noisy: compare ratios within a round)\n`;
md += `- Command: \`npm run build && npx vite-node bench/static.bench.ts ${SECONDS} ${ROUNDS}\`\n`;
md += `- Method: the three servers running at once (bench/peers/static-*.mjs), one under load at a time, each pinned to core 0, wrk pinned to core 1, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run after a 2 s warm-up, ${ROUNDS} rounds alternating the servers column by column; the median run is shown; the ratio is the median over rounds of each run against asedge's run of the same round (adjacent in time, so a slow patch of the machine hits both). Every server serves the same file from the same directory with its defaults; before measuring, each answer is checked (200 with ${FILE_BYTES} bytes; 304 to its own ETag). CPU µs/req: the server process's user + system CPU time over a run (/proc/<pid>/stat) divided by the requests wrk counted, its median and the median of per-round ratios; it includes the server's thread pool (file reads, stats), and the machine's other load disturbs it far less than req/s. When the load generator is starved by other work on the machine, req/s of all servers converge while CPU µs/req still tells them apart.\n`;
md += "- What differs: asedge keeps the file in its content cache (one `stat` per request to see the mtime, then the bytes from memory); @fastify/static (via @fastify/send) and @hono/node-server's serveStatic `stat` and stream the file from disk on every request (neither has a content cache).\n\n";
md += `| server | ${columns.join(" | ")} |\n|---|${columns.map(() => "---:").join("|")}|\n`;
for (const { peer } of servers) {
  const cell = (column: string) => {
    const list = runs[peer.name][column];
    if (!list) return "–";
    const m = median(list);
    // Each round's run against asedge's run of the same round (adjacent in time), then the median of those ratios.
    const ratios = list.map((run, i) => run.rps / base[column][i].rps).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)];
    const cpu = [...list.map((r) => r.cpuUs)].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const cpuRatios = list.map((run, i) => run.cpuUs / base[column][i].cpuUs).sort((a, b) => a - b);
    const cpuRatio = cpuRatios[Math.floor(cpuRatios.length / 2)];
    return `${Math.round(m.rps).toLocaleString("en-US")} req/s (${peer === PEERS[0] ? "1.00×" : `${ratio.toFixed(2)}×`}, p99 ${m.p99}); `
      + `CPU ${cpu.toFixed(0)} µs/req (${peer === PEERS[0] ? "1.00×" : `${cpuRatio.toFixed(2)}×`})`;
  };
  md += `| ${peer.name} | ${columns.map(cell).join(" | ")} |\n`;
}
if (notes.length) md += `\n${notes.join(" ")}\n`;
md += "\nEvery run (req/s (CPU µs/req), rounds in order):\n\n";
for (const [name, byColumn] of Object.entries(runs)) {
  md += `- ${name}: ${Object.entries(byColumn).map(([column, list]) => `${column} ${list.map((r) => `${Math.round(r.rps)} (${r.cpuUs.toFixed(0)} µs)`).join(", ")}`).join(" · ")}\n`;
}
const errors = Object.entries(runs).flatMap(([name, byColumn]) => Object.entries(byColumn).flatMap(([column, list]) =>
  list.filter((r) => r.non2xx > 0 && column === GET).map((r) => `${name} ${column}: ${r.non2xx} non-2xx`)));
if (errors.length) md += `\nUnexpected answers: ${errors.join("; ")}\n`;
writeFileSync(new URL("results/static.md", import.meta.url), md);
console.log(md);
