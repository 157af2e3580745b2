/**
 * Whole-process start: spawn → the first 200 on /plaintext, for `asedge
 * serve` (the reference app, from dist/), a bare `node -e` that listens with
 * node:http and answers, and Hono on @hono/node-server (bench/peers/hono.mjs);
 * `node -e ""` (spawn → exit) is Node's own start. Each sample is a fresh
 * process pinned to core 0 (this process, the client, on core 1); the servers
 * take turns within each round, the order rotating, and the table gives
 * medians. The client polls with a raw socket every millisecond, so its own
 * cost stays out of the figures. A second CLI (e.g. another checkout's
 * dist/host/cli.js) runs beside it as a baseline when given. Writes
 * bench/results/startup.md.
 *
 *   npm run build && npx vite-node bench/startup.bench.ts [rounds] [baseline cli.js]
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";
import { median, pinSelf, runLine } from "./support.js";

const ROUNDS = Number(process.argv[2] ?? 15);
const BASELINE = process.argv[3];
const root = new URL("..", import.meta.url).pathname;
const PORT = 43_210;

/** node:http, the smallest server that answers: Node's floor for a server. */
const BARE_SERVER = `require("node:http").createServer((q, s) => s.end("Hello, World!")).listen(${PORT}, "127.0.0.1")`;

interface Starter { name: string; args: string[]; exits?: boolean }

const starters: Starter[] = [
  { name: "asedge serve (reference app)", args: ["dist/host/cli.js", "serve", "-p", String(PORT), "-H", "127.0.0.1"] },
  { name: "node -e: node:http answering", args: ["-e", BARE_SERVER] },
  { name: "Hono on @hono/node-server", args: ["bench/peers/hono.mjs"] },
  { name: "node -e \"\" (spawn → exit)", args: ["-e", ""], exits: true },
];
const serveArgs = ["serve", "-p", String(PORT), "-H", "127.0.0.1"];
if (BASELINE) starters.splice(1, 0, { name: `asedge serve, baseline (${BASELINE})`, args: [BASELINE, ...serveArgs] });

/** True once one GET /plaintext on a fresh connection answered 200. */
function answers200(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, "127.0.0.1", () => socket.write("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      if (head.length >= 12) {
        socket.destroy();
        resolve(head.startsWith("HTTP/1.1 200"));
      }
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => resolve(false));
  });
}

/** Spawn one process on core 0; ms until it answered 200 (or, for `exits`, exited), then stop it. */
async function startOnce(starter: Starter): Promise<number> {
  const t = performance.now();
  const child = spawn("taskset", ["-c", "0", process.execPath, ...starter.args], { cwd: root, stdio: "ignore", env: { ...process.env, PORT: String(PORT) } });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (starter.exits) {
    await exited;
    return performance.now() - t;
  }
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${starter.name} exited with ${child.exitCode} before answering`);
      if (await answers200()) return performance.now() - t;
      if (performance.now() - t > 10_000) throw new Error(`${starter.name}: no 200 in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

pinSelf(1);
const loadBefore = runLine();
const samples = new Map<string, number[]>(starters.map((s) => [s.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < starters.length; k++) {
    const starter = starters[(round + k) % starters.length];
    samples.get(starter.name)!.push(await startOnce(starter));
  }
}
const loadAfter = runLine();

const bare = median(samples.get(starters.find((s) => s.args[0] === "-e")!.name)!);
const rows = starters.map((s) => {
  const list = samples.get(s.name)!;
  const m = median(list);
  return `| ${s.name} | ${m.toFixed(1)} | ${(m / bare).toFixed(2)}× | ${Math.min(...list).toFixed(1)} | ${list.map((x) => x.toFixed(0)).join(", ")} |`;
});
const md = `# Whole-process start-up

- Run: ${loadBefore} before; load ${loadAfter.split("load ")[1]} after
- Command: \`npm run build && npx vite-node bench/startup.bench.ts ${ROUNDS}${BASELINE ? ` ${BASELINE}` : ""}\`
- Method: spawn → first 200 on /plaintext (a raw-socket GET every 1 ms from this process, on core 1), a fresh
  process pinned to core 0 per sample, ${ROUNDS} rounds, the order rotating each round; \`node -e ""\` is spawn → exit.

| process | median ms | / bare node:http | min ms | every run (ms, in order) |
|---|---:|---:|---:|---|
${rows.join("\n")}
`;
writeFileSync(new URL("results/startup.md", import.meta.url), md);
console.log(md);
