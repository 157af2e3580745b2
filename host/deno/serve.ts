/**
 * serve() of the Deno host: the App as Deno.serve's handler. Apart from
 * index.ts so that importing it registers no core (index.ts does).
 */
import type { App } from "../app/app.js";
import { platformCore } from "../core/registry.js";
import { DenoServer } from "./server.js";
import { denoRuntime } from "./deno-api.js";
import { splitOptions, type DenoServeOptions } from "./options.js";

export const ERR_NOT_DENO = "asedge/deno: serve() needs the Deno runtime (Deno.serve); on Node, serve() from \"asedge\"; on Bun, from \"asedge/bun\"";

/**
 * Serve `app` with Deno.serve on a port. Core options (maxBodyBytes, the
 * pool) compile the routes into a core made with them now: add every route first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export async function serve(app: App<any>, options: DenoServeOptions = {}): Promise<DenoServer> {
  const deno = denoRuntime();
  if (typeof deno?.serve !== "function") throw new Error(ERR_NOT_DENO);
  const { listen, core } = splitOptions(options);
  if (core) app.bind(platformCore(core));
  return new DenoServer(app, deno, listen);
}
