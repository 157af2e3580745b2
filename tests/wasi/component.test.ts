// The AssemblyScript reference app as a wasi:http@0.2.0 component
// (build/reference-app.component.wasm): its WIT world, and the shared
// conformance list under `jco serve` on 127.0.0.1, answered like the Node host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer, sameAnswer, type Answer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { JCO, jcoServe, type JcoServer } from "./jco-serve.js";
import { expectLogs } from "../support/logged.js";

const COMPONENT = fileURLToPath(new URL("../../build/reference-app.component.wasm", import.meta.url));

let jco: JcoServer;
let node: Server;

beforeAll(async () => {
  node = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
  jco = await jcoServe(COMPONENT);
});

afterAll(async () => {
  await node.close();
  await jco.close();
});

async function ask(port: number, method: string, target: string, headers?: [string, string][], body?: string): Promise<Answer> {
  const { responses } = await exchange(port, [rawRequest(method, target, headers, body)], {
    headRequests: method === "HEAD" ? new Set([0]) : undefined,
  });
  const [response] = responses;
  return { status: response.status, headers: response.headers, body: response.body };
}

describe("wasi:http component", () => {
  it("is a wasi:http/proxy component importing only wasi:http types and wasi:io", () => {
    const wit = execFileSync(process.execPath, [JCO, "wit", COMPONENT], { encoding: "utf8" });
    expect(wit).toContain("export wasi:http/incoming-handler@0.2.0;");
    const imports = wit.split("\n").filter((line) => line.trim().startsWith("import ")).map((line) => line.trim()).sort();
    expect(imports).toEqual(["import wasi:http/types@0.2.0;", "import wasi:io/error@0.2.0;", "import wasi:io/streams@0.2.0;"]);
    expect(statSync(COMPONENT).size).toBeLessThan(150 * 1024);
  });

  // jco serve builds the incoming request's fields from Node's req.headersDistinct, which groups
  // repeated names: the component never sees the received order, so rawHeaders cases are left out.
  it.each(CONFORMANCE.filter((c) => !c.rawHeaders).map((c) => [c.name, c] as const))("under jco serve: %s", async (_name, testCase) => {
    const answer = await ask(jco.port, testCase.method, testCase.target, testCase.headers, testCase.body);
    checkAnswer(testCase, answer);
    const nodeAnswer = await expectLogs(testCase, () => ask(node.port, testCase.method, testCase.target, testCase.headers, testCase.body));
    sameAnswer(nodeAnswer, answer, testCase.name);
  });
});
