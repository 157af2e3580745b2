// `asedge build`: a user's AssemblyScript app → .wasm served by the Node host
// (no JS handler) and a wasi:http component beside it; from this repository
// and from the package as npm installs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadWasmApp, serve, type Server } from "../../host/index.js";
import { exchange, rawRequest } from "../support/raw-http.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(ROOT, "dist/host/cli.js");
const APP = fileURLToPath(new URL("../fixtures/hello-app.ts", import.meta.url));
// The npm that came with node (node_modules/.bin/npm is npm 6, pulled in by as-pect).
const NPM = join(dirname(process.execPath), "npm");
const COMPONENT_PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]; // layer 1: a component, not a core module
const out = mkdtempSync(join(tmpdir(), "asedge-build-"));
let server: Server | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("asedge build", () => {
  it("compiles an AssemblyScript app into a servable .wasm and a component", async () => {
    const wasm = join(out, "hello.wasm");
    const result = spawnSync(process.execPath, [CLI, "build", APP, "-o", wasm], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`built ${wasm}`);

    server = await serve(loadWasmApp(wasm), { port: 0, hostname: "127.0.0.1" });
    const { responses } = await exchange(server.port, [rawRequest("GET", "/hello/w%C3%B6rld"), rawRequest("GET", "/nope")], { expect: 2, gapMs: 20 });
    expect(responses[0].body.toString()).toBe("hello wörld");
    expect(responses[1].status).toBe(404);

    const component = readFileSync(join(out, "hello.component.wasm"));
    expect([...component.subarray(0, 8)]).toEqual(COMPONENT_PREAMBLE);
  }, 120_000);

  it("explains its usage", () => {
    const result = spawnSync(process.execPath, [CLI, "build"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`asedge build: expected an app file: asedge build <app.ts>\nRun "asedge build --help" for usage.\n`);
  });
});

describe("asedge build from the installed package", () => {
  // `npm pack` + `npm install <tarball>` into a fresh project: the files a user gets.
  const project = mkdtempSync(join(tmpdir(), "asedge-installed-"));
  const installed = join(project, "node_modules/asedge");
  const installedCli = join(installed, "dist/host/cli.js");
  let packed: string[] = [];
  let installedServer: Server | undefined;

  beforeAll(() => {
    const pack = spawnSync(NPM, ["pack", "--ignore-scripts", "--json", "--pack-destination", project], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    packed = files.map((file) => file.path);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-app", private: true }));
    const install = spawnSync(NPM, ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", join(project, filename)], { cwd: project, encoding: "utf8" });
    expect(install.status, install.stderr).toBe(0);
    writeFileSync(join(project, "app.ts"), [
      'import { get, Context } from "asedge/assembly/app";',
      "function user(c: Context): void {",
      '  c.text("user " + c.req.param("id")!);',
      "}",
      'get("/users/:id", user);',
    ].join("\n"));
  }, 60_000);

  afterAll(async () => {
    await installedServer?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it("ships the release .wasm and the encoded WIT world, not the debug build", () => {
    expect(packed).toContain("dist/build/asedge.wasm");
    expect(packed).toContain("wit/world.wasm");
    expect(packed.filter((path) => path.includes(".debug."))).toEqual([]);
  });

  it("names the packages to install when the optional compilers are missing", () => {
    const result = spawnSync(process.execPath, [installedCli, "build", "app.ts"], { cwd: project, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("npm i -D assemblyscript@0.27.37 @bytecodealliance/jco@1.35.0");
  });

  it("builds an app importing \"asedge/assembly/app\" that the installed Node host serves", async () => {
    // The optional peers, as the user installs them (linked from this repository: offline).
    mkdirSync(join(project, "node_modules/@bytecodealliance"));
    symlinkSync(join(ROOT, "node_modules/assemblyscript"), join(project, "node_modules/assemblyscript"));
    symlinkSync(join(ROOT, "node_modules/@bytecodealliance/jco"), join(project, "node_modules/@bytecodealliance/jco"));

    const result = spawnSync(process.execPath, [installedCli, "build", "app.ts", "-o", "out/app.wasm"], { cwd: project, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);

    const host = await import(pathToFileURL(join(installed, "dist/host/index.js")).href) as typeof import("../../host/index.js");
    installedServer = await host.serve(host.loadWasmApp(join(project, "out/app.wasm")), { port: 0, hostname: "127.0.0.1" });
    const { responses } = await exchange(installedServer.port, [rawRequest("GET", "/users/7")]);
    expect(responses[0].status).toBe(200);
    expect(responses[0].body.toString()).toBe("user 7");
    const component = readFileSync(join(project, "out/app.component.wasm"));
    expect([...component.subarray(0, 8)]).toEqual(COMPONENT_PREAMBLE);
  }, 180_000);
});
