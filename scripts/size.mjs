// Size report for the release .wasm: the full core, and the foundation alone
// (parser, arena and slot pool, response writer, boundary), whose budget of
// "< 64 KiB" tests/size.test.ts checks. `npm run size` prints both, raw and
// gzip; extra asc flags are passed on to compare optimizer settings
// (`npm run size -- -Oz`).
//
// Each variant is its own entry file compiled with asconfig.json's options
// and release target: the full core is assembly/abi.ts, the foundation is
// assembly/foundation.ts (the part of the boundary abi.ts re-exports beside
// the router and JSON). tests/size.test.ts checks that the foundation build
// reads no file of assembly/router/ or assembly/json/ (`sources` lists the
// files asc read), exports what the full core does minus the router and
// JSON, and stays within its budget.
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, relative, resolve } from "node:path";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const FULL_ENTRY = "assembly/abi.ts";
export const FOUNDATION_ENTRY = "assembly/foundation.ts";

/**
 * asc flags for asconfig.json's options and release target ({"optimizeLevel":
 * 3} → --optimizeLevel 3, true → the bare flag, a list → the flag per item);
 * its output files and entries are left out (each build names its entry).
 */
export function releaseFlags() {
  const config = JSON.parse(readFileSync(resolve(ROOT, "asconfig.json"), "utf8"));
  const settings = { ...config.options, ...config.targets.release };
  const flags = [];
  for (const [name, value] of Object.entries(settings)) {
    if (name === "outFile" || name === "textFile") continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === true) flags.push(`--${name}`);
      else if (item !== false) flags.push(`--${name}`, String(item));
    }
  }
  return flags;
}

/**
 * Compile the full core (or, with `foundation`, the foundation entry) with
 * the release flags, plus `extra` asc flags. Returns the .wasm bytes (nothing
 * is written to disk) and pushes the repo-relative path of every source file
 * asc read onto `sources`; throws with asc's messages on a compile error.
 */
export async function buildCore({ foundation = false, extra = [], sources = [] } = {}) {
  let binary = null;
  let errors = "";
  const { error } = await asc.main([
    foundation ? FOUNDATION_ENTRY : FULL_ENTRY,
    "--config", "/dev/null", // not asconfig.json itself: its entries would be added to this one
    ...releaseFlags(), "--outFile", "core.wasm", "--baseDir", ROOT, ...extra,
  ], {
    readFile(name, baseDir) {
      const path = resolve(baseDir, name);
      let text;
      try { text = readFileSync(path, "utf8"); } catch { return null; }
      sources.push(relative(ROOT, path));
      return text;
    },
    writeFile(name, contents) {
      if (name.endsWith(".wasm")) binary = contents;
    },
    stdout: { write: () => true },
    stderr: { write(chunk) { errors += chunk; return true; } },
  });
  if (error || !binary) throw new Error(`asc (${foundation ? "foundation" : "full"}): ${errors || error}`);
  return binary;
}

/** Raw and gzip (level 9) byte counts. */
export function sizes(wasm) {
  return { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const extra = process.argv.slice(2);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  if (extra.length) console.log(`release target + ${extra.join(" ")}`);
  for (const [label, foundation] of [["full core (router, JSON)", false], ["foundation only", true]]) {
    const { raw, gzip } = sizes(await buildCore({ foundation, extra }));
    console.log(`${label.padEnd(26)} ${String(raw).padStart(7)} B (${kib(raw)})  gzip ${String(gzip).padStart(6)} B (${kib(gzip)})`);
  }
}
