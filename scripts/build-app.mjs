// Compile an AssemblyScript app together with the asedge core into one .wasm
// (the core's boundary assembly/abi.ts + assembly/app/entry.ts + the app
// file), with the arena runtime so that
// per-request allocations live in the request's arena. Used by
// `npm run build` (the reference app) and by `asedge build`.
//
//   node scripts/build-app.mjs <app.ts> <out.wasm>
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join, relative, resolve, sep } from "node:path";
import { importPeer } from "./peers.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ASSEMBLY = join(ROOT, "assembly");

/** The deepest folder holding both paths (asc must see the core and the app under one base). */
function commonBase(a, b) {
  const x = a.split(sep), y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}

// An app imports the API as "asedge/assembly/app". asc would compile that as
// a library file (~lib/asedge/assembly/…) while the entry and the runtime
// come in by path: the same core twice under two names (duplicate
// identifiers). The specifier is rewritten to the relative path to this
// package's assembly/, so every file of the core has one name.
const PACKAGE_IMPORT = /(\b(?:from|import)\s*)(["'])asedge\/assembly\//g;

/** asc's readFile, with "asedge/assembly/…" imports resolved to this package. */
async function readSource(name, baseDir) {
  const path = resolve(baseDir, name);
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  const assembly = relative(dirname(path), ASSEMBLY).split(sep).join("/");
  const prefix = assembly.startsWith(".") ? assembly : `./${assembly}`;
  return text.replace(PACKAGE_IMPORT, (_, keyword, quote) => `${keyword}${quote}${prefix}/`);
}

/** Entry files of a slot-host app: the core's boundary, then the app's own calls. */
export const APP_ENTRIES = ["assembly/abi.ts", "assembly/app/entry.ts"];

/**
 * Build `appFile` (any path) with the `entries` (repo-relative) into
 * `outFile`; returns asc's error output (empty on success). Paths are given
 * relative to one base so that the app's imports of asedge's assembly/app
 * and the entries' own resolve to the same files.
 */
export async function buildApp(appFile, outFile, { entries = APP_ENTRIES, extra = [] } = {}) {
  const { default: asc } = await importPeer("assemblyscript/asc");
  let stderrText = "";
  const stderr = { write(chunk) { stderrText += chunk; return true; } };
  const app = resolve(appFile);
  const base = commonBase(ROOT, dirname(app));
  const fromBase = (path) => relative(base, path);
  const { error } = await asc.main([
    ...entries.map((entry) => fromBase(join(ROOT, entry))), fromBase(app),
    "--config", "/dev/null", // not the core's asconfig.json (its entries and runtime)
    "--runtime", "./" + fromBase(join(ROOT, "assembly/runtime/arena-runtime")),
    "--transform", join(ROOT, "assembly/runtime/no-shadow-stack.mjs"),
    "--use", "abort=",
    "-O3", "--noAssert",
    "--baseDir", base,
    "-o", resolve(outFile),
    ...extra,
  ], { stdout: { write: () => true }, stderr, readFile: readSource });
  return error ? stderrText || String(error) : "";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [appFile, outFile] = process.argv.slice(2);
  if (!appFile || !outFile) {
    process.stderr.write("usage: node scripts/build-app.mjs <app.ts> <out.wasm>\n");
    process.exit(2);
  }
  const errors = await buildApp(appFile, outFile);
  if (errors) {
    process.stderr.write(errors);
    process.exit(1);
  }
}
