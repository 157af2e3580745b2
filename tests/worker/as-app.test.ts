// The AssemblyScript reference app served by workerd (worker/reference-as.ts):
// the shared conformance list over a socket-free dispatchFetch.
import { afterAll, beforeAll, describe, it } from "vitest";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { FETCH_CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer, type Answer } from "../conformance/check.js";
import { COMPATIBILITY_DATE } from "./miniflare.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let mf: Miniflare;

beforeAll(async () => {
  mf = new Miniflare({
    modules: true, modulesRoot: `${ROOT}dist`,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    scriptPath: `${ROOT}dist/worker/reference-as.js`, compatibilityDate: COMPATIBILITY_DATE,
  });
  await mf.ready;
});
afterAll(() => mf.dispose());

// dispatchFetch adds its own request headers, so the echo cases (which reflect
// them) are covered by the socket suites; everything else is compared here.
describe("AssemblyScript reference app in workerd", () => {
  it.each(FETCH_CONFORMANCE.filter((c) => !c.name.startsWith("echo")).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const response = await mf.dispatchFetch(`http://localhost${testCase.target}`, {
      method: testCase.method, headers: testCase.headers, body: testCase.body, redirect: "manual",
    });
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    const answer: Answer = { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
    checkAnswer(testCase, answer);
  });
});
