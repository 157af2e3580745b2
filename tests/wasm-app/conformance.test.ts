// The AssemblyScript reference app (assembly/apps/reference.ts, built into
// build/reference-app.wasm) served by the Node host over real sockets: the
// shared conformance list, and the same bytes as the TypeScript reference app.
import { afterAll, beforeAll, describe, it } from "vitest";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { loadWasmApp } from "../../host/wasm-app/load.js";
import { CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer, sameAnswer, type Answer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";

import { REFERENCE_APP_WASM } from "./reference-wasm.js";
import { expectLogs } from "../support/logged.js";

let asApp: Server;
let tsApp: Server;

beforeAll(async () => {
  asApp = await serve(loadWasmApp(REFERENCE_APP_WASM), { port: 0, hostname: "127.0.0.1" });
  tsApp = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
});
afterAll(() => Promise.all([asApp.close(), tsApp.close()]));

async function ask(server: Server, method: string, target: string, headers?: [string, string][], body?: string): Promise<Answer> {
  const { responses } = await exchange(server.port, [rawRequest(method, target, headers, body)], {
    headRequests: method === "HEAD" ? new Set([0]) : undefined,
  });
  const [response] = responses;
  return { status: response.status, headers: response.headers, body: response.body };
}

describe("AssemblyScript reference app on the Node host", () => {
  it.each(CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const answer = await ask(asApp, testCase.method, testCase.target, testCase.headers, testCase.body);
    checkAnswer(testCase, answer, { transportHeaders: true });
    const typescript = await expectLogs(testCase, () => ask(tsApp, testCase.method, testCase.target, testCase.headers, testCase.body));
    sameAnswer(typescript, answer, testCase.name);
  });
});
