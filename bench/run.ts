/**
 * `npm run bench [name…]`: runs the benchmarks one after another (all of them,
 * or those named: parser, router, json, node-host, worker, wasi). Each writes
 * its results to bench/results/<name>.md. Build first: `npm run build`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

const dir = new URL(".", import.meta.url).pathname;
const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).map((f) => f.slice(0, -".bench.ts".length)).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${all.join(", ")}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : all) {
  console.log(`\n━━ ${name} ━━`);
  execFileSync("npx", ["vite-node", `${dir}${name}.bench.ts`], { stdio: "inherit" });
}
