/**
 * `asedge serve --watch`: run the server under `tsx watch`, which restarts
 * it when a module it imported changes (tsx tracks the import graph, so only
 * the app's own files count). Signals reach tsx, which stops the server.
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENV_TSX_LOADED, EntryError, resolveTsx, TSX_HINT } from "./entry.js";

/** Serve `argv` (without --watch) under tsx watch; resolves with the exit code. */
export function serveWatching(argv: string[], entry: string | undefined): Promise<number> {
  const cli = resolveTsx("./cli", entry ? dirname(resolve(entry)) : process.cwd());
  if (!cli) throw new EntryError(`--watch runs the server under tsx watch, and tsx is not installed: ${TSX_HINT}`);
  const server = fileURLToPath(new URL("../cli.js", import.meta.url));
  const child = spawn(process.execPath, [cli, "watch", "--clear-screen=false", server, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [ENV_TSX_LOADED]: "1" },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((done) => child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0))));
}
