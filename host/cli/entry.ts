/**
 * `asedge serve <entry>`: load the app an entry module exports.
 *
 * TypeScript entries (.ts, .mts, .cts, .tsx) run through tsx, an optional
 * peer dependency (Node 20 cannot strip types; tsx is esbuild behind Node's
 * module hooks: it follows `./x.js` imports to `./x.ts`, reads tsconfig, and
 * maps stack traces back to the .ts lines). tsx is looked up from the entry's
 * folder first (the user's project), then from asedge's. Where Node strips
 * types itself (process.features.typescript, Node ≥ 22.6 with the flag, 23.6
 * by default) and tsx is absent, the entry is imported as it is.
 *
 * A module that fails to load is reported with its file: the stack of an
 * error thrown at import (the user's frames; the loaders' own are left out),
 * the file and line of a syntax error (Node's import() error carries neither
 * for JavaScript, so the entry is checked with `node --check`, which prints
 * both; esbuild's message names them for TypeScript).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadWasmApp } from "../wasm-app/load.js";
import type { SlotApp } from "../slot/contract.js";
import type { App } from "../app/app.js";
import { isServable } from "../slot/app-adapter.js";
import { UsageError } from "./usage-error.js";

export const TYPESCRIPT_ENTRY = /\.(ts|mts|cts|tsx)$/;
export const TSX_HINT = "npm i -D tsx";
/** Set by `serve --watch` for the server it runs under `tsx watch`: tsx's hooks are already in place. */
export const ENV_TSX_LOADED = "ASEDGE_TSX_LOADED";

/** An entry that exists but cannot be loaded (exit 1). */
export class EntryError extends Error {}

/** tsx's package folder, from `dir` (the user's project) or from asedge's; undefined when not installed. */
function tsxRoot(dir: string): string | undefined {
  for (const from of [resolve(dir, "noop.js"), fileURLToPath(import.meta.url)]) {
    try {
      return dirname(createRequire(from).resolve("tsx/package.json"));
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/**
 * A file tsx exports (`subpath` as in its package.json: "./esm/api",
 * "./cli"), as `import` would resolve it; undefined when tsx is not installed.
 */
export function resolveTsx(subpath: string, dir: string): string | undefined {
  const root = tsxRoot(dir);
  if (!root) return undefined;
  const target = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).exports[subpath];
  const file = typeof target === "string" ? target : target?.import?.default;
  return file ? join(root, file) : undefined;
}

async function registerTypeScript(entry: string, shown: string): Promise<void> {
  if (process.env[ENV_TSX_LOADED]) return;
  const esm = resolveTsx("./esm/api", dirname(entry));
  const cjs = resolveTsx("./cjs/api", dirname(entry));
  if (esm && cjs) {
    (await import(pathToFileURL(esm).href)).register();
    (await import(pathToFileURL(cjs).href)).register();
    return;
  }
  if ((process.features as { typescript?: string | false }).typescript) return;
  throw new EntryError(`${shown}: TypeScript entries run through tsx, which is not installed: ${TSX_HINT} (or serve the compiled .js)`);
}

/** The loaders' frames (Node's internals, tsx, esbuild, this CLI) say nothing about the user's code. */
const LOADER_FRAME = /^\s+at .*(node:internal|[\\/]node_modules[\\/](tsx|esbuild)[\\/])/;
const CLI_FRAMES = new URL("../cli", import.meta.url).href;

/** The error as a user reads it: message + the frames of their code. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // esbuild: "Transform failed with 1 error:\n/abs/app.ts:2:18: ERROR: Unexpected ";"": the message has file and line.
  if (error.name === "TransformError") return `SyntaxError: ${error.message}`;
  const stack = (error.stack ?? `${error.name}: ${error.message}`).split("\n");
  return stack.filter((line) => !LOADER_FRAME.test(line) && !line.includes(CLI_FRAMES)).join("\n");
}

/** `node --check file`'s report ("file:2\n<line>\n   ^\n\nSyntaxError: …"), or undefined when it parses. */
function checkSyntax(file: string): string | undefined {
  const result = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
  if (result.status === 0) return undefined;
  // Its last lines are the checker's own frame and "Node.js v20…".
  return result.stderr.replace(/\n\s+at checkSyntax \(node:internal[^\n]*/, "").replace(/\n+Node\.js v[\d.]+\s*$/, "").trim();
}

/** Import `entry` (a path as the user gave it) and return the App it exports. */
export async function loadEntry(entry: string): Promise<App | SlotApp> {
  const file = resolve(entry);
  if (!existsSync(file)) throw new UsageError(`${entry}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`${entry}: is a directory, expected an app module or .wasm`);
  if (file.endsWith(".wasm")) return loadWasmApp(file);
  if (TYPESCRIPT_ENTRY.test(file)) await registerTypeScript(file, entry);
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const syntax = error instanceof SyntaxError && !TYPESCRIPT_ENTRY.test(file) ? checkSyntax(file) : undefined;
    throw new EntryError(`${entry} failed to load:\n${syntax ?? describe(error)}`);
  }
  return appOf(module, entry);
}

function isApp(value: unknown): value is App | SlotApp {
  return isServable(value);
}

function appOf(module: Record<string, unknown>, entry: string): App | SlotApp {
  // A CommonJS module (tsx compiles a .ts outside a "type": "module" package to one) nests its exports in default.
  const nested = module.default as Record<string, unknown> | undefined;
  const app = [module.default, module.app, nested?.default, nested?.app].find(isApp);
  if (!app) throw new EntryError(`${entry}: expected an App as the default export or as \`app\``);
  return app;
}
