/**
 * asedge for Deno (`asedge/deno`): the App API and a host on Deno.serve,
 * which parses HTTP and calls the App's fetch (as Workers do).
 *
 * @example
 *   // deno run --allow-net --allow-read=<the package's dist/build> app.ts
 *   import { App, serve, type DenoServeInfo } from "asedge/deno";
 *   const app = new App<DenoServeInfo>().get("/", (c) => c.text(`hi ${c.env.remoteAddr.hostname}`));
 *   const server = await serve(app, { port: 3000 });
 *   // later: await server.close();
 */
import { coreModule } from "../node/core-file.js";
import { registerCoreModule } from "../core/registry.js";

// Deno reads the .wasm through node:fs, at import: without --allow-read of it, Deno's
// NotCapable error names the file and the flag then, not at the first request.
registerCoreModule(coreModule, { instantiateNow: true });

export * from "../api.js";
// Deno only: the Deno.serve host.
export { serve, ERR_NOT_DENO } from "./serve.js";
export { DenoServer, FETCH_FAILED, CLOSE_TIMEOUT_PASSED, type DenoServerStats } from "./server.js";
export { ERR_DENO_SOCKET_OPTION, type DenoServeOptions, type DenoCoreOptions } from "./options.js";
export type { DenoServeInfo, DenoNetAddr } from "./deno-api.js";
