// Size report for the release .wasm: the full core, and the foundation alone
// (parser, arena and slot pool, response writer, boundary), whose budget of
// "< 64 KiB" tests/size.test.ts checks. `npm run size` prints both, raw and
// gzip; extra asc flags are passed on to compare optimizer settings
// (`npm run size -- -Oz`).
//
// The foundation variant is assembly/abi.ts itself, compiled with the same
// release target, with its router and JSON sections cut out (from their
// "── Router" / "── JSON" banner to the matching "── end" line) along with
// the imports of ./router… and ./json…. The cut copy exists only in memory
// (asc's readFile hook), so abi.ts stays the one file that exports functions.
// If a foundation function ever depends on the router or JSON, this build
// fails to compile, and tests/size.test.ts with it.
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ABI = "assembly/abi.ts";

/** Sections of abi.ts that are not the foundation: [first line, last line] markers. */
const OPTIONAL_SECTIONS = [
  [/^\/\/ ── Router\b.*$/m, /^\/\/ ── end router\b.*$/m],
  [/^\/\/ ── JSON\b.*$/m, /^\/\/ ── end json\b.*$/m],
];
const OPTIONAL_IMPORT = /^import\s*\{[^}]*\}\s*from\s*"\.\/(?:router|json)[^"]*";\n/gm;

/** abi.ts without its router and JSON sections. */
export function foundationSource(source) {
  let out = source;
  for (const [begin, end] of OPTIONAL_SECTIONS) {
    const b = begin.exec(out);
    const e = end.exec(out);
    if (!b || !e || e.index < b.index) throw new Error(`${ABI}: section marker ${begin} … ${end} not found`);
    out = out.slice(0, b.index) + out.slice(e.index + e[0].length);
  }
  return out.replace(OPTIONAL_IMPORT, "");
}

/**
 * Compile abi.ts (or, with `foundation`, its foundation part) with the
 * release target of asconfig.json, plus `extra` asc flags. Returns the .wasm
 * bytes (nothing is written to disk); throws with asc's messages on a
 * compile error.
 */
export async function buildCore({ foundation = false, extra = [] } = {}) {
  let binary = null;
  let errors = "";
  const { error } = await asc.main([
    "--config", "asconfig.json", "--target", "release",
    "--baseDir", ROOT, ...extra,
  ], {
    readFile(name, baseDir) {
      const path = resolve(baseDir, name);
      let text;
      try { text = readFileSync(path, "utf8"); } catch { return null; }
      return foundation && path === resolve(ROOT, ABI) ? foundationSource(text) : text;
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
