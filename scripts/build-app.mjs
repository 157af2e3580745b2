// Compile an AssemblyScript app together with the asedge core into one .wasm
// (assembly/app/entry.ts + the app file), with the arena runtime so that
// per-request allocations live in the request's arena. Used by
// `npm run build` (the reference app) and by `asedge build`.
//
//   node scripts/build-app.mjs <app.ts> <out.wasm>
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";
import { dirname, relative, resolve } from "node:path";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** asc arguments shared by every app build; paths relative to the asedge root. */
export function appCompilerArgs(entry) {
  return [
    entry,
    "--config", "/dev/null", // not the core's asconfig.json (its entries and runtime)
    "--runtime", "./assembly/runtime/arena-runtime",
    "--transform", "./assembly/runtime/no-shadow-stack.mjs",
    "--use", "abort=",
    "-O3", "--noAssert",
  ];
}

/**
 * Build `appFile` (any path) with the app entry into `outFile`; returns asc's
 * error output (empty on success). asc resolves sources from the asedge root.
 */
export async function buildApp(appFile, outFile, { entry = "assembly/app/entry.ts", extra = [] } = {}) {
  let stderrText = "";
  const stderr = { write(chunk) { stderrText += chunk; return true; } };
  const app = relative(ROOT, resolve(appFile));
  const { error } = await asc.main(
    [...appCompilerArgs(entry), app, "-o", resolve(outFile), "--baseDir", ROOT, ...extra],
    { stdout: { write: () => true }, stderr },
  );
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
