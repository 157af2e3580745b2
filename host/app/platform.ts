/**
 * Where an App gets its core when no host bound one: each platform entry
 * (asedge for Node, asedge/worker) registers how to make one, so the App
 * itself stays runtime-free. Every App gets a core of its own: a core's route
 * table is fixed once it starts matching, so two apps cannot share one.
 */
import type { Core, CoreOptions } from "../core.js";

export const ERR_NO_CORE =
  "asedge: no WASM core for this app; import the App from 'asedge' (Node) or 'asedge/worker' (Workers), or call app.bind(core)";

let factory: ((options?: CoreOptions) => Core) | undefined;

export function setCoreFactory(make: (options?: CoreOptions) => Core): void {
  factory = make;
}

/** A new core from the platform's factory, with `options` (limits, pool) when given. */
export function platformCore(options?: CoreOptions): Core {
  if (!factory) throw new Error(ERR_NO_CORE);
  return factory(options);
}
