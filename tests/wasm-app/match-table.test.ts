// One match-table routine (assembly/router/match-table.ts) for every host: a
// route set whose table outgrows the first try answers the same from an
// AssemblyScript app as from a TypeScript app (it used to be 500 from the
// AssemblyScript app, which sized the table its own way and never retried).
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, WasmFetchApp } from "../../host/index.js";
// @ts-expect-error -- a build script without types
import { buildApp } from "../../scripts/build-app.mjs";

const APP = fileURLToPath(new URL("../fixtures/many-matches-app.ts", import.meta.url));
const PATTERN = "/:a/:b/:c/:d/:e/:f/:g/:h/:i/:j";
const PATH = "/1/2/3/4/5/6/7/8/9/0";
const out = mkdtempSync(join(tmpdir(), "asedge-match-table-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("a match table larger than the first try", () => {
  it("answers the same from a TypeScript app and an AssemblyScript app", async () => {
    const ts = new App();
    for (let i = 0; i < 20; i++) ts.use(PATTERN, (_c, next) => next());
    ts.get(PATTERN, (c) => c.text(`j=${c.req.param("j")}`));
    const tsResponse = await ts.request(PATH);

    const wasm = join(out, "many.wasm");
    expect(await buildApp(APP, wasm)).toBe("");
    const as = new WasmFetchApp(new WebAssembly.Module(readFileSync(wasm)));
    const asResponse = await as.fetch(new Request(`http://localhost${PATH}`));

    expect([tsResponse.status, await tsResponse.text()]).toEqual([200, "j=0"]);
    expect([asResponse.status, await asResponse.text()]).toEqual([200, "j=0"]);
  }, 60_000);
});
