#!/usr/bin/env node
/**
 * asedge command line.
 *
 *   asedge serve [entry] [-p PORT] [-H HOST] [-n WORKERS] [--max-body SIZE] [-m SIZE] [--watch]
 *   asedge init [dir] [--worker] [--assembly]   (a new project)
 *   asedge build <app.ts> [-o out.wasm]          (AssemblyScript app → .wasm + wasi:http component)
 *   asedge proxy --upstream URL | record --upstream URL --out FILE | replay FILE   (./cli/replay.ts)
 *   asedge har export FILE [out.har] | har import in.har FILE
 *
 * `entry` is a module (JavaScript or TypeScript) whose default export (or
 * `app` export) is an App, or an AssemblyScript app .wasm (from `asedge
 * build`); without one the reference app is served. PORT in the environment
 * sets the default port. Bare `asedge` prints the help.
 */
import { readFileSync } from "node:fs";
import cluster from "node:cluster";
import "./node/register-core.js";
import { serve } from "./node/server.js";
import type { SlotApp } from "./slot/contract.js";
import type { App } from "./app/app.js";
import { DEFAULT_HOSTNAME } from "./node/options.js";
import { explainServeError, parseCommand, UsageError, USAGE, USAGE_HINT } from "./cli/args.js";
import { clickableUrl, listeningLine } from "./cli/url.js";
import { announcer } from "./cli/announce.js";
import { wrapApp } from "./cli/wrap.js";

// Each sub-command's modules load when it runs: `asedge serve` starts without
// those of build, init, --watch, an entry file, the cluster or replay.

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version;
}

async function loadApp(entry: string | undefined): Promise<App | SlotApp> {
  if (entry) return (await import("./cli/entry.js")).loadEntry(entry);
  return (await import("./reference/app.js")).default;
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === "build") return void (process.exitCode = await (await import("./cli/build.js")).runBuild(argv.slice(1)));
  if (argv[0] === "har") return void (process.exitCode = await (await import("./cli/replay.js")).runHar(argv.slice(1)));
  const command = parseCommand(argv);
  if (command.command === "help") return void process.stdout.write(USAGE);
  if (command.command === "version") return void process.stdout.write(`${version()}\n`);
  if (command.command === "init") return void (process.exitCode = await (await import("./cli/init.js")).runInit(command.dir, command));
  if (command.command === "serve" && command.watch) {
    const { serveWatching } = await import("./cli/watch.js");
    return void (process.exitCode = await serveWatching(argv.filter((arg) => arg !== "--watch"), command.entry));
  }
  const { hostname = DEFAULT_HOSTNAME, workers = 1 } = command.options;
  if (workers > 1 && cluster.isPrimary) {
    const { checkPool } = await import("./cli/pool.js");
    try {
      checkPool(command.options);
    } catch (error) {
      throw explainServeError(error, command.options);
    }
  }
  const served = command.command === "serve"
    ? await loadApp(command.entry)
    : await (await import("./cli/replay.js")).replayApp(command.command, command.replay, command.options);
  const app = await wrapApp(served, command.wrapping, command.flags);
  const server = await serve(app, command.options).catch((error) => {
    throw explainServeError(error, command.options);
  });
  const say = announcer(command.options.log);
  if (cluster.isPrimary) say("listening", listeningLine(hostname, server.port, workers), { url: clickableUrl(hostname, server.port), port: server.port, workers });
  const stop = (signal: NodeJS.Signals) => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    if (cluster.isPrimary) say("closing", `${signal}: closing (finishing requests in flight)…`, { signal });
    server.close().then(() => {
      if (cluster.isPrimary) say("closed", "closed");
      process.exit(0);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error) => {
  // Errors from the library already start with "asedge: ".
  const message = (error instanceof Error ? error.message : String(error)).replace(/^asedge: /, "");
  const usage = error instanceof UsageError;
  process.stderr.write(`asedge: ${message}\n${usage ? `${USAGE_HINT}\n` : ""}`);
  // Exit now: a cluster worker's IPC channel would keep it alive.
  process.exit(usage ? 2 : 1);
});
