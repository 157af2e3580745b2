// Compile the core (asconfig.json: release, then debug) as `asc --config
// asconfig.json --target <t>` does, without asc's "Last converge was
// suboptimal." note: with `converge`, asc optimizes until the binary stops
// shrinking and says so when the last round grew it by a few bytes; that is
// expected, not something to act on, and it was the only output of a build.
//
// The release build is then made quick to start (V8 instantiates it once per
// core, in every process and Worker isolate):
//   - pre-initialised with Wizer: its start function (tables built in memory,
//     the empty route tree) runs at build time and the memory it left is the
//     module's data, so instantiating runs and lazily compiles none of it;
//   - its constant exports (layout offsets, codes: every exported global but
//     HOST_GLOBALS) dropped: V8 makes a WebAssembly.Global object for each
//     exported global at every instantiation (≈ 0.2 ms for ~110 of them) and
//     no host reads them. The debug build keeps them, and the start function:
//     tests check the TypeScript mirror against it (tests/support/debug-core.ts).
//
//   node scripts/build-core.mjs   (imported, it only exports HOST_GLOBALS)
import asc from "assemblyscript/asc";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXPORT_KIND, rewriteExports } from "./wasm-exports.mjs";
import { preinitialise } from "./build-component.mjs";

const CONVERGE_NOTE = /^Last converge was suboptimal\.\r?\n/m;
const RELEASE_FILE = new URL("../build/asedge.wasm", import.meta.url);
/** The release build's start function, exported under this name for Wizer (which then drops it). */
const START_EXPORT = "asedgeStart";
/** Globals the hosts read from the release build. */
export const HOST_GLOBALS = ["ERROR_RESPONSE_PTR"];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const target of ["release", "debug"]) {
    let text = "";
    const stderr = { write(chunk) { text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
    const startFlags = target === "release" ? ["--exportStart", START_EXPORT] : [];
    const { error } = await asc.main(["--config", "asconfig.json", "--target", target, ...startFlags], { stdout: process.stdout, stderr });
    process.stderr.write(text.replace(CONVERGE_NOTE, ""));
    if (error) {
      process.exitCode = 1;
      break;
    }
    if (target === "release") {
      const snapshot = await preinitialise(readFileSync(RELEASE_FILE), { initFunc: START_EXPORT, keepInitFunc: false });
      writeFileSync(RELEASE_FILE, rewriteExports(snapshot, (name, kind) => (kind !== EXPORT_KIND.global || HOST_GLOBALS.includes(name) ? name : null)));
    }
  }
}
