/**
 * `asedge init [dir] [--worker] [--assembly]`: a new project that runs as
 * soon as it is installed (`npm install`, `npm start`, `npm test`).
 *
 * Files come from templates/init/ in the package: base/ always, then
 * worker/ (--worker: the app on "asedge/worker", a Worker entry and
 * wrangler.jsonc) and assembly/ (--assembly: an AssemblyScript app and its
 * tsconfig), a later layer replacing a file of an earlier one. package.json
 * is written here: its scripts and dependencies depend on the layers, and
 * the versions are the ones this asedge is built and tested with (its own
 * devDependencies), so a new project starts on a known-good set.
 *
 * Choices: TypeScript runs through tsx (asedge serve src/app.ts; the same
 * loader runs the tests), tests use node:test (built into Node: nothing more
 * to install, and tsx already handles TypeScript); `start` execs the server,
 * so a signal sent to npm's shell reaches it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATES = fileURLToPath(new URL("../../../templates/init/", import.meta.url));
const PACKAGE_JSON = new URL("../../../package.json", import.meta.url);
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);
/** npm drops .gitignore from packages, so the template is named _gitignore. */
const RENAMED: Record<string, string> = { _gitignore: ".gitignore" };

export interface InitChoices {
  /** A Cloudflare Worker entry and wrangler.jsonc. */
  worker: boolean;
  /** An AssemblyScript app and its tsconfig. */
  assembly: boolean;
}

/** Every file of a template layer: path in the project → template path. */
function layer(name: string): Map<string, string> {
  const root = join(TEMPLATES, name);
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath ?? entry.path, entry.name);
    const path = relative(root, from).split("/").map((part) => RENAMED[part] ?? part).join("/");
    files.set(path, from);
  }
  return files;
}

/** A package name npm accepts, from the folder's name. */
function packageName(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._~-]+/g, "-").replace(/^[._-]+|-+$/g, "");
  return name || "asedge-app";
}

/** package.json of the new project. */
export function projectPackage(name: string, choices: InitChoices): Record<string, unknown> {
  const own = JSON.parse(readFileSync(PACKAGE_JSON, "utf8"));
  const pin = (dep: string) => `^${own.devDependencies[dep]}`;
  const scripts: Record<string, string> = {
    start: "exec asedge serve src/app.ts",
    dev: "asedge serve src/app.ts --watch",
    test: "node --import tsx --test src/*.test.ts",
    build: "tsc",
  };
  const devDependencies: Record<string, string> = {
    "@types/node": pin("@types/node"),
    tsx: pin("tsx"),
    typescript: pin("typescript"),
  };
  if (choices.worker) {
    scripts["dev:worker"] = "wrangler dev";
    scripts.deploy = "wrangler deploy";
    // Recent wrangler releases need Node 22 (4.164: >= 22.12); the one asedge
    // tests with runs on Node 20. On an older Node, that exact version (npm
    // would otherwise take the newest 4.x).
    devDependencies.wrangler = NODE_MAJOR >= 22 ? pin("wrangler") : own.devDependencies.wrangler;
  }
  if (choices.assembly) {
    scripts["build:wasm"] = "asedge build assembly/app.ts -o dist/app.wasm";
    scripts.build = "tsc && npm run build:wasm";
    scripts["start:wasm"] = "exec asedge serve dist/app.wasm";
    // asedge build needs exactly the compiler versions asedge is built with.
    devDependencies.assemblyscript = own.devDependencies.assemblyscript;
    devDependencies["@bytecodealliance/jco"] = own.devDependencies["@bytecodealliance/jco"];
  }
  return {
    name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: own.engines.node },
    scripts,
    dependencies: { asedge: `^${own.version}` },
    devDependencies: Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Write the project into `dir`; returns the process exit code. */
export async function runInit(dir: string, choices: InitChoices): Promise<number> {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    process.stderr.write(`asedge: ${dir} exists and is not a directory\n`);
    return 1;
  }
  const name = packageName(dir);
  const files = new Map<string, string>();
  for (const part of ["base", choices.worker && "worker", choices.assembly && "assembly"]) {
    if (part) for (const [path, from] of layer(part)) files.set(path, readFileSync(from, "utf8").replaceAll("{{name}}", name));
  }
  files.set("package.json", `${JSON.stringify(projectPackage(name, choices), null, 2)}\n`);
  const taken = [...files.keys()].sort().filter((path) => existsSync(join(target, path)));
  if (taken.length) {
    process.stderr.write(`asedge: ${dir} already has ${taken.join(", ")}; nothing was written (init a new or an empty folder)\n`);
    return 1;
  }
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    mkdirSync(join(target, path, ".."), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  const cd = target === process.cwd() ? "" : `  cd ${relative(process.cwd(), target) || "."}\n`;
  process.stdout.write(`asedge: created ${name} in ${target}:\n${[...files.keys()].sort().map((path) => `  ${path}\n`).join("")}\n` +
    `Next:\n${cd}  npm install\n  npm start          # serves src/app.ts on http://localhost:3000\n  npm test\n` +
    (choices.worker ? "  npm run dev:worker # the same app in wrangler dev\n" : "") +
    (choices.assembly ? "  npm run build:wasm # the AssemblyScript app → dist/app.wasm\n" : ""));
  return 0;
}
