/**
 * asedge for Bun (`asedge/bun`): the App API and a host on Bun's own socket
 * API (Bun.listen) with the Node host's connection rules, options and stats.
 *
 * @example
 *   import { App, serve } from "asedge/bun";
 *   const app = new App().get("/", (c) => c.text("hi"));
 *   const server = await serve(app, { port: 3000 });
 *   // later: await server.close();
 */
import { coreModule } from "../node/core-file.js";
import { registerCoreModule } from "../core/registry.js";

registerCoreModule(coreModule); // Bun reads the .wasm through node:fs as Node does

export * from "../api.js";
// Bun only: the socket server.
export { serve, ERR_NOT_BUN, ERR_BUN_WORKERS } from "./serve.js";
export { BunServer } from "./server.js";
export type { Server, ServerStats } from "../node/slot-server.js";
export type { ServeOptions } from "../node/options.js";
