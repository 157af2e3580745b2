/**
 * The Bun host (`asedge/bun`): the same App and the same connection rules as
 * the Node host, on Bun's own socket API (Bun.listen) instead of node:net.
 *
 * @example
 *   import { App } from "asedge";
 *   import { serve } from "asedge/bun";
 *   const app = new App().get("/", (c) => c.text("hi"));
 *   const server = await serve(app, { port: 3000 });
 *   // later: await server.close();
 */
import type { SlotApp } from "../slot/contract.js";
import type { App } from "../app/app.js";
import { DEFAULT_HOSTNAME, DEFAULT_PORT, type ServeOptions } from "../node/options.js";
import type { Server } from "../node/slot-server.js";
import { BunServer } from "./server.js";
import { bunRuntime } from "./bun-api.js";

export type { Server, ServerStats } from "../node/slot-server.js";
export type { ServeOptions } from "../node/options.js";
export { BunServer } from "./server.js";

export const ERR_NOT_BUN = "asedge/bun: serve() needs the Bun runtime (Bun.listen); on Node use serve() from \"asedge\"";
export const ERR_BUN_WORKERS = "asedge/bun: `workers` is not supported on the Bun host (no node:cluster); run one process per core behind a balancer";

/** Serve `app` on a port with Bun.listen. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export async function serve(app: App<any> | SlotApp, options: ServeOptions = {}): Promise<Server> {
  if ((options.workers ?? 1) > 1) throw new Error(ERR_BUN_WORKERS);
  const bun = bunRuntime();
  if (!bun) throw new Error(ERR_NOT_BUN);
  const server = new BunServer(app, options);
  try {
    return server.listen(bun, options.port ?? DEFAULT_PORT, options.hostname ?? DEFAULT_HOSTNAME);
  } catch (error) {
    await server.close(); // the sweep timer and the core go with it
    throw error;
  }
}
