/**
 * `asedge proxy`, `asedge record`, `asedge replay` (the App each serves) and
 * `asedge har export|import`. The helpers load only when one of these runs.
 *
 *   proxy  --upstream URL               every request forwarded
 *   record --upstream URL --out FILE    forwarded, each exchange redacted and appended to FILE
 *          --mode replay-or-record      … only what FILE does not answer yet
 *   replay FILE [--mode lockdown]       answered from FILE, no upstream
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { App } from "../app/app.js";
import type { ServeOptions } from "../node/options.js";
import type { ReplaySetup } from "./args.js";
import { UsageError } from "./usage-error.js";

export const HAR_USAGE = `Usage: asedge har export <recording> [out.har]   (stdout without out.har)
       asedge har import <in.har> <recording>      (appended; created when missing)
`;

/** The App `asedge proxy|record|replay` serves. */
export async function replayApp(command: "proxy" | "record" | "replay", setup: ReplaySetup, options: ServeOptions): Promise<App> {
  // undici loads only when something goes upstream: replay starts without it.
  const proxy = setup.upstream ? (await import("../helper/proxy/node.js")).proxy : undefined;
  const app = new App();
  if (command === "proxy") return app.all("*", proxy!(setup.upstream!));
  if (command === "record" && (options.workers ?? 1) > 1) throw new UsageError("record: -n/--workers must be 1 (one process appends to the recording)");
  const { openRecording, replay } = await import("../helper/replay/index.js");
  if (command === "replay" && !existsSync(setup.recording!)) throw new UsageError(`replay: ${setup.recording}: no such file`);
  const recording = openRecording(setup.recording!, { create: command === "record" });
  const middleware = replay({
    recording: command === "record" ? recording : recording.recording,
    mode: setup.mode,
    fingerprint: { headers: setup.matchHeaders, ignoreQuery: setup.ignoreQuery },
    redact: { headers: setup.redactHeaders, query: setup.redactQuery },
    chain: setup.chain,
  });
  if (command === "replay") recording.close(); // read only: the bytes are loaded
  return proxy ? app.all("*", middleware, proxy(setup.upstream!)) : app.all("*", middleware);
}

/** `asedge har export|import`: exit code. */
export async function runHar(argv: string[]): Promise<number> {
  const [verb, from, to, ...rest] = argv;
  if (verb === "-h" || verb === "--help" || verb === undefined) {
    process.stdout.write(HAR_USAGE);
    return verb === undefined ? 2 : 0;
  }
  const fail = (message: string) => { process.stderr.write(`asedge: har: ${message}\nRun "asedge har --help" for usage.\n`); return 2; };
  if (rest.length) return fail(`unexpected arguments: ${rest.join(" ")}`);
  if (verb !== "export" && verb !== "import") return fail(`unknown subcommand "${verb}" (export or import)`);
  if (!from) return fail(`${verb}: the ${verb === "export" ? "recording" : "HAR file"} is required`);
  if (!existsSync(from)) return fail(`${verb}: ${from}: no such file`);
  const { openRecording, toHarText, fromHar, fingerprintOfParts } = await import("../helper/replay/index.js");
  if (verb === "export") {
    const file = openRecording(from);
    const text = toHarText(file.recording.entries(), { creator: { name: "asedge", version: packageVersion() } });
    file.close();
    if (to) writeFileSync(to, text);
    else process.stdout.write(text);
    return 0;
  }
  if (!to) return fail("import: the recording to write is required (asedge har import in.har rec.asrr)");
  let har: unknown;
  try {
    har = JSON.parse(readFileSync(from, "utf8"));
  } catch (error) {
    return fail(`import: ${from}: not JSON (${(error as Error).message})`);
  }
  const { instantiateCore } = await import("../node/core-file.js");
  const { Core } = await import("../core/core.js");
  const core = new Core(instantiateCore());
  const exchanges = fromHar(har, (request) => fingerprintOfParts(core, {
    method: request.method, target: request.url, headers: [], body: request.body,
    contentType: request.headers.find(([name]) => name === "content-type")?.[1],
  }));
  const file = openRecording(to, { create: true });
  for (const x of exchanges) file.append({ ...x, occurrence: x.occurrence + file.recording.count(x.fingerprint, x.session) });
  file.close();
  process.stderr.write(`asedge: har: ${exchanges.length} exchanges appended to ${to}\n`);
  return 0;
}

function packageVersion(): string {
  return JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version;
}
