#!/usr/bin/env node
/**
 * asedge command line.
 *
 *   asedge serve [entry] [-p PORT] [-h HOST] [-n WORKERS] [--max-body SIZE] [-m SIZE]
 *   asedge build <app.ts> [-o out.wasm]   (AssemblyScript app → .wasm + wasi:http component)
 *
 * `entry` is a module whose default export (or `app` export) is an App, or an
 * AssemblyScript app .wasm (from `asedge build`); without one the reference
 * app is served. PORT in the environment sets the default port.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import cluster from "node:cluster";
import { loadWasmApp, serve } from "./index.js";
import type { SlotApp } from "./slot/contract.js";
import type { App } from "./app/app.js";
import { isServable } from "./slot/app-adapter.js";
import { explainServeError, parseCommand, UsageError, USAGE, type Command } from "./cli/args.js";
import { runBuild } from "./cli/build.js";

async function loadApp(entry: string | undefined): Promise<App | SlotApp> {
  if (entry?.endsWith(".wasm")) return loadWasmApp(resolve(entry));
  const module = entry
    ? await import(pathToFileURL(resolve(entry)).href)
    : await import("./reference/app.js");
  const app = module.default ?? module.app;
  if (!isServable(app)) {
    throw new UsageError(`${entry}: expected an App as the default export or as \`app\``);
  }
  return app;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === "build") return void (process.exitCode = await runBuild(argv.slice(1)));
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    process.stderr.write(`asedge: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.command === "help") return void process.stdout.write(USAGE);
  if (command.command === "version") return void process.stdout.write(`${version()}\n`);
  const app = await loadApp(command.entry);
  const server = await serve(app, command.options).catch((error) => {
    throw explainServeError(error, command.options);
  });
  const { hostname = "0.0.0.0", workers = 1 } = command.options;
  if (cluster.isPrimary) process.stdout.write(`asedge: listening on http://${hostname}:${server.port}${workers > 1 ? ` (${workers} workers)` : ""}\n`);
  const stop = () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error) => {
  // Errors from the library already start with "asedge: ".
  const message = (error instanceof Error ? error.message : String(error)).replace(/^asedge: /, "");
  process.stderr.write(`asedge: ${message}\n`);
  // Exit now: a cluster worker's IPC channel would keep it alive.
  process.exit(error instanceof UsageError ? 2 : 1);
});
