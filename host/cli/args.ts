/**
 * Command-line arguments of `asedge`, parsed with node:util.parseArgs.
 */
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { DEFAULT_PORT, type ServeOptions } from "../node/options.js";
import { ERR_CORE_LIMITS, ERR_CORE_POOL } from "../core/core.js";

export const USAGE = `Usage: asedge serve [entry] [options]
       asedge build <app.ts> [-o out.wasm] [--no-preinit]

serve: serve an asedge App (the module's default export, or its \`app\` export),
or an AssemblyScript app .wasm from asedge build. Without an entry, the
reference app is served. SIGINT/SIGTERM close it gracefully.
build: compile an AssemblyScript app into out.wasm (Node host) and
out.component.wasm (wasi:http); see \`asedge build --help\`.

Options:
  -p, --port <n>        port to listen on (default: $PORT or 3000)
  -h, --host <addr>     address to listen on (default: 0.0.0.0)
  -n, --workers <n>     worker processes sharing the port, or "auto" (default: 1)
      --max-body <size> largest request body, e.g. 1mb, 512kb (default: 1mb)
  -m, --memory <size>   arena per request, e.g. 64kb (default: 64kb)
      --help            show this help
      --version         show the version
`;

const SIZE = /^(\d+)\s*(b|kb|k|kib|mb|m|mib)?$/i;
const KIB = 1024;
const MIB = 1 << 20;
const UNIT: Record<string, number> = { b: 1, k: KIB, kb: KIB, kib: KIB, m: MIB, mb: MIB, mib: MIB };
/** Sizes reach the core as 32-bit integers. */
const MAX_SIZE = 2 ** 32 - 1;
const DIGITS = /^\d+$/;
const MAX_PORT = 65535;

export class UsageError extends Error {}

/** "64kb" → 65536. */
export function parseSize(text: string, option: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) throw new UsageError(`${option}: expected a size like 512kb or 1mb, got "${text}"`);
  const size = Number(match[1]) * UNIT[(match[2] ?? "b").toLowerCase()];
  if (size > MAX_SIZE) throw new UsageError(`${option}: expected a size under 4096mb, got "${text}"`);
  return size;
}

/** 65536 → "64kb": a size as the flags take it. */
function formatSize(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB}mb`;
  if (bytes % KIB === 0) return `${bytes / KIB}kb`;
  return `${bytes}b`;
}

function parseCount(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!DIGITS.test(text) || value < min) throw new UsageError(`${option}: expected an integer ≥ ${min}, got "${text}"`);
  return value;
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!DIGITS.test(text) || port > MAX_PORT) throw new UsageError(`${source}: expected a port 0–${MAX_PORT}, got "${text}"`);
  return port;
}

export interface Command {
  command: "serve" | "help" | "version";
  entry?: string;
  options: ServeOptions;
}

/** Parse argv (without node and the script) into a command. */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string", short: "h" },
      workers: { type: "string", short: "n" },
      "max-body": { type: "string" },
      memory: { type: "string", short: "m" },
      help: { type: "boolean" },
      version: { type: "boolean" },
    },
  });
  if (values.help) return { command: "help", options: {} };
  if (values.version) return { command: "version", options: {} };
  const [command = "serve", entry, ...rest] = positionals;
  if (command !== "serve") throw new UsageError(`unknown command "${command}"`);
  if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
  const options: ServeOptions = {};
  if (values.port !== undefined) options.port = parsePort(values.port, "--port");
  else if (env.PORT) options.port = parsePort(env.PORT, "PORT"); // PORT= (empty) counts as unset
  else options.port = DEFAULT_PORT;
  if (values.host) options.hostname = values.host;
  if (values.workers !== undefined) options.workers = values.workers === "auto" ? availableParallelism() : parseCount(values.workers, "--workers", 1);
  if (values["max-body"] !== undefined) options.maxBodyBytes = parseSize(values["max-body"], "--max-body");
  if (values.memory !== undefined) options.arenaBytes = parseSize(values.memory, "-m/--memory");
  return { command: "serve", entry, options };
}

/**
 * serve() rejected the sizes given on the command line: say so in terms of
 * the flags (the core's message names API options). Other errors pass through.
 */
export function explainServeError(error: unknown, options: ServeOptions): unknown {
  const message = error instanceof Error ? error.message : "";
  if (message !== ERR_CORE_POOL && message !== ERR_CORE_LIMITS) return error;
  const given = [
    options.arenaBytes !== undefined && `-m/--memory ${formatSize(options.arenaBytes)}`,
    options.maxBodyBytes !== undefined && `--max-body ${formatSize(options.maxBodyBytes)}`,
  ].filter(Boolean).join(" with ");
  if (!given) return error;
  return new UsageError(message === ERR_CORE_POOL
    ? `${given}: the request pool does not fit (an arena is 1kb–256mb; a large slot, --max-body + arena + 16kb, at most 256mb; 64 arenas and 2 large slots under 3 GiB)`
    : `${given}: too large (--max-body + arena + 16kb of head must stay under 4 GiB)`);
}

