/**
 * `npm run bench:reliability [name…]`: the reliability scripts one after
 * another (all, or those named: fuzz, slowloris, soak, idle, faults), each
 * with its defaults; each writes its section of bench/results/reliability.md.
 * Build first: `npm run build`. Takes ≈ 20 min with the 10-minute soak.
 */
import { execFileSync } from "node:child_process";

const SCRIPTS = ["fuzz", "slowloris", "idle", "faults", "soak"];
const dir = new URL(".", import.meta.url).pathname;
const wanted = process.argv.slice(2).filter((a) => a !== "--");
const unknown = wanted.filter((name) => !SCRIPTS.includes(name));
if (unknown.length) {
  console.error(`unknown script(s): ${unknown.join(", ")}; available: ${SCRIPTS.join(", ")}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : SCRIPTS) {
  console.log(`\n━━ ${name} ━━`);
  execFileSync("npx", ["vite-node", `${dir}${name}.ts`, ...(name === "fuzz" ? ["--write"] : [])], { stdio: "inherit" });
}
