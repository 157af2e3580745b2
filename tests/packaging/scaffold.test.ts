// `asedge init` as a newcomer meets it: the package packed (`npm pack`), its
// CLI run from the tarball's files in a temp folder, the new project
// installed with that tarball (`npm install --prefer-offline`: from npm's
// cache where it can, the registry otherwise), then `npm start` answering a
// real request over a socket and stopping on a SIGTERM sent to npm, `npm
// test`, `tsc`, and for the Worker variant `wrangler deploy --dry-run`.
// The AssemblyScript variant is checked without installing its compilers
// (jco alone is ~370 MB; tests/node/build.test.ts builds from the installed
// package): its files, and that TypeScript resolves "asedge/assembly/app"
// through the package's exports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { exchange, rawRequest } from "../support/raw-http.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// The npm that came with node (node_modules/.bin/npm is npm 6, pulled in by as-pect).
const NPM = join(dirname(process.execPath), "npm");
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
const work = mkdtempSync(join(tmpdir(), "asedge-scaffold-"));
let tarball = "";
let packed: string[] = [];
/** The CLI as the tarball ships it. */
let cli = "";

/** Run a command to its end; a failure shows its output. */
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  expect(result.status, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** npm's environment without this run's npm_* variables (vitest may run under `npm test`). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_")));
}

beforeAll(() => {
  const pack = sh(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT);
  const [{ filename, files }] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, filename);
  packed = files.map((file) => file.path);
  mkdirSync(join(work, "unpacked"));
  sh("tar", ["xzf", tarball, "-C", join(work, "unpacked")], work);
  cli = join(work, "unpacked/package/dist/host/cli.js");
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("ships the templates and the AssemblyScript tsconfig, not the specs or the build stamp", () => {
    expect(packed).toContain("templates/init/base/src/app.ts");
    expect(packed).toContain("templates/init/base/_gitignore");
    expect(packed).toContain("templates/init/worker/wrangler.jsonc");
    expect(packed).toContain("assembly/tsconfig.json");
    expect(packed).toContain("assembly/app/index.ts");
    expect(packed.filter((path) => path.includes("__tests__") || path.endsWith("as-pect.d.ts") || path.endsWith(".build-stamp"))).toEqual([]);
  });
});

describe("asedge init", () => {
  it("writes a project, and refuses to write over one", () => {
    const init = sh(process.execPath, [cli, "init", "fresh"], work);
    expect(init.stdout).toBe(`asedge: created fresh in ${join(work, "fresh")}:\n` +
      "  .gitignore\n  package.json\n  src/app.test.ts\n  src/app.ts\n  tsconfig.json\n\n" +
      "Next:\n  cd fresh\n  npm install\n  npm start          # serves src/app.ts on http://localhost:3000\n  npm test\n");
    const again = spawnSync(process.execPath, [cli, "init", "fresh"], { cwd: work, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toBe("asedge: fresh already has .gitignore, package.json, src/app.test.ts, src/app.ts, tsconfig.json; nothing was written (init a new or an empty folder)\n");
    const pkg = JSON.parse(readFileSync(join(work, "fresh/package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "fresh", type: "module", engines: { node: ">=20" }, dependencies: { asedge: "^0.1.0" } });
    expect(Object.keys(pkg.scripts)).toEqual(["start", "dev", "test", "build"]);
    expect(Object.keys(pkg.devDependencies)).toEqual(["@types/node", "tsx", "typescript"]);
  });

  it("says how to install tsx when a TypeScript entry is served without it", () => {
    // The unpacked package has no node_modules, and neither has this folder: no tsx anywhere.
    const dir = join(work, "no-tsx");
    mkdirSync(dir);
    writeFileSync(join(dir, "app.ts"), "export default {};\n");
    const result = spawnSync(process.execPath, [cli, "serve", "app.ts"], { cwd: dir, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("asedge: app.ts: TypeScript entries run through tsx, which is not installed: npm i -D tsx (or serve the compiled .js)\n");
  });

  it("adds an AssemblyScript app whose import TypeScript resolves through the exports", () => {
    sh(process.execPath, [cli, "init", "as-app", "--assembly"], work);
    const project = join(work, "as-app");
    expect(readFileSync(join(project, "assembly/app.ts"), "utf8")).toContain('import { get, Context } from "asedge/assembly/app";');
    expect(JSON.parse(readFileSync(join(project, "assembly/tsconfig.json"), "utf8"))).toEqual({ extends: "asedge/assembly/tsconfig.json", include: ["./**/*.ts"] });
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.scripts["build:wasm"]).toBe("asedge build assembly/app.ts -o dist/app.wasm");
    expect(pkg.devDependencies).toMatchObject({ assemblyscript: "0.27.37", "@bytecodealliance/jco": "1.35.0" });
    // As an editor resolves it (NodeNext and Bundler both read exports), from the unpacked package.
    mkdirSync(join(project, "node_modules"));
    sh("ln", ["-s", join(work, "unpacked/package"), join(project, "node_modules/asedge")], project);
    for (const moduleResolution of [ts.ModuleResolutionKind.NodeNext, ts.ModuleResolutionKind.Bundler]) {
      const options = { moduleResolution, module: moduleResolution === ts.ModuleResolutionKind.NodeNext ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext };
      const app = ts.resolveModuleName("asedge/assembly/app", join(project, "assembly/app.ts"), options, ts.sys);
      // (TypeScript reports the symlink's target: the unpacked package.)
      expect(app.resolvedModule?.resolvedFileName).toBe(join(work, "unpacked/package/assembly/app/index.ts"));
      const writer = ts.resolveModuleName("asedge/assembly/json/canonical.ts", join(project, "assembly/app.ts"), { ...options, allowImportingTsExtensions: true, noEmit: true }, ts.sys);
      expect(writer.resolvedModule?.resolvedFileName).toBe(join(work, "unpacked/package/assembly/json/canonical.ts"));
    }
    const config = ts.readConfigFile(join(project, "node_modules/asedge/assembly/tsconfig.json"), ts.sys.readFile);
    expect(config.config).toEqual({ extends: "assemblyscript/std/assembly.json", include: ["./**/*.ts"] });
  });
});

/** `npm start` with PORT=0; resolves with the port once the server printed it. */
function npmStart(project: string) {
  return startServer(NPM, ["start"], project);
}

/**
 * A server command run with PORT=0 in a process group of its own (as a
 * terminal runs a command); resolves with the port and pid once it printed
 * its listening line.
 */
function startServer(command: string, args: string[], project: string) {
  const child = spawn(command, args, { cwd: project, env: { ...cleanEnv(), PORT: "0" }, detached: true });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const listening = new Promise<{ port: number; pid: number }>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = /listening on http:\/\/localhost:(\d+) \(bound to 0\.0\.0\.0:\d+: every interface; pid (\d+)\)/.exec(stdout);
      if (match) resolve({ port: Number(match[1]), pid: Number(match[2]) });
    });
    exited.then((code) => reject(new Error(`${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`)));
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each([
  ["node", [] as string[]],
  ["worker", ["--worker"]],
])("a new %s project from the tarball", (name, flags) => {
  const project = join(work, name);
  let install = { stdout: "", stderr: "" };

  beforeAll(() => {
    sh(process.execPath, [cli, "init", name, ...flags], work);
    install = sh(NPM, [...INSTALL, tarball], project, cleanEnv());
  }, 150_000);

  it("installs without warnings of ours", () => {
    expect(install.stderr).not.toMatch(/asedge/);
    expect(install.stderr).not.toMatch(/EBADENGINE/);
  });

  it("npm start serves src/app.ts over a socket, and stops when npm gets SIGTERM", async () => {
    const server = npmStart(project);
    const { port, pid } = await server.listening;
    const { responses } = await exchange(port, [rawRequest("GET", "/users/42"), rawRequest("GET", "/")], { expect: 2 });
    expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([[200, '{"id":"42"}'], [200, "Hello from asedge!"]]);
    // npm forwards the signal to its script, which exec'd the server.
    server.child.kill("SIGTERM");
    await server.exited;
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
    expect(server.output().stdout).toContain("asedge: SIGTERM: closing (finishing requests in flight)…\nasedge: closed\n");
  }, 30_000);

  it("npm test passes (node:test through tsx, app.request)", () => {
    const result = sh(NPM, ["test"], project, cleanEnv());
    expect(result.stdout).toMatch(/# tests 2\n# suites 0\n# pass 2\n# fail 0\n/);
  }, 60_000);

  it("npm run build type-checks and compiles src/ to dist/", () => {
    sh(NPM, ["run", "build"], project, cleanEnv());
    expect(existsSync(join(project, "dist/app.js"))).toBe(true);
  }, 60_000);

  it("says how to install hono when asedge/hono is imported without it", () => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", 'await import("asedge/hono")'], { cwd: project, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Error: asedge/hono needs hono, an optional peer dependency of asedge that is not installed: npm i hono");
  });

  // Only a Worker project bundles (defined only there: nothing is reported skipped).
  if (name === "worker") it("bundles as a Worker with wrangler deploy --dry-run", () => {
    const result = sh(join(project, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", join(project, "out")], project,
      { ...cleanEnv(), WRANGLER_SEND_METRICS: "false", CI: "1" });
    expect(result.stdout).toContain("--dry-run: exiting now.");
    const bundle = readFileSync(join(project, "out/worker.js"), "utf8");
    expect(bundle).toContain("Hello from asedge!");
    expect(bundle).not.toMatch(/from "node:/);
  }, 90_000);
});

describe("the README's quick start by hand, pasted into a new project", () => {
  it("runs as written (the tarball standing in for the registry's asedge) and serves app.ts", async () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /By hand, in a project of your own:[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "the README's by-hand block").toBeDefined();
    const lines = block!.split("\n").map((line) => line.replace(/\s+#.*$/, "")).filter((line) => line.trim() !== "");
    const serveLine = lines.pop()!;
    expect(serveLine).toBe("npx asedge serve app.ts");
    const project = join(work, "by-hand");
    mkdirSync(project);
    // The README's commands, with the node's own npm first on PATH, and the packed asedge where it says `npm install asedge`.
    const script = lines.join("\n").replace(/npm install asedge\b/, `npm install --prefer-offline --no-audit --no-fund ${tarball}`);
    sh("bash", ["-euo", "pipefail", "-c", script], project, { ...cleanEnv(), PATH: `${dirname(process.execPath)}:${process.env.PATH}` });
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).type).toBe("module");
    const server = startServer(join(dirname(process.execPath), "npx"), serveLine.split(" ").slice(1), project);
    let pid = 0;
    try {
      ({ pid } = await server.listening);
      const { responses } = await exchange((await server.listening).port, [rawRequest("GET", "/")]);
      expect([responses[0]?.status, responses[0]?.body.toString()]).toEqual([200, "hello"]);
    } finally {
      // npx does not pass a SIGTERM on to the server it started: signal the
      // whole group, as a terminal's Ctrl-C does (else the server outlives the test).
      process.kill(-server.child.pid!, "SIGTERM");
      await server.exited;
    }
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  }, 180_000);
});
