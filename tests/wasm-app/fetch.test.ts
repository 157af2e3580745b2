// The AssemblyScript reference app answering Web Requests (WasmFetchApp, the
// app.fetch-style entry used by fetch hosts): the shared conformance list, and
// the same answers as the TypeScript reference app's app.fetch.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { WasmFetchApp } from "../../host/index.js"; // the Node entry also gives TS apps their core
import { createReferenceApp } from "../../host/reference/app.js";
import { FETCH_CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer, fromResponse, sameAnswer, toRequest } from "../conformance/check.js";
import { REFERENCE_APP_WASM } from "./reference-wasm.js";
import { expectLogs } from "../support/logged.js";

const asApp = new WasmFetchApp(new WebAssembly.Module(readFileSync(REFERENCE_APP_WASM)));
const tsApp = createReferenceApp();

describe("AssemblyScript reference app through fetch", () => {
  it.each(FETCH_CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const answer = await fromResponse(await asApp.fetch(toRequest(testCase)));
    checkAnswer(testCase, answer);
    // Echo reflects the request's transport headers, which the two entries see differently.
    if (!testCase.name.startsWith("echo")) sameAnswer(await expectLogs(testCase, async () => fromResponse(await tsApp.fetch(toRequest(testCase)))), answer, testCase.name);
  });

  it("writes a Web Request as HTTP/1.1 bytes by the rule the wasi entry follows (host/core/http-rules.ts)", async () => {
    const headersOf = async (request: Request) => ((await (await asApp.fetch(request)).json()) as { headers: [string, string][] }).headers;
    // host is the URL's authority, whatever a host field says; no framing without a body.
    expect(await headersOf(new Request("http://a.example/echo", { method: "DELETE", headers: { host: "b.example", "x-a": "1" } })))
      .toEqual([["host", "a.example"], ["x-a", "1"]]);
    // A body (even an empty one) is framed by its real length; the client's framing fields are dropped.
    expect(await headersOf(new Request("http://a.example/echo", { method: "POST", body: "", headers: { "content-length": "7" } })))
      .toEqual([["host", "a.example"], ["content-type", "text/plain;charset=UTF-8"], ["content-length", "0"]]);
  });

  it("answers a request the parser rejects with its status", async () => {
    const response = await asApp.fetch(new Request("http://localhost/echo", { method: "POST", body: "x".repeat(2 * 1024 * 1024) }));
    expect([response.status, await response.text()]).toEqual([413, "body too large"]);
  });
});
