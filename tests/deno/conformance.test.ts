// The reference app on the Deno host (Deno.serve, the built asedge/deno in a
// Deno child process) over real sockets: the conformance list every
// fetch-style host answers (Deno gives the app a Web Request, so the cases
// that need the raw header fields are not for it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FETCH_CONFORMANCE } from "../conformance/cases.js";
import { checkAnswer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { until } from "../support/raw-client.js";
import { startDenoHost, type DenoHost } from "../support/deno-host.js";

let host: DenoHost;
beforeAll(async () => {
  host = await startDenoHost();
});
afterAll(() => host.close());

describe("reference app on the Deno host", () => {
  it.each(FETCH_CONFORMANCE.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const { method, target, headers, body } = testCase;
    const { responses } = await exchange(host.port, [rawRequest(method, target, headers, body)], {
      headRequests: method === "HEAD" ? new Set([0]) : undefined,
    });
    expect(responses, `${testCase.name}: one response`).toHaveLength(1);
    const [response] = responses;
    checkAnswer(testCase, { status: response.status, headers: response.headers, body: response.body }, { transportHeaders: true });
    if (testCase.logs) {
      // The app's default onError logs in the child.
      await until(() => host.child.stderr().includes(testCase.logs!));
      expect(host.child.stderr()).toContain(testCase.logs);
    }
  });
});
