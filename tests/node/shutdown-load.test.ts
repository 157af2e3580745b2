// Graceful shutdown under load, over real sockets and real processes: 200
// requests to the reference app's /async/json are in flight (the test entry
// holds each before the handler until shutdown begins, so none can finish
// early), then SIGTERM or server.close(): every one is answered 200 and the
// process exits 0. Single process and `workers: 2`.
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { exchange, rawRequest } from "../support/raw-http.js";
import { startChild } from "../support/child.js";

const CLUSTER_APP = fileURLToPath(new URL("../support/cluster-app.mjs", import.meta.url));
const IN_FLIGHT = 200;

const heldPids = (stdout: string) => [...stdout.matchAll(/^held (\d+)$/gm)].map((match) => Number(match[1]));

describe("shutdown with 200 requests in flight", () => {
  it.each([
    { workers: 1, trigger: "SIGTERM" },
    { workers: 1, trigger: "server.close()" },
    { workers: 2, trigger: "SIGTERM" },
    { workers: 2, trigger: "server.close()" },
  ])("workers: $workers, $trigger: every request is answered 200, then the process exits 0", async ({ workers, trigger }) => {
    const app = startChild(CLUSTER_APP, { WORKERS: String(workers), HOLD: "1" });
    try {
      const port = Number((await app.waitFor(/listening on (\d+)/))[1]);
      const requests = Array.from({ length: IN_FLIGHT }, () =>
        exchange(port, [rawRequest("GET", "/async/json")], { waitForClose: true, timeoutMs: 20_000 }));
      await app.waitUntil((stdout) => heldPids(stdout).length === IN_FLIGHT);
      // With workers, both served some of them (node:cluster hands connections round-robin).
      expect(new Set(heldPids(app.stdout())).size).toBe(workers);

      if (trigger === "SIGTERM") app.process.kill("SIGTERM");
      else app.process.stdin.write("close\n");

      const results = await Promise.all(requests);
      const summary = results.map(({ responses, closed }) => ({
        statuses: responses.map((response) => response.status),
        body: responses[0] && JSON.parse(responses[0].body.toString()),
        closed,
      }));
      // Each connection ends after its answer. (These requests were complete
      // before close() began, so their answers do not say Connection: close:
      // the Node host decides that when a request is dispatched.)
      const expected = { statuses: [200], body: { message: "Hello, World!", async: true }, closed: true };
      expect(summary).toEqual(Array.from({ length: IN_FLIGHT }, () => expected));
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect(app.stdout()).toContain("primary closed");
      expect(heldPids(app.stdout())).toHaveLength(IN_FLIGHT);
      expect(app.stderr()).toBe(""); // no worker restarted while shutting down
    } finally {
      app.process.kill("SIGKILL");
    }
  }, 30_000);
});
