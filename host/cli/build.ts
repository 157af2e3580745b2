/**
 * `asedge build <app.ts> [-o out.wasm]`: compile an AssemblyScript app with
 * the asedge core into one .wasm for slot hosts (Node, fetch) and a
 * wasi:http@0.2.0 component beside it (out.component.wasm).
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export const BUILD_USAGE = `Usage: asedge build <app.ts> [-o out.wasm]

Compile an AssemblyScript app (routes registered with asedge's assembly/app
API) into out.wasm (serve it with loadWasmApp) and out.component.wasm
(wasi:http@0.2.0: jco serve, wasmtime serve). Default out: <app>.wasm.
`;

/** The asedge package root (holds scripts/ and assembly/), from here or from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== "asedge") {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("asedge build: cannot find the asedge package root");
    dir = parent;
  }
  return dir;
}

export const BUILD_USAGE_HINT = `Run "asedge build --help" for usage.`;

/** A usage mistake: one line and a pointer to --help; exit code 2. */
function usageError(message: string): number {
  process.stderr.write(`asedge build: ${message}\n${BUILD_USAGE_HINT}\n`);
  return 2;
}

/** Run `asedge build`; returns the process exit code. */
export async function runBuild(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'([^']+)'/.exec(message)?.[1];
    return usageError(code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option ? `unknown option ${option}` : message.split("\n")[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  if (positionals.length !== 1) return usageError(positionals.length ? `expected one app file, got ${positionals.length}` : "expected an app file: asedge build <app.ts>");
  const app = resolve(positionals[0]);
  if (!existsSync(app)) return usageError(`${positionals[0]}: no such file`);
  const out = resolve(values.out ?? join(dirname(app), `${basename(app).replace(/\.ts$/, "")}.wasm`));
  const component = out.replace(/\.wasm$/, "") + ".component.wasm";
  const root = packageRoot();
  const { buildApp } = await import(pathToFileURL(join(root, "scripts/build-app.mjs")).href);
  const errors: string = await buildApp(app, out);
  if (errors) {
    process.stderr.write(errors);
    return 1;
  }
  const { buildComponent } = await import(pathToFileURL(join(root, "scripts/build-component.mjs")).href);
  await buildComponent(app, component);
  process.stdout.write(`asedge: built ${out}\nasedge: built ${component}\n`);
  return 0;
}
