// Build an AssemblyScript app as a wasi:http@0.2.0 component:
//   1. asc: assembly/wasi/entry.ts + the app → core module (scripts/build-app.mjs)
//   2. pre-initialise it with Wizer: instantiate it (the start function
//      registers the routes), call its `initialize` export (slot pool, router
//      lookup tables), and write the instance's memory and globals back as the
//      module's data; the result has no start function and `initialize` is a
//      no-op. Skipped with --no-preinit: handle() then initialises the instance
//      on its first request.
//   3. rename its `handle` export to "wasi:http/incoming-handler@0.2.0#handle"
//      (AssemblyScript cannot spell that name)
//   4. append the world's component-type section (wit/world.wasm, encoded by
//      scripts/encode-world.mjs) and wrap the module: jco's componentNew
//
//   node scripts/build-component.mjs <app.ts> <out.component.wasm> [--no-preinit]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./build-app.mjs";
import { EMPTY_MODULE, WORLD_FILE } from "./encode-world.mjs";
import { importPeer } from "./peers.mjs";
import { rewriteExports } from "./wasm-exports.mjs";

export const HANDLE_EXPORT = "wasi:http/incoming-handler@0.2.0#handle";

/** Rewrite the export section with export `from` named `to`. */
export function renameExport(wasm, from, to) {
  let renamed = false;
  const out = rewriteExports(wasm, (name) => {
    if (name !== from) return name;
    renamed = true;
    return to;
  });
  if (!renamed) throw new Error(`build-component: no export named ${from}`);
  return out;
}

/** The core module's start-up export, run by Wizer at build time. */
export const INIT_EXPORT = "initialize";

/** How to get Wizer (jco installs it too, through ComponentizeJS). */
export const WIZER_INSTALL = "npm i -D -E @bytecodealliance/wizer@10.0.0";

/** The Wizer binary from @bytecodealliance/wizer (its default export is the path). */
async function wizerBinary() {
  try {
    return (await import("@bytecodealliance/wizer")).default;
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" && !/could not be found/.test(error?.message)) throw error;
    throw new Error(`pre-initialising the component needs @bytecodealliance/wizer: ${WIZER_INSTALL} (or build with --no-preinit)`);
  }
}

/**
 * Run the module's start function and INIT_EXPORT (or `initFunc`) under Wizer
 * and return the snapshot: a module without a start function whose data is
 * the initialised memory. The export is kept (a no-op now), so hosts and
 * tests may call it, unless `keepInitFunc` is false.
 */
export async function preinitialise(core, { initFunc = INIT_EXPORT, keepInitFunc = true } = {}) {
  const binary = await wizerBinary();
  const work = mkdtempSync(join(tmpdir(), "asedge-wizer-"));
  try {
    writeFileSync(join(work, "in.wasm"), core);
    execFileSync(binary, [join(work, "in.wasm"), "-o", join(work, "out.wasm"), "--init-func", initFunc, "--keep-init-func", String(keepInitFunc)],
      { stdio: ["ignore", "ignore", "pipe"] });
    return readFileSync(join(work, "out.wasm"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The component's core module for `appFile`: asc, then (unless `preinit` is
 * false) Wizer. Returns the module's bytes, export not yet renamed.
 */
export async function buildCore(appFile, { preinit = true } = {}) {
  const work = mkdtempSync(join(tmpdir(), "asedge-component-"));
  try {
    const core = join(work, "core.wasm");
    const errors = await buildApp(appFile, core, { entries: ["assembly/wasi/entry.ts"] });
    if (errors) throw new Error(errors);
    const bytes = readFileSync(core);
    return preinit ? await preinitialise(bytes) : bytes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A core module (from buildCore) as a wasi:http component. */
export async function componentOf(core) {
  const { componentNew } = await importPeer("@bytecodealliance/jco");
  const renamed = renameExport(core, "handle", HANDLE_EXPORT);
  const worldSections = readFileSync(WORLD_FILE).subarray(EMPTY_MODULE.length);
  return Buffer.from(await componentNew(Buffer.concat([renamed, worldSections])));
}

/**
 * Build `appFile` into a wasi:http component at `outFile`, pre-initialised
 * unless `preinit` is false; returns the core module's size.
 */
export async function buildComponent(appFile, outFile, { preinit = true } = {}) {
  await importPeer("@bytecodealliance/jco"); // before compiling: say early when it is missing
  const core = await buildCore(appFile, { preinit });
  writeFileSync(resolve(outFile), await componentOf(core));
  return core.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const preinit = !args.includes("--no-preinit");
  const [appFile, outFile, ...rest] = args.filter((arg) => arg !== "--no-preinit");
  if (!appFile || !outFile || rest.length) {
    process.stderr.write("usage: node scripts/build-component.mjs <app.ts> <out.component.wasm> [--no-preinit]\n");
    process.exit(2);
  }
  try {
    await buildComponent(appFile, outFile, { preinit });
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
