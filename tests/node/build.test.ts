// `asedge build`: a user's AssemblyScript app → .wasm served by the Node host
// (no JS handler) and a wasi:http component beside it.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadWasmApp, serve, type Server } from "../../host/index.js";
import { exchange, rawRequest } from "../support/raw-http.js";

const CLI = fileURLToPath(new URL("../../dist/host/cli.js", import.meta.url));
const APP = fileURLToPath(new URL("../fixtures/hello-app.ts", import.meta.url));
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

    // A component, not a core module: layer 1 in the preamble.
    const component = readFileSync(join(out, "hello.component.wasm"));
    expect([...component.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
  }, 120_000);

  it("explains its usage", () => {
    const result = spawnSync(process.execPath, [CLI, "build"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage: asedge build <app.ts>");
  });
});
