// A user's Worker that imports "asedge/worker" by name, bundled by wrangler
// (`deploy --dry-run`, no credentials) and run in workerd: the package's
// `workerd` export condition, the CompiledWasm import, one core per bundle.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleUserWorker, ROOT, type BundledWorker } from "../support/user-worker.js";

let worker: BundledWorker;

beforeAll(async () => {
  worker = await bundleUserWorker("tests/worker/user-worker.ts", { GREETING: "Hi" });
});
afterAll(() => worker?.dispose());

describe("a user's Worker bundled by wrangler", () => {
  it("carries the core once, as a module, and nothing Node-only", () => {
    worker.expectOneCoreModule();
  });

  it("serves its routes with the Worker's env", async () => {
    const response = await worker.mf.dispatchFetch("http://localhost/hello/workerd");
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
