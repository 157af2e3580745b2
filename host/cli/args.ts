/**
 * Command-line arguments of `asedge`, parsed with node:util.parseArgs.
 *
 * Every mistake is a UsageError: the CLI prints its one-line message and a
 * pointer to `--help` (USAGE_HINT), and exits 2. parseArgs' own messages
 * (written for programmers: "argument is ambiguous…") are rewritten in the
 * flag's terms here.
 */
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import { DEFAULT_PORT, type ServeOptions } from "../node/options.js";
import { ERR_CORE_LIMITS, ERR_CORE_POOL } from "../core/core.js";
import { UsageError } from "./usage-error.js";
import { checkArena, formatSize, MAX_ARENA_BYTES, MIN_ARENA_BYTES } from "./arena.js";
import type { Wrapping } from "./wrap.js";

export const USAGE = `Usage: asedge <command> [options]

Commands:
  serve [entry]         serve an App: a module (.js, .mjs, .ts, .mts) whose default
                        export (or \`app\` export) is an App, or an AssemblyScript app
                        .wasm from \`asedge build\`; without an entry, the built-in
                        reference app. SIGINT/SIGTERM close it gracefully.
  proxy --upstream URL  forward every request to URL
  record --upstream URL --out FILE
                        forward every request to URL and record each exchange in FILE
                        (appended; secrets redacted first)
  replay <file>         answer every request from a recording (no upstream)
  har export <file> [out.har] | har import <in.har> <file>
                        a recording as HAR 1.2, or a HAR (e.g. a browser's) as a recording
  init [dir]            create a project in dir (default: the current directory)
  build <app.ts>        compile an AssemblyScript app into .wasm + wasi:http component
                        (see \`asedge build --help\`)

serve options:
  -p, --port <n>        port to listen on (default: $PORT or ${DEFAULT_PORT})
  -H, --host <addr>     address to bind (default: 0.0.0.0, every interface;
                        127.0.0.1 for this machine only)
  -n, --workers <n>     worker processes sharing the port, or "auto" (default: 1)
      --max-body <size> largest request body, e.g. 1mb, 512kb (default: 1mb)
  -m, --memory <size>   arena per request, ${formatSize(MIN_ARENA_BYTES)}–${formatSize(MAX_ARENA_BYTES)} (default: 64kb)
      --watch           restart when a source file changes (needs tsx)
      --log [format]    an access-log line per request on stdout, json (default) or text;
                        server events as JSON lines too
      --metrics [path]  Prometheus metrics at path (default: /metrics)
      --cors [origin]   answer CORS for origin (default: *, any origin)
      --compress        compress responses (br, gzip, deflate by Accept-Encoding)
      --static <dir>    serve the files in dir where no route answers

proxy, record and replay options (and every serve option):
      --upstream <url>  where requests go (proxy, record; replay-or-record too)
      --out <file>      the recording to write (record)
      --mode <mode>     record: record (default) or replay-or-record;
                        replay: replay (default) or lockdown (exact, 502 on a miss)
      --match-header <name>   a request header the fingerprint covers (repeatable; none by default)
      --ignore-query <name>   a query parameter the fingerprint leaves out (repeatable)
      --redact-header <name>  a header redacted in the recording (repeatable; Authorization,
                        Proxy-Authorization, Cookie and Set-Cookie always are)
      --redact-query <name>   a query parameter redacted in the recording (repeatable)
      --chain           mix each fingerprint with the previous one of its session

init options:
      --worker          add a Cloudflare Worker entry (src/worker.ts, wrangler.jsonc)
      --assembly        add an AssemblyScript app (assembly/app.ts, its tsconfig)

  -h, --help            show this help
  -v, --version         show the version

TypeScript entries run through tsx (npm i -D tsx).
`;

export { UsageError };

/** Printed after a usage error's one line. */
export const USAGE_HINT = `Run "asedge --help" for usage.`;

const SIZE = /^(\d+)\s*([a-z]*)$/i;
const KIB = 1024;
const MIB = 1 << 20;
const GIB = 2 ** 30;
const UNIT: Record<string, number> = {
  "": 1, b: 1, k: KIB, kb: KIB, kib: KIB, m: MIB, mb: MIB, mib: MIB,
  g: GIB, gb: GIB, gib: GIB, t: 1024 * GIB, tb: 1024 * GIB, tib: 1024 * GIB,
};
/** Sizes reach the core as 32-bit integers, and header + body must stay under 4 GiB. */
const MAX_BODY_BYTES = 4095 * MIB;
const DIGITS = /^\d+$/;
const MAX_PORT = 65535;

/** "64kb" → 65536; a size over `max` is "too large". */
export function parseSize(text: string, option: string, max = MAX_BODY_BYTES): number {
  const match = SIZE.exec(text.trim());
  const unit = match && UNIT[match[2].toLowerCase()];
  if (!match || unit === undefined) throw new UsageError(`${option}: expected a size like 512kb or 1mb, got "${text}"`);
  const size = Number(match[1]) * (unit as number);
  if (size > max) throw new UsageError(`${option}: ${text} is too large (at most ${formatSize(max)})`);
  return size;
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

export type Command =
  | { command: "help"; options: ServeOptions }
  | { command: "version"; options: ServeOptions }
  | { command: "serve"; entry?: string; watch: boolean; wrapping: Wrapping; flags: string[]; options: ServeOptions }
  | { command: "init"; dir: string; worker: boolean; assembly: boolean; options: ServeOptions }
  | { command: "proxy" | "record" | "replay"; replay: ReplaySetup; watch: false; wrapping: Wrapping; flags: string[]; options: ServeOptions };

/** What `asedge proxy|record|replay` serves (host/cli/replay.ts builds the App). */
export interface ReplaySetup {
  upstream?: string;
  /** The recording: --out of record, the file of replay. */
  recording?: string;
  mode?: "record" | "replay-or-record" | "replay" | "lockdown";
  matchHeaders: string[];
  ignoreQuery: string[];
  redactHeaders: string[];
  redactQuery: string[];
  chain: boolean;
}

const OPTIONS = {
  port: { type: "string", short: "p" },
  host: { type: "string", short: "H" },
  workers: { type: "string", short: "n" },
  "max-body": { type: "string" },
  memory: { type: "string", short: "m" },
  watch: { type: "boolean" },
  log: { type: "string" },
  metrics: { type: "string" },
  compress: { type: "boolean" },
  cors: { type: "string" },
  static: { type: "string" },
  worker: { type: "boolean" },
  assembly: { type: "boolean" },
  upstream: { type: "string" },
  out: { type: "string" },
  mode: { type: "string" },
  "match-header": { type: "string", multiple: true },
  "ignore-query": { type: "string", multiple: true },
  "redact-header": { type: "string", multiple: true },
  "redact-query": { type: "string", multiple: true },
  chain: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;
const SHORT = new Map(Object.entries(OPTIONS).flatMap(([name, spec]) => ("short" in spec ? [[`-${spec.short}`, name as OptionName]] : [])));
/** How an option is named in messages: "-m/--memory", "--max-body". */
const label = (name: OptionName) => ("short" in OPTIONS[name] ? `-${(OPTIONS[name] as { short: string }).short}/--${name}` : `--${name}`);
const SERVE_ONLY: OptionName[] = ["port", "host", "workers", "max-body", "memory", "watch", "log", "metrics", "compress", "cors", "static"];
/** String options whose value may be left out (`--log`, `--metrics`): the default fills in. */
const OPTIONAL_VALUE: Partial<Record<OptionName, string>> = { log: "json", metrics: "/metrics", cors: "*" };
const INIT_ONLY: OptionName[] = ["worker", "assembly"];
const REPLAY_ONLY: OptionName[] = ["upstream", "out", "mode", "match-header", "ignore-query", "redact-header", "redact-query", "chain"];
/** The options each command takes (serve's own apply to proxy, record and replay too). */
const COMMAND_OPTIONS: Record<string, OptionName[]> = {
  serve: SERVE_ONLY,
  init: INIT_ONLY,
  proxy: [...SERVE_ONLY.filter((n) => n !== "watch"), "upstream"],
  record: [...SERVE_ONLY.filter((n) => n !== "watch"), ...REPLAY_ONLY],
  replay: [...SERVE_ONLY.filter((n) => n !== "watch"), ...REPLAY_ONLY.filter((n) => n !== "out")],
};
const COMMAND_ONLY: OptionName[] = [...SERVE_ONLY, ...INIT_ONLY, ...REPLAY_ONLY];

/** The option a token names ("--max-body", "-m", "--port=1" → its name), if it names one. */
function optionOf(token: string): OptionName | undefined {
  const name = token.startsWith("--") ? token.slice(2).split("=")[0] : undefined;
  if (name !== undefined) return name in OPTIONS ? (name as OptionName) : undefined;
  return SHORT.get(token);
}

/**
 * A value that starts with "-" ("--max-body -5") is given to its option, so
 * that the option's own check judges it, unless it is itself an option.
 */
function attachDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = optionOf(argv[i]);
    const next = argv[i + 1];
    if (name && OPTIONAL_VALUE[name] !== undefined && !argv[i].includes("=") && !optionalValueFits(name, next)) {
      out.push(`--${name}=${OPTIONAL_VALUE[name]}`); // `--log` alone, or followed by another option or the entry
      continue;
    }
    if (name && OPTIONS[name].type === "string" && !argv[i].includes("=") && next?.startsWith("-") && next.length > 1 && !optionOf(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** Whether `next` is the value of optional-value option `name` (a format for --log, a path for --metrics). */
function optionalValueFits(name: OptionName, next: string | undefined): boolean {
  if (next === undefined) return false;
  if (name === "log") return next === "json" || next === "text";
  if (name === "cors") return next === "*" || /^https?:\/\//.test(next);
  return next.startsWith("/");
}

/** parseArgs' error → a UsageError naming the flag as a user typed it. */
function explainParseError(error: Error & { code?: string }): UsageError {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(`unknown option ${quoted}`);
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    // "Option '-p, --port <value>' argument missing" / "Option '--watch' does not take an argument"
    const name = optionOf(/--[\w-]+/.exec(quoted)?.[0] ?? "");
    if (name && OPTIONS[name].type === "boolean") return new UsageError(`${label(name)} takes no value`);
    if (name) return new UsageError(`${label(name)}: expected a value`);
  }
  return new UsageError(error.message.split("\n")[0]);
}

/** Parse argv (without node and the script) into a command. */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: attachDashValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw explainParseError(error as Error);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 && !values.version) return { command: "help", options: {} };
  if (values.version) return { command: "version", options: {} };
  const [command, target, ...rest] = positionals;
  if (!(command in COMMAND_OPTIONS)) {
    const hint = /\.(m?[jt]s|wasm)$/.test(command) ? ` (to serve it: asedge serve ${command})` : "";
    throw new UsageError(`unknown command "${command}"${hint}`);
  }
  if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(" ")}`);
  const misplaced = COMMAND_ONLY.find((name) => values[name] !== undefined && !COMMAND_OPTIONS[command].includes(name));
  if (misplaced) throw new UsageError(`${label(misplaced)} is not an option of ${command}`);
  if (command === "init") return { command, dir: target ?? ".", worker: !!values.worker, assembly: !!values.assembly, options: {} };

  const options: ServeOptions = {};
  if (values.port !== undefined) options.port = parsePort(values.port, label("port"));
  else if (env.PORT) options.port = parsePort(env.PORT, "PORT"); // PORT= (empty) counts as unset
  else options.port = DEFAULT_PORT;
  if (values.host !== undefined) {
    if (values.host === "") throw new UsageError(`${label("host")}: expected an address`);
    options.hostname = values.host;
  }
  if (values.workers !== undefined) options.workers = values.workers === "auto" ? availableParallelism() : parseCount(values.workers, label("workers"), 1);
  if (values["max-body"] !== undefined) options.maxBodyBytes = parseSize(values["max-body"], label("max-body"));
  if (values.memory !== undefined) {
    options.arenaBytes = parseSize(values.memory, label("memory"), MAX_ARENA_BYTES);
    checkArena(options, label("memory"));
  }
  const wrapping: Wrapping = {};
  const flags: string[] = [];
  if (values.log !== undefined) {
    if (values.log !== "json" && values.log !== "text") throw new UsageError(`--log: expected json or text, got "${values.log}"`);
    wrapping.log = values.log;
    options.log = { format: values.log };
    flags.push("--log");
  }
  if (values.metrics !== undefined) {
    if (!values.metrics.startsWith("/")) throw new UsageError(`--metrics: expected a path such as /metrics, got "${values.metrics}"`);
    wrapping.metrics = values.metrics;
    flags.push("--metrics");
  }
  if (values.cors !== undefined) {
    if (values.cors !== "*" && !/^https?:\/\/[^/\s]+$/.test(values.cors)) throw new UsageError(`--cors: expected * or an origin such as https://app.example, got "${values.cors}"`);
    wrapping.cors = values.cors;
    flags.push("--cors");
  }
  if (values.static !== undefined) {
    if (values.static === "") throw new UsageError("--static: expected a directory");
    wrapping.static = values.static;
    flags.push("--static");
  }
  if (values.compress) {
    wrapping.compress = true;
    flags.push("--compress");
  }
  if (command === "serve") return { command, entry: target, watch: !!values.watch, wrapping, flags, options };
  return { command: command as "proxy" | "record" | "replay", replay: replaySetup(command, target, values), watch: false, wrapping, flags, options };
}

/** The proxy/record/replay part of the arguments, checked. */
function replaySetup(command: string, target: string | undefined, values: Record<string, unknown>): ReplaySetup {
  const list = (name: OptionName) => (values[name] as string[] | undefined) ?? [];
  const setup: ReplaySetup = {
    matchHeaders: list("match-header"), ignoreQuery: list("ignore-query"),
    redactHeaders: list("redact-header"), redactQuery: list("redact-query"), chain: !!values.chain,
  };
  const mode = values.mode as string | undefined;
  const upstream = values.upstream as string | undefined;
  if (command !== "replay" && target !== undefined) throw new UsageError(`unexpected argument: ${target} (${command} takes --upstream URL${command === "record" ? " --out FILE" : ""})`);
  if (upstream !== undefined) {
    if (!/^https?:\/\/[^/\s]+/.test(upstream)) throw new UsageError(`--upstream: expected an http:// or https:// URL, got "${upstream}"`);
    setup.upstream = upstream;
  }
  if (command === "proxy" || command === "record") {
    if (!upstream) throw new UsageError(`${command}: --upstream URL is required`);
  }
  if (command === "record") {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError("record: --out FILE is required (the recording to write)");
    if (mode !== undefined && mode !== "record" && mode !== "replay-or-record") throw new UsageError(`--mode: record takes record or replay-or-record, got "${mode}"`);
    setup.recording = out;
    setup.mode = (mode ?? "record") as ReplaySetup["mode"];
  }
  if (command === "replay") {
    if (!target) throw new UsageError("replay: the recording file is required (asedge replay rec.bin)");
    if (mode !== undefined && mode !== "replay" && mode !== "lockdown") throw new UsageError(`--mode: replay takes replay or lockdown, got "${mode}"`);
    if (upstream) throw new UsageError("replay: --upstream is for record --mode replay-or-record (replay answers from the recording only)");
    setup.recording = target;
    setup.mode = (mode ?? "replay") as ReplaySetup["mode"];
  }
  return setup;
}

/**
 * serve() rejected the sizes given on the command line: say so in terms of
 * the flags (the core's message names API options). Other errors pass through.
 */
export function explainServeError(error: unknown, options: ServeOptions): unknown {
  const message = error instanceof Error ? error.message : "";
  if (message !== ERR_CORE_POOL && message !== ERR_CORE_LIMITS) return error;
  const given = [
    options.arenaBytes !== undefined && `${label("memory")} ${formatSize(options.arenaBytes)}`,
    options.maxBodyBytes !== undefined && `${label("max-body")} ${formatSize(options.maxBodyBytes)}`,
  ].filter(Boolean).join(" with ");
  if (!given) return error;
  return new UsageError(message === ERR_CORE_POOL
    ? `${given}: the request pool does not fit (a large slot, --max-body + arena + 16kb, at most 256mb; 64 arenas and 2 large slots under 3 GiB)`
    : `${given}: too large (--max-body + arena + 16kb of head must stay under 4 GiB)`);
}
