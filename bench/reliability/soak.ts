/**
 * Soak: mixed load on asedge's Node host (reference app, defaults) for a
 * while, the server's RSS sampled every 5 s, every answer checked against
 * the status its route must give. Server on core 0, load (load.ts, 32
 * keep-alive connections) on core 1. Writes its section of bench/results/reliability.md
 * and bench/results/soak-rss.svg.
 *
 *   npm run build && npx vite-node bench/reliability/soak.ts [minutes]
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { runLoad, type MixEntry } from "./load.js";
import { pinSelf, runLine, waitForPort, writeSection, rssBytes } from "../support.js";

const MINUTES = Number(process.argv[2] ?? 10);
const SAMPLE_MS = 5000;
const root = new URL("../..", import.meta.url).pathname;
const PORT = 3990;

// The mix: each request with the status its route must answer.
const MIX: MixEntry[] = [
  { method: "GET", path: "/plaintext", status: 200 },
  { method: "GET", path: "/json", status: 200 },
  { method: "GET", path: "/users/12345", status: 200 },
  { method: "GET", path: "/api/v1/orders/7/lines/9", status: 200 },
  { method: "GET", path: "/search?q=a&tag=x&tag=y", status: 200 },
  { method: "GET", path: "/async/json", status: 200 },
  { method: "GET", path: "/error", status: 500 },
  { method: "GET", path: "/missing", status: 404 },
  { method: "POST", path: "/api/v1/items", body: 0, status: 201 },
  { method: "POST", path: "/api/v1/items", body: 1024, status: 201 },
  { method: "POST", path: "/api/v1/items", body: 16 * 1024, status: 201 },
  { method: "POST", path: "/api/v1/items", body: 64 * 1024, status: 201 },
  { method: "POST", path: "/echo", body: 300, status: 200 },
];
const unexpected = new Map<string, number>();

pinSelf(1);
const server = spawn("taskset", ["-c", "0", process.execPath, `${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1", "-p", String(PORT)], { stdio: ["ignore", "ignore", "pipe"] });
// The server logs each /error; only a core trap matters here.
let trapped = false;
server.stderr!.on("data", (data: Buffer) => { if (data.includes("trapped")) trapped = true; });
await waitForPort(PORT);
const pid = server.pid!; // taskset execs node: same process

const samples: { t: number; rss: number; rps: number }[] = [];
let total = 0;
let errors = 0;
const started = Date.now();
const end = started + MINUTES * 60_000;
while (Date.now() < end) {
  const result = await runLoad(PORT, MIX, { connections: 32, seconds: SAMPLE_MS / 1000 });
  total += result.requests;
  errors += result.errors;
  for (const [key, n] of result.unexpected) unexpected.set(key, (unexpected.get(key) ?? 0) + n);
  samples.push({ t: (Date.now() - started) / 1000, rss: rssBytes(pid), rps: result.requests / result.seconds });
  process.stdout.write(`\r${samples.length} samples, RSS ${(samples[samples.length - 1].rss / 2 ** 20).toFixed(1)} MiB, ${total} requests`);
}
server.kill("SIGTERM");
console.log();

// ── Report ───────────────────────────────────────────────────────────────
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
// The first minutes are start-up, JIT and the pool growing to the load's
// concurrency (large slots for the 64 KiB bodies): flatness is judged after them.
const settled = samples.filter((x) => x.t >= Math.min(120, (MINUTES * 60) / 5));
const first = settled[0] ?? samples[0];
const last = samples[samples.length - 1];
const half = samples.filter((x) => x.t >= last.t / 2);
/** Least-squares slope of RSS over the second half, MiB per minute. */
const slope = (() => {
  const n = half.length;
  const mt = half.reduce((a, x) => a + x.t, 0) / n;
  const mr = half.reduce((a, x) => a + x.rss, 0) / n;
  const num = half.reduce((a, x) => a + (x.t - mt) * (x.rss - mr), 0);
  const den = half.reduce((a, x) => a + (x.t - mt) ** 2, 0) || 1;
  return (num / den) * 60 / 2 ** 20;
})();
const peak = Math.max(...samples.map((s) => s.rss));
const date = new Date().toISOString().slice(0, 10);
const section = [
  "## Soak",
  "",
  `${runLine()}. \`npx vite-node bench/reliability/soak.ts ${MINUTES}\`: asedge (reference app, defaults) on core 0, load.ts with 32 keep-alive connections on core 1 cycling through ${MIX.length} requests (GET /plaintext, /json, /users/:id, two-param route, query, /async/json, /error, a 404, POST bodies of 0 B, 1 KiB, 16 KiB and 64 KiB, /echo), RSS every ${SAMPLE_MS / 1000} s.`,
  "",
  `| minutes | requests | req/s (mean) | answers with an unexpected status | requests without an answer | RSS at ${(first.t / 60).toFixed(0)} min | RSS at the end | peak RSS | change since ${(first.t / 60).toFixed(0)} min | slope, second half |`,
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  `| ${MINUTES} | ${total} | ${(total / ((Date.now() - started) / 1000)).toFixed(0)} | ${[...unexpected.values()].reduce((a, b) => a + b, 0)} | ${errors} | ${mib(first.rss)} MiB | ${mib(last.rss)} MiB | ${mib(peak)} MiB | ${((last.rss - first.rss) / first.rss * 100).toFixed(1)} % | ${slope.toFixed(2)} MiB/min |`,
  "",
  unexpected.size ? `Unexpected statuses: ${[...unexpected].map(([k, n]) => `${k}: ${n}`).join("; ")}.` : "Every answer had its route's status.",
  trapped ? "The server log reports a core trap." : "",
  "",
  "![RSS over the soak](soak-rss.svg)",
  "",
].join("\n");
writeSection("## Soak", section);

// RSS curve.
const width = 640;
const height = 240;
const maxRss = peak * 1.1;
const x = (t: number) => 50 + (t / (last.t || 1)) * (width - 70);
const y = (rss: number) => height - 30 - (rss / maxRss) * (height - 60);
const points = samples.map((s) => `${x(s.t).toFixed(1)},${y(s.rss).toFixed(1)}`).join(" ");
writeFileSync(`${root}bench/results/soak-rss.svg`, [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
  `<text x="10" y="16" font-size="13">asedge RSS under mixed load, ${MINUTES} min (${date})</text>`,
  `<line x1="50" y1="${height - 30}" x2="${width - 20}" y2="${height - 30}" stroke="#888"/>`,
  `<line x1="50" y1="30" x2="50" y2="${height - 30}" stroke="#888"/>`,
  `<text x="5" y="${y(peak) + 4}">${mib(peak)}</text><text x="5" y="${height - 30}">0 MiB</text>`,
  `<text x="${width - 60}" y="${height - 12}">${(last.t / 60).toFixed(1)} min</text>`,
  `<polyline fill="none" stroke="#d8837a" stroke-width="2" points="${points}"/>`,
  "</svg>",
].join("\n"));
console.log(section);
process.exit(0);
