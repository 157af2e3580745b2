/**
 * The Deno host in a Deno child process (tests/support/deno-app.mjs, the
 * built dist/host/deno), for tests that run in Node and talk to it over real
 * sockets: what ships, so build first (`npm test` does when a source is
 * newer). Deno is the devDependency `deno`; the child gets only the
 * permissions the host needs: the network on 127.0.0.1, reading the core
 * .wasm, its options' variable.
 *
 * @example
 *   const host = await startDenoHost({ maxBodyBytes: 1000 });
 *   await exchange(host.port, [rawRequest("GET", "/json")]);
 *   expect((await host.stats()).requests.routes).toHaveLength(1);
 *   await host.close();
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { DenoServeOptions, DenoServerStats } from "../../host/deno/index.js";
import { startChild, type Child } from "./child.js";
import { exchange, rawRequest } from "./raw-http.js";

/** The deno binary itself (the package's resolver; its bin may be a Node wrapper that would outlive a killed child). */
export const DENO: string = createRequire(import.meta.url)("deno/install_api.cjs").runInstall();
const APP = fileURLToPath(new URL("./deno-app.mjs", import.meta.url));
const CORE_WASM = fileURLToPath(new URL("../../dist/build/asedge.wasm", import.meta.url));
/** `deno run` with the narrow permissions the host needs, no prompt, no lock file, no update check. */
export const DENO_RUN = ["run", "--no-prompt", "--no-lock", "--allow-net=127.0.0.1", `--allow-read=${CORE_WASM}`, "--allow-env=DENO_SERVE_OPTIONS"];

export interface DenoHost {
  readonly port: number;
  readonly child: Child;
  /** server.stats() in the child (over a request of its own, counted in them). */
  stats(): Promise<DenoServerStats>;
  /** server.close() in the child; resolves once it has closed and exited. */
  close(): Promise<void>;
}

export async function startDenoHost(options: DenoServeOptions = {}): Promise<DenoHost> {
  const child = startChild(APP, { DENO_SERVE_OPTIONS: JSON.stringify(options), DENO_NO_UPDATE_CHECK: "1" }, DENO, DENO_RUN);
  const port = Number((await child.waitFor(/listening on (\d+)/))[1]);
  return {
    port, child,
    async stats() {
      const { responses } = await exchange(port, [rawRequest("GET", "/stats", [["Connection", "close"]])]);
      return JSON.parse(responses[0].body.toString()) as DenoServerStats;
    },
    async close() {
      child.process.stdin.write("close\n");
      await child.waitFor(/closed/);
      await child.exited;
    },
  };
}
