// The reference app on the Bun host (Bun.listen, the built asedge/bun in a
// Bun child process) over real sockets: the conformance list every host answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { until } from "../support/raw-client.js";
import { startBunHost, type BunHost } from "../support/bun-host.js";

let host: BunHost;
beforeAll(async () => {
  host = await startBunHost();
});
afterAll(() => host.close());

describe("reference app on the Bun host", () => {
  it.each(CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const { method, target, headers, body } = testCase;
    const { responses } = await exchange(host.port, [rawRequest(method, target, headers, body)], {
      headRequests: method === "HEAD" ? new Set([0]) : undefined,
    });
    const [response] = responses;
    checkAnswer(testCase, { status: response.status, headers: response.headers, body: response.body }, { transportHeaders: true });
    if (testCase.logs) {
      // The app's default onError logs in the child.
      await until(() => host.child.stderr().includes(testCase.logs!));
      expect(host.child.stderr()).toContain(testCase.logs);
    }
  });
});
