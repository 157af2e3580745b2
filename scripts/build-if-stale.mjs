// `npm run build` unless dist/ is newer than every source. `npm start`,
// `npm test` and `prepack` (npm pack, npm publish) run it: CI's `npm ci` then
// `npm test` builds once, and packing after a build rebuilds nothing. There
// is no `prepare`: npm would list it among the install scripts of every
// project that installs asedge (it runs only for git and folder installs).
//
//   node scripts/build-if-stale.mjs
//
// Sources: every file under the folders and the config files below (the
// generated wit/world.wasm excepted). The stamp, dist/.build-stamp, is
// written after a build that succeeded; a missing stamp or output builds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_DIRS = ["assembly", "host", "worker", "scripts", "wit"];
const SOURCE_FILES = ["asconfig.json", "package.json", "tsconfig.json", "tsconfig.build.json"];
const GENERATED = new Set([join(ROOT, "wit/world.wasm")]);
const OUTPUTS = ["build/asedge.wasm", "build/reference-app.wasm", "build/reference-app.component.wasm", "dist/host/index.js"];
const STAMP = join(ROOT, "dist/.build-stamp");

function newestSource() {
  let newest = 0;
  const visit = (path) => {
    if (GENERATED.has(path) || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const name of [...SOURCE_DIRS, ...SOURCE_FILES]) visit(join(ROOT, name));
  return newest;
}

const fresh = existsSync(STAMP) && OUTPUTS.every((path) => existsSync(join(ROOT, path))) && statSync(STAMP).mtimeMs >= newestSource();
if (!fresh) {
  // The npm running this script (npm_execpath), else the one beside node.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: ROOT, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
