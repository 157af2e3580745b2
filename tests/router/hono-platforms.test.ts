// asedge/hono on each platform: the router built from a module or an instance
// the caller passes, the package's Node entry (default condition), and a
// user's Hono Worker bundled by wrangler and run in real workerd (the
// `workerd` condition: the core imported as a precompiled module, no node:fs).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { coreModule } from "../../host/node/core-file.js";
import { WasmRouter } from "../../host/hono/index.js";
import { bundleUserWorker, ROOT, type BundledWorker } from "../support/user-worker.js";

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
  let worker: BundledWorker;

  beforeAll(async () => {
    worker = await bundleUserWorker("tests/router/hono-user-worker.ts");
  });
  afterAll(() => worker?.dispose());

  it("carries the core once, as a module, and nothing Node-only", () => {
    worker.expectOneCoreModule();
  });

  it("routes requests in workerd", async () => {
    const user = await worker.mf.dispatchFetch("http://localhost/users/42");
    expect(user.status).toBe(200);
    expect(user.headers.get("x-router")).toBe("WasmRouter");
    expect(await user.json()).toEqual({ id: "42" });
    expect(await (await worker.mf.dispatchFetch("http://localhost/files/a/b.txt")).text()).toBe("file /files/a/b.txt");
    expect((await worker.mf.dispatchFetch("http://localhost/users/abc")).status).toBe(404);
  });
});
