// The reference app as a Worker in real workerd (miniflare), answering the
// shared conformance list over a raw socket exactly as the Node host does,
// and through miniflare's dispatchFetch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Miniflare } from "miniflare";
import { FETCH_CONFORMANCE, type ConformanceCase } from "../conformance/cases.js";
import { checkAnswer, type Answer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { referenceWorker, runtimeLog } from "./miniflare.js";

/**
 * Request headers workerd adds before the Worker sees the request (the echo
 * route reflects them): miniflare's entry sets the client address, and
 * workerd announces the encodings it decompresses for the Worker.
 */
const PLATFORM_HEADERS = new Set(["cf-connecting-ip", "accept-encoding"]);

let mf: Miniflare;
let port: number;
/** workerd's output: a case whose handler throws is logged there (asserted below), never printed. */
const workerd = runtimeLog();

beforeAll(async () => {
  mf = referenceWorker({ host: "127.0.0.1", port: 0, handleRuntimeStdio: workerd.handleRuntimeStdio });
  port = Number((await mf.ready).port);
});
afterAll(() => mf?.dispose());

/** A case that logs (`logs`): its error appears in workerd's output, once more each time it runs. */
let loggedSoFar = 0;
async function expectLogged(testCase: ConformanceCase): Promise<void> {
  if (!testCase.logs) return;
  const count = () => workerd.text().split(`Error: ${testCase.logs}`).length - 1;
  for (let i = 0; i < 250 && count() <= loggedSoFar; i++) await new Promise((r) => setTimeout(r, 20));
  expect(count(), `${testCase.name}: logged by workerd`).toBe(loggedSoFar + 1);
  loggedSoFar++;
}

/** The echo body without the platform's headers; other bodies unchanged. */
function withoutPlatformHeaders(testCase: ConformanceCase, answer: Answer): Answer {
  if (!testCase.target.startsWith("/echo")) return answer;
  const echoed = JSON.parse(new TextDecoder().decode(answer.body)) as { headers: [string, string][] };
  const platform = echoed.headers.filter(([name]) => PLATFORM_HEADERS.has(name));
  expect(platform.map(([name]) => name).sort(), `${testCase.name}: platform headers`).toEqual([...PLATFORM_HEADERS].sort());
  echoed.headers = echoed.headers.filter(([name]) => !PLATFORM_HEADERS.has(name));
  return { ...answer, body: new TextEncoder().encode(JSON.stringify(echoed)) };
}

describe("reference Worker in workerd, over a socket", () => {
  it.each(FETCH_CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const { responses } = await exchange(port, [rawRequest(testCase.method, testCase.target, testCase.headers, testCase.body)], {
      headRequests: testCase.method === "HEAD" ? new Set([0]) : undefined,
    });
    expect(responses, `${testCase.name}: one response`).toHaveLength(1);
    const [response] = responses;
    // workerd owns framing (it drops Content-Length from HEAD answers): transport headers are not compared.
    checkAnswer(testCase, withoutPlatformHeaders(testCase, { status: response.status, headers: response.headers, body: response.body }));
    await expectLogged(testCase);
  });
});

describe("reference Worker in workerd, through dispatchFetch", () => {
  // The echo cases are left to the socket suite: undici adds its own request headers and rewrites Host.
  it.each(FETCH_CONFORMANCE.filter((c) => !c.target.startsWith("/echo")).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const response = await mf.dispatchFetch(`http://localhost${testCase.target}`, {
      method: testCase.method, headers: testCase.headers, body: testCase.body, redirect: "manual",
    });
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    checkAnswer(testCase, { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) });
    await expectLogged(testCase);
  });
});
