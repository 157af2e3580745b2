/**
 * Slow clients against normal traffic: each server (asedge's Node host with
 * its defaults, node:http) is measured under wrk without an attack, then
 * while an attacker process holds N slow heads, N slow bodies and N idle
 * keep-alive connections. Server on core 0, wrk on core 1, the attacker on
 * core 0 as an idle-priority task (see startAttacker).
 * Rounds alternate the servers; figures are medians. Writes its section of
 * bench/results/reliability.md and bench/results/slowloris.svg.
 *
 *   npm run build && npx vite-node bench/reliability/slowloris.ts [N] [seconds] [rounds]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { runLine, waitForPort, writeSection } from "../support.js";

const N = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 5);
const ROUNDS = Number(process.argv[4] ?? 3);
const CONNECTIONS = 16;
const TRICKLE_MS = 2000;
const PATH = "/plaintext";
const root = new URL("../..", import.meta.url).pathname;
const results = `${root}bench/results/`;

interface Peer { name: string; args: string[] }
const PEERS: Peer[] = [
  { name: "asedge", args: [`${root}dist/host/cli.js`, "serve", "-H", "127.0.0.1"] },
  { name: "node:http", args: [`${root}bench/peers/node-http.mjs`] },
];

interface Load { rps: number; p99ms: number; non2xx: number; socketErrors: number }
interface Attack { open: number; trickles: number; kinds: Record<string, { closedByServer: number; statuses: Record<string, number> }> }
interface Round { baseline: Load; attacked: Load; attack: Attack; ready: number }

/** wrk's latency figure ("1.23ms", "850.00us", "1.02s") in ms. */
function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

function wrk(port: number): Load {
  const out = execFileSync("taskset", ["-c", "1", "wrk", "-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", `http://127.0.0.1:${port}${PATH}`], { encoding: "utf8" });
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p99ms: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ""),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

function startAttacker(port: number): Promise<{ child: ChildProcess; ready: number }> {
  // On the server's core as SCHED_IDLE: on wrk's core it would take the load
  // generator's CPU (wrk saturates near asedge's rate), and even at nice 19 on
  // the server's core its time slices showed up as server latency; as an idle
  // task it stands in for clients on other machines: the server pays only for
  // the attack connections' bytes. Its trickles are counted to show it ran.
  const child = spawn("chrt", ["--idle", "0", "taskset", "-c", "0", process.execPath, `${root}bench/reliability/slow-clients.mjs`, String(port), String(N), String(N), String(N), String(TRICKLE_MS)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message: { ready: boolean; open: number }) => resolve({ child, ready: message.open }));
    child.once("exit", (code) => reject(new Error(`attacker exited (${code})`)));
  });
}

function report(child: ChildProcess): Promise<Attack> {
  return new Promise((resolve) => {
    child.once("message", (message: Attack) => resolve(message));
    child.send("report");
  });
}

async function round(peer: Peer, port: number): Promise<Round> {
  const server = spawn("taskset", ["-c", "0", process.execPath, ...peer.args], { env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
  try {
    await waitForPort(port);
    wrk(port); // warm-up
    const baseline = wrk(port);
    const { child, ready } = await startAttacker(port);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      child.send("reset");
      const attacked = wrk(port);
      const attack = await report(child);
      return { baseline, attacked, attack, ready };
    } finally {
      child.kill("SIGKILL");
    }
  } finally {
    server.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rounds = new Map<string, Round[]>(PEERS.map((peer) => [peer.name, []]));
let port = 3900;
for (let r = 0; r < ROUNDS; r++) {
  for (const peer of r % 2 ? [...PEERS].reverse() : PEERS) {
    const result = await round(peer, port++);
    rounds.get(peer.name)!.push(result);
    console.log(`round ${r + 1} ${peer.name}: ${JSON.stringify(result)}`);
  }
}

// ── Report ───────────────────────────────────────────────────────────────
const rows = PEERS.map((peer) => {
  const list = rounds.get(peer.name)!;
  const last = list[list.length - 1].attack;
  return {
    name: peer.name,
    ready: median(list.map((x) => x.ready)),
    baseRps: median(list.map((x) => x.baseline.rps)),
    baseP99: median(list.map((x) => x.baseline.p99ms)),
    rps: median(list.map((x) => x.attacked.rps)),
    p99: median(list.map((x) => x.attacked.p99ms)),
    p99Ratio: median(list.map((x) => x.attacked.p99ms / x.baseline.p99ms)),
    rpsRatio: median(list.map((x) => x.attacked.rps / x.baseline.rps)),
    trickles: median(list.map((x) => x.attack.trickles)),
    non2xx: list.reduce((sum, x) => sum + x.attacked.non2xx + x.baseline.non2xx, 0),
    socketErrors: list.reduce((sum, x) => sum + x.attacked.socketErrors + x.baseline.socketErrors, 0),
    kinds: Object.entries(last.kinds).map(([kind, f]) => `${kind}: ${f.closedByServer} closed, ${Object.entries(f.statuses).map(([s, n]) => `${n}× ${s}`).join(" ") || "no answer"}`).join("; "),
  };
});

const date = new Date().toISOString().slice(0, 10);
const f = (x: number, digits = 0) => x.toFixed(digits);
const section = [
  "## Slow clients (slowloris)",
  "",
  `${runLine()}. \`npx vite-node bench/reliability/slowloris.ts ${N} ${SECONDS} ${ROUNDS}\`.`,
  `wrk -t1 -c${CONNECTIONS} ${SECONDS}s on ${PATH} (core 1) against the server (core 0, its defaults), first alone, then while an attacker (core 0, SCHED_IDLE: it stands in for clients on other machines) holds ${N} slow heads (a header line every ≈${TRICKLE_MS / 1000} s), ${N} slow bodies (a byte every ≈${TRICKLE_MS / 1000} s of a 1 MB body) and ${N} idle keep-alive connections. Medians of ${ROUNDS} rounds, servers alternating.`,
  "",
  "| server | attack connections up | trickles sent during the run | req/s alone | p99 alone | req/s attacked | p99 attacked | p99 attacked / alone | req/s attacked / alone | non-2xx (all rounds) | socket errors |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map((r) => `| ${r.name} | ${r.ready} | ${r.trickles} | ${f(r.baseRps)} | ${f(r.baseP99, 2)} ms | ${f(r.rps)} | ${f(r.p99, 2)} ms | ${f(r.p99Ratio, 2)}× | ${f(r.rpsRatio, 2)}× | ${r.non2xx} | ${r.socketErrors} |`),
  "",
  "What the server did to the attack connections (last round, by the end of the attacked run):",
  "",
  ...rows.map((r) => `- ${r.name}: ${r.kinds}`),
  "",
  "![p99 latency alone and under attack](slowloris.svg)",
  "",
].join("\n");

writeSection("## Slow clients (slowloris)", section);

// Bar chart: p99 alone vs attacked, per server.
const width = 520;
const barHeight = 22;
const maxP99 = Math.max(...rows.flatMap((r) => [r.baseP99, r.p99]));
const scale = (ms: number) => (ms / maxP99) * 300;
const bars = rows.flatMap((r, i) => {
  const y = 40 + i * 70;
  return [
    `<text x="10" y="${y + 15}" font-size="13">${r.name}</text>`,
    `<rect x="110" y="${y}" width="${scale(r.baseP99).toFixed(1)}" height="${barHeight}" fill="#7aa6d8"/>`,
    `<text x="${(115 + scale(r.baseP99)).toFixed(1)}" y="${y + 15}" font-size="12">alone ${f(r.baseP99, 2)} ms</text>`,
    `<rect x="110" y="${y + barHeight + 4}" width="${scale(r.p99).toFixed(1)}" height="${barHeight}" fill="#d8837a"/>`,
    `<text x="${(115 + scale(r.p99)).toFixed(1)}" y="${y + barHeight + 19}" font-size="12">attacked ${f(r.p99, 2)} ms</text>`,
  ];
});
writeFileSync(`${results}slowloris.svg`, [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${50 + rows.length * 70}" font-family="sans-serif">`,
  `<text x="10" y="20" font-size="14">p99 latency of normal clients, alone vs with ${3 * N} attack connections (${date})</text>`,
  ...bars,
  "</svg>",
].join("\n"));
console.log(section);
