/**
 * serve() of the Bun host: Bun.listen with the Node host's options. Apart
 * from index.ts so that importing it registers no core (index.ts does).
 */
import type { SlotApp } from "../slot/contract.js";
import type { App } from "../app/app.js";
import { DEFAULT_HOSTNAME, DEFAULT_PORT, type ServeOptions } from "../node/options.js";
import type { Server } from "../node/slot-server.js";
import { BunServer } from "./server.js";
import { bunRuntime } from "./bun-api.js";

export const ERR_NOT_BUN = "asedge/bun: serve() needs the Bun runtime (Bun.listen); on Node, serve() from \"asedge\"";
export const ERR_BUN_WORKERS = "asedge/bun: `workers` is not supported on the Bun host (it has no node:cluster primary); run one process per core";

/** Serve `app` on a port with Bun.listen (the options of the Node host; `workers` aside). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export async function serve(app: App<any> | SlotApp, options: ServeOptions = {}): Promise<Server> {
  if ((options.workers ?? 1) > 1) throw new Error(ERR_BUN_WORKERS);
  const bun = bunRuntime();
  if (!bun) throw new Error(ERR_NOT_BUN);
  const server = new BunServer(app, options);
  try {
    return server.listen(bun, options.port ?? DEFAULT_PORT, options.hostname ?? DEFAULT_HOSTNAME);
  } catch (error) {
    await server.close(); // the sweep timer goes with it
    throw error;
  }
}
