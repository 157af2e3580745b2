/**
 * The Bun host in a Bun child process (tests/support/bun-app.mjs, the built
 * dist/host/bun), for tests that run in Node and talk to it over real
 * sockets: what ships, so build first (`npm test` does when a source is
 * newer). Bun is the devDependency `bun` (node_modules/.bin/bun).
 *
 * @example
 *   const host = await startBunHost({ headersTimeout: 300 });
 *   await exchange(host.port, [rawRequest("GET", "/json")]);
 *   expect((await host.stats()).timedOut).toBe(0);
 *   await host.close();
 */
import { fileURLToPath } from "node:url";
import type { ServeOptions, ServerStats } from "../../host/index.js";
import { startChild, type Child } from "./child.js";
import { exchange, rawRequest } from "./raw-http.js";

export const BUN = fileURLToPath(new URL("../../node_modules/.bin/bun", import.meta.url));
const APP = fileURLToPath(new URL("./bun-app.mjs", import.meta.url));

export interface BunHost {
  readonly port: number;
  readonly child: Child;
  /** server.stats() in the child (over a connection of its own, counted in them). */
  stats(): Promise<ServerStats>;
  /** server.close() in the child; resolves once it has closed and exited. */
  close(): Promise<void>;
}

export async function startBunHost(options: ServeOptions = {}): Promise<BunHost> {
  const child = startChild(APP, { BUN_SERVE_OPTIONS: JSON.stringify(options) }, BUN);
  const port = Number((await child.waitFor(/listening on (\d+)/))[1]);
  return {
    port, child,
    async stats() {
      const { responses } = await exchange(port, [rawRequest("GET", "/stats", [["Connection", "close"]])]);
      return JSON.parse(responses[0].body.toString()) as ServerStats;
    },
    async close() {
      child.process.stdin.write("close\n");
      await child.waitFor(/closed/);
      await child.exited;
    },
  };
}
