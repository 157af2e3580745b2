// The one-rule checks for AssemblyScript apps, against the TypeScript App:
// - one match-table routine (assembly/slot/route.ts) for every host:
//   a route set whose table outgrows the first try answers the same from
//   both (the AS app used to size the table its own way, never retry, and
//   answer 500);
// - transport headers a handler sets are the writer's (assembly/response/rules.ts);
// - 205 sends no body and Content-Length: 0 (host/core/http-rules.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, loadWasmApp, serve, WasmFetchApp, type Server } from "../../host/index.js";
import { exchange, header, rawRequest } from "../support/raw-http.js";
// @ts-expect-error -- a build script without types
import { buildApp } from "../../scripts/build-app.mjs";

const APP = fileURLToPath(new URL("../fixtures/rules-app.ts", import.meta.url));
const PATTERN = "/:a/:b/:c/:d/:e/:f/:g/:h/:i/:j";
const PATH = "/1/2/3/4/5/6/7/8/9/0";
const out = mkdtempSync(join(tmpdir(), "asedge-rules-app-"));
const wasm = join(out, "rules.wasm");
let server: Server | undefined;

beforeAll(async () => {
  expect(await buildApp(APP, wasm)).toBe("");
  server = await serve(loadWasmApp(wasm), { port: 0, hostname: "127.0.0.1" });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("an AssemblyScript app follows the same rules", () => {
  it("a match table larger than the first try: the TS app and the AS app answer the same", async () => {
    const ts = new App();
    for (let i = 0; i < 20; i++) ts.use(PATTERN, (_c, next) => next());
    ts.get(PATTERN, (c) => c.text(`j=${c.req.param("j")}`));
    const tsResponse = await ts.request(PATH);
    const as = new WasmFetchApp(new WebAssembly.Module(readFileSync(wasm)));
    const asResponse = await as.fetch(new Request(`http://localhost${PATH}`));
    expect([tsResponse.status, await tsResponse.text()]).toEqual([200, "j=0"]);
    expect([asResponse.status, await asResponse.text()]).toEqual([200, "j=0"]);
    const { responses } = await exchange(server!.port, [rawRequest("GET", PATH)]);
    expect([responses[0].status, responses[0].body.toString()]).toEqual([200, "j=0"]);
  });

  it("transport headers a handler sets are dropped on the socket", async () => {
    const { responses: [raw] } = await exchange(server!.port, [rawRequest("GET", "/h")]);
    expect(raw.headers.filter(([name]) => ["connection", "keep-alive", "transfer-encoding"].includes(name))).toEqual([]);
    expect(raw.headers.filter(([name]) => name === "content-length")).toEqual([["content-length", "4"]]);
    expect(raw.headers.filter(([name]) => name === "date").length).toBe(1);
    expect([header(raw, "x-kept"), raw.body.toString()]).toEqual(["1", "body"]);
  });

  it("205: no body, Content-Length: 0", async () => {
    const { responses: [raw] } = await exchange(server!.port, [rawRequest("GET", "/reset"), rawRequest("GET", "/h")], { expect: 2 });
    expect([raw.status, header(raw, "content-length"), raw.body.toString()]).toEqual([205, "0", ""]);
  });
});
