/**
 * What an idle keep-alive connection costs: N connections (default 18 000)
 * each make one request and stay open; the server's RSS growth per
 * connection, asedge vs node:http, both in the same run. Needs a file
 * descriptor limit above N (raised with `ulimit -n` for the children, up to
 * the hard limit: 20 000 on the project's machines, hence the default; pass
 * 50000 where `ulimit -Hn` allows it). Writes its section of
 * bench/results/reliability.md.
 *
 *   npm run build && npx vite-node bench/reliability/idle.ts [N]
 */
import { spawn } from "node:child_process";
import { rssBytes, runLine, waitForPort, writeSection } from "../support.js";

const N = Number(process.argv[2] ?? 18_000);
const FD_LIMIT = N + 1_000;
const here = new URL(".", import.meta.url).pathname;

/** Run a node script with a raised descriptor limit. */
function withFds(args: string[], env: Record<string, string> = {}) {
  return spawn("bash", ["-c", `ulimit -n ${FD_LIMIT} && exec "$0" "$@"`, process.execPath, ...args], {
    env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

const rows: string[] = [];
let port = 3950;
for (const name of ["asedge", "node:http"]) {
  port++;
  const server = withFds([`${here}idle-server.mjs`, name], { PORT: String(port) });
  await waitForPort(port);
  await new Promise((r) => setTimeout(r, 500));
  const before = rssBytes(server.pid!);
  const clients = withFds([`${here}idle-clients.mjs`, String(port), String(N)]);
  const { open, failed } = await new Promise<{ open: number; failed: number }>((resolve) => clients.once("message", resolve as never));
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssBytes(server.pid!);
  const perConnection = (after - before) / open;
  rows.push(`| ${name} | ${open} | ${failed} | ${(before / 2 ** 20).toFixed(1)} MiB | ${(after / 2 ** 20).toFixed(1)} MiB | ${(perConnection / 1024).toFixed(2)} KiB |`);
  console.log(rows[rows.length - 1]);
  clients.send("exit");
  server.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 1000));
}

writeSection("## Idle keep-alive connections", [
  "## Idle keep-alive connections",
  "",
  `${runLine()}. \`npx vite-node bench/reliability/idle.ts ${N}\`: ${N} connections, each made one GET /plaintext and stays open (keep-alive timeout raised to an hour on both servers); the server's RSS before and 2 s after. Budget: 32 KiB per connection.`,
  "",
  "| server | connections open | failed to open | RSS before | RSS with them open | per connection |",
  "|---|---:|---:|---:|---:|---:|",
  ...rows,
  "",
].join("\n"));
process.exit(0);
