// Limits of the wasi:http entry (assembly/wasi/entry.ts) under `jco serve`,
// with an app built by `asedge build` (tests/fixtures/wasi-limits-app.ts):
// header sections of any size answer 431 as on the Node host, and every
// response field the app sets goes out (or the answer is a 500, never a
// silently shortened header list).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadWasmApp, serve, WasmFetchApp, type Server } from "../../host/index.js";
import { exchange, header, rawRequest, type RawResponse } from "../support/raw-http.js";
import { jcoServe, type JcoServer } from "./jco-serve.js";

const CLI = fileURLToPath(new URL("../../dist/host/cli.js", import.meta.url));
const APP = fileURLToPath(new URL("../fixtures/wasi-limits-app.ts", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "asedge-wasi-limits-"));
let jco: JcoServer;
let node: Server;

beforeAll(async () => {
  const wasm = join(out, "app.wasm");
  const built = spawnSync(process.execPath, [CLI, "build", APP, "-o", wasm], { encoding: "utf8" });
  expect(built.stderr).toBe("");
  // Node's own limit (16 KiB) would answer before the component: lift it.
  jco = await jcoServe(join(out, "app.component.wasm"), "--max-http-header-size=1048576");
  node = await serve(loadWasmApp(wasm), { port: 0, hostname: "127.0.0.1" });
}, 120_000);

afterAll(async () => {
  await jco?.close();
  await node?.close();
  rmSync(out, { recursive: true, force: true });
});

async function ask(port: number, target: string, headers: [string, string][] = [], body?: string): Promise<RawResponse> {
  const { responses } = await exchange(port, [rawRequest(body === undefined ? "GET" : "POST", target, headers, body)], { timeoutMs: 10_000 });
  expect(responses).toHaveLength(1);
  return responses[0];
}

/** `count` fields of `bytes` bytes each. */
function bigFields(count: number, bytes: number): [string, string][] {
  return Array.from({ length: count }, (_, i): [string, string] => [`x-big-${i}`, "v".repeat(bytes)]);
}

describe("a status respond() refuses (AssemblyScript app)", () => {
  it("answers 500 on the Node host and through WasmFetchApp, logs each, then keeps serving", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await ask(node.port, "/status/1000");
    expect(response.status).toBe(500);
    expect(header(response, "connection")).toBe("close");
    const fetchApp = new WasmFetchApp(new WebAssembly.Module(readFileSync(join(out, "app.wasm"))));
    const viaFetch = await fetchApp.fetch(new Request("http://x/status/1000"));
    expect([viaFetch.status, await viaFetch.text()]).toEqual([500, "Internal Server Error"]);
    expect(logged.mock.calls).toEqual([
      ["asedge: the response could not be written; answered 500 and closing the connection"],
      ["asedge: the app's response could not be written (respond error -1); answered 500"],
    ]);
    logged.mockRestore();
    expect((await fetchApp.fetch(new Request("http://x/status/201"))).status).toBe(201);
    expect((await ask(node.port, "/status/201")).status).toBe(201);
  });
});

describe("wasi:http entry limits", () => {
  it("sends every response field the app sets", async () => {
    const response = await ask(jco.port, "/fields/100");
    expect(response.status).toBe(200);
    for (let i = 0; i < 100; i++) expect(header(response, `x-field-${i}`)).toBe(String(i));
  });

  it("answers 500 when the app sets more fields than the field list can hold", async () => {
    // A large body moves the request to the large slot, whose arena holds 7000 lines.
    const body = "b".repeat(300 * 1024);
    expect((await ask(jco.port, "/repeated/5000", [], body)).status).toBe(200);
    const response = await ask(jco.port, "/repeated/7000", [], body);
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe("Internal Server Error");
    expect((await ask(jco.port, "/hello")).body.toString()).toBe("hello");
  });

  it.each([
    ["above the header limit", 3, 10 * 1024],
    ["above the component's scratch for host lists (96 KiB)", 12, 10 * 1024],
    ["one field of 200 KiB", 1, 200 * 1024],
  ])("answers 431 to a header section %s, as the Node host does", async (_name, count, bytes) => {
    const fields = bigFields(count, bytes);
    const wasi = await ask(jco.port, "/hello", fields);
    const onNode = await ask(node.port, "/hello", fields);
    expect(onNode.status).toBe(431);
    expect(wasi.status).toBe(431);
    expect(wasi.body.toString()).toBe(onNode.body.toString());
    // The instance keeps serving.
    expect((await ask(jco.port, "/hello")).body.toString()).toBe("hello");
  });
});
