// Socket A/B of the Node host on large reads of pipelined requests: this
// tree's `asedge serve` and another checkout's (its dist/ built). One client
// connection writes 64 KiB of pipelined `GET /plaintext` at a time and waits
// for every answer before the next write, so each read the server makes
// holds hundreds of requests. Measured: the server's CPU time per request
// (utime + stime over the run ÷ requests), servers pinned to core 0, the
// client on core 1, alternating per round.
//   npx vite-node bench/ab/large-reads.ts -- /path/to/other/checkout [writes] [rounds]
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import os from "node:os";
import { cpuMicros, median, pinSelf, waitForPort } from "../support.js";

const [other, writesArg = "200", roundsArg = "7"] = process.argv.slice(2).filter((a) => a !== "--");
if (!other) throw new Error("usage: vite-node bench/ab/large-reads.ts -- <other checkout> [writes] [rounds]");
const WRITES = Number(writesArg);
const ROUNDS = Number(roundsArg);
const root = new URL("../..", import.meta.url).pathname;
const REQUEST = "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n";
const PER_WRITE = Math.floor(65536 / REQUEST.length);
const WRITE = Buffer.from(REQUEST.repeat(PER_WRITE), "latin1");

interface Server { name: string; port: number; child: ChildProcess }

async function start(name: string, checkout: string, port: number): Promise<Server> {
  const child = spawn("taskset", ["-c", "0", process.execPath, `${checkout}/dist/host/cli.js`, "serve", "-H", "127.0.0.1", "-p", String(port)],
    { stdio: ["ignore", "ignore", "inherit"] });
  await waitForPort(port);
  return { name, port, child };
}

/** Send `writes` writes on one connection, each after the last one's answers; resolves when all are answered. */
function load(port: number, writes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let answered = 0;
    let sent = 0;
    let tail = ""; // a status line split across reads
    socket.on("data", (data: Buffer) => {
      const text = tail + data.toString("latin1");
      answered += text.split("HTTP/1.1 200").length - 1;
      tail = text.slice(-12);
      if (tail.includes("HTTP/1.1 200")) tail = "";
      if (answered === sent * PER_WRITE) {
        if (sent === writes) { socket.destroy(); resolve(); return; }
        sent++;
        socket.write(WRITE);
      }
    });
    socket.on("error", reject);
    socket.on("connect", () => { sent++; socket.write(WRITE); });
  });
}

pinSelf(1);
const servers = [await start("this tree", root, 4380), await start("other", other, 4381)];
const perRequest: Record<string, number[]> = {};
for (const s of servers) await load(s.port, 20); // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const s of round % 2 ? [...servers].reverse() : servers) {
    const before = cpuMicros(s.child.pid!);
    await load(s.port, WRITES);
    (perRequest[s.name] ??= []).push((cpuMicros(s.child.pid!) - before) / (WRITES * PER_WRITE));
  }
}
for (const s of servers) s.child.kill("SIGTERM");
console.log(`${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`);
console.log(`${WRITES} writes × ${PER_WRITE} requests (64 KiB) per round, ${ROUNDS} rounds; server CPU µs per request:`);
for (const [name, list] of Object.entries(perRequest)) console.log(`  ${name}: median ${median(list).toFixed(2)} (${list.map((x) => x.toFixed(2)).join(", ")})`);
console.log(`  this tree ÷ other: ${(median(perRequest["this tree"]) / median(perRequest.other)).toFixed(2)}`);
