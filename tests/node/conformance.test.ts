// The reference app over real sockets against the real .wasm, and app.fetch
// answering the same requests identically.
import { afterAll, beforeAll, describe, it } from "vitest";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { CONFORMANCE, FETCH_CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer, fromResponse, sameAnswer, toRequest, type Answer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { expectLogs } from "../support/logged.js";

let server: Server;
const fetchApp = createReferenceApp();

beforeAll(async () => {
  server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
});
afterAll(() => server.close());

async function overSocket(method: string, target: string, headers: [string, string][] | undefined, body: string | undefined): Promise<Answer> {
  const { responses } = await exchange(server.port, [rawRequest(method, target, headers, body)], {
    headRequests: method === "HEAD" ? new Set([0]) : undefined,
  });
  const [response] = responses;
  return { status: response.status, headers: response.headers, body: response.body };
}

describe("reference app on the Node host", () => {
  it.each(CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const answer = await expectLogs(testCase, () => overSocket(testCase.method, testCase.target, testCase.headers, testCase.body));
    checkAnswer(testCase, answer, { transportHeaders: true });
  });
});

describe("app.fetch answers like the socket path", () => {
  it.each(FETCH_CONFORMANCE.filter((c) => !c.name.startsWith("echo")).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const viaFetch = await expectLogs(testCase, async () => fromResponse(await fetchApp.fetch(toRequest(testCase))));
    checkAnswer(testCase, viaFetch);
    const viaSocket = await expectLogs(testCase, () => overSocket(testCase.method, testCase.target, testCase.headers, testCase.body));
    sameAnswer(viaSocket, viaFetch, testCase.name);
  });

  it.each(FETCH_CONFORMANCE.filter((c) => c.name.startsWith("echo")).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    // Echo reflects transport headers (content-length), so only the contract is compared.
    checkAnswer(testCase, await fromResponse(await fetchApp.fetch(toRequest(testCase))));
  });
});
