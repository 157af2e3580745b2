// asedge/hono on each platform: the router built from a module or an instance
// the caller passes, the package's Node entry (default condition), and a
// user's Hono Worker bundled by wrangler and run in real workerd (the
// `workerd` condition: the core imported as a precompiled module, no node:fs).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";
import { Hono } from "hono";
import { coreModule } from "../../host/wasm.js";
import { WasmRouter } from "../../host/hono/index.js";
import { COMPATIBILITY_DATE } from "../worker/miniflare.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

describe("new WasmRouter(core)", () => {
  for (const [kind, core] of [
    ["a compiled module", () => coreModule()],
    ["a fresh instance", () => new WebAssembly.Instance(coreModule(), {})],
  ] as const) {
    it(`routes on ${kind}`, async () => {
      const app = new Hono({ router: new WasmRouter(core()) });
      app.get("/users/:id", (c) => c.text(`user ${c.req.param("id")}`));
      expect(await (await app.request("/users/7")).text()).toBe("user 7");
      expect((await app.request("/nope")).status).toBe(404);
    });
  }
});

describe("asedge/hono under Node (the default condition)", () => {
  it("serves a Hono app with the core read from disk", async () => {
    const script = `
      import { Hono } from "hono";
      import { WasmRouter } from "asedge/hono";
      const app = new Hono({ router: new WasmRouter() }).get("/hello/:name", (c) => c.text("Hi, " + c.req.param("name")));
      const response = await app.request("/hello/node");
      console.log(response.status, await response.text());`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT });
    expect(stdout.trim()).toBe("200 Hi, node");
  });
});

describe("a user's Hono Worker on WasmRouter, bundled by wrangler", () => {
  const outdir = mkdtempSync(join(tmpdir(), "asedge-hono-worker-"));
  let mf: Miniflare | undefined;

  beforeAll(async () => {
    await run(process.execPath, [
      join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir,
      "--name", "asedge-hono-worker", "tests/router/hono-user-worker.ts",
    ], { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
    mf = new Miniflare({
      modules: true, scriptPath: join(outdir, "hono-user-worker.js"), modulesRoot: outdir,
      modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: COMPATIBILITY_DATE,
    });
    await mf.ready;
  });
  afterAll(async () => {
    await mf?.dispose();
    rmSync(outdir, { recursive: true, force: true });
  });

  it("carries the core once, as a module, and nothing Node-only", () => {
    const wasm = readdirSync(outdir).filter((name) => name.endsWith(".wasm"));
    expect(wasm).toHaveLength(1);
    expect(statSync(join(outdir, wasm[0])).size).toBe(statSync(join(ROOT, "build/asedge.wasm")).size);
    const js = readFileSync(join(outdir, "hono-user-worker.js"), "utf8");
    expect(js).toContain(`from "./${wasm[0]}"`);
    expect(js).not.toMatch(/from "node:/);
  });

  it("routes requests in workerd", async () => {
    const user = await mf!.dispatchFetch("http://localhost/users/42");
    expect(user.status).toBe(200);
    expect(user.headers.get("x-router")).toBe("WasmRouter");
    expect(await user.json()).toEqual({ id: "42" });
    expect(await (await mf!.dispatchFetch("http://localhost/files/a/b.txt")).text()).toBe("file /files/a/b.txt");
    expect((await mf!.dispatchFetch("http://localhost/users/abc")).status).toBe(404);
  });
});
