// A user's Worker that imports "asedge/worker" by name, bundled by wrangler
// (`deploy --dry-run`, no credentials) and run in workerd: the package's
// `workerd` export condition, the CompiledWasm import, one core per bundle.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";
import { COMPATIBILITY_DATE } from "./miniflare.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), "asedge-user-worker-"));
let mf: Miniflare | undefined;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir,
    "--name", "asedge-user-worker", "tests/worker/user-worker.ts",
  ], { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  mf = new Miniflare({
    modules: true, scriptPath: join(outdir, "user-worker.js"), modulesRoot: outdir,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: COMPATIBILITY_DATE, bindings: { GREETING: "Hi" },
  });
  await mf.ready;
});
afterAll(async () => {
  await mf?.dispose();
  rmSync(outdir, { recursive: true, force: true });
});

describe("a user's Worker bundled by wrangler", () => {
  it("carries the core once, as a module, and nothing Node-only", () => {
    const files = readdirSync(outdir);
    const wasm = files.filter((name) => name.endsWith(".wasm"));
    expect(wasm).toHaveLength(1);
    expect(statSync(join(outdir, wasm[0])).size).toBe(statSync(join(ROOT, "build/asedge.wasm")).size);
    const js = readFileSync(join(outdir, "user-worker.js"), "utf8");
    expect(js).toContain(`from "./${wasm[0]}"`);
    expect(js).not.toMatch(/from "node:/);
  });

  it("serves its routes with the Worker's env", async () => {
    const response = await mf!.dispatchFetch("http://localhost/hello/workerd");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Hi, workerd!");
  });
});

describe("asedge/worker under Node (the `node` condition)", () => {
  it("serves an app through app.request() with the core read from disk", async () => {
    const script = `
      import { App } from "asedge/worker";
      const app = new App().get("/hello/:name", (c) => c.text("Hi, " + c.req.param("name") + "!"));
      const response = await app.request("/hello/node");
      console.log(response.status, await response.text());`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT });
    expect(stdout.trim()).toBe("200 Hi, node!");
  });
});
