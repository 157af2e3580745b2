/**
 * Command-line arguments of `asedge`, parsed with node:util.parseArgs.
 */
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import type { ServeOptions } from "../node/options.js";

export const USAGE = `Usage: asedge serve [entry] [options]
       asedge build <app.ts> [-o out.wasm]

serve: serve an asedge App (the module's default export, or its \`app\` export).
Without an entry, the reference app is served.
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
const UNIT: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1 << 20, mb: 1 << 20, mib: 1 << 20 };

export class UsageError extends Error {}

/** "64kb" → 65536. */
export function parseSize(text: string, option: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) throw new UsageError(`${option}: expected a size like 512kb or 1mb, got "${text}"`);
  return Number(match[1]) * UNIT[(match[2] ?? "b").toLowerCase()];
}

function parseCount(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${option}: expected an integer ≥ ${min}, got "${text}"`);
  return value;
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
  const port = values.port ?? env.PORT;
  options.port = port === undefined ? 3000 : parseCount(port, "--port", 0);
  if (options.port > 65535) throw new UsageError(`--port: expected 0–65535, got ${options.port}`);
  if (values.host) options.hostname = values.host;
  if (values.workers) options.workers = values.workers === "auto" ? availableParallelism() : parseCount(values.workers, "--workers", 1);
  if (values["max-body"]) options.maxBodyBytes = parseSize(values["max-body"], "--max-body");
  if (values.memory) options.arenaBytes = parseSize(values.memory, "--memory");
  return { command: "serve", entry, options };
}

