/** What the bench scripts share: waiting for a port, RSS, the machine line, the reliability results file. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";

const RESULTS = new URL("./results/reliability.md", import.meta.url).pathname;
const HEADER = "# Reliability\n\nResults of bench/reliability/ (`npm run bench:reliability`). Each section is written by its script.\n";

export function waitForPort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.destroy(); resolve(); });
      socket.on("error", () => (Date.now() > deadline ? reject(new Error(`port ${port} never opened`)) : setTimeout(attempt, 100)));
    };
    attempt();
  });
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
