/**
 * Where an App gets its core when nobody bound one: each platform entry
 * (asedge for Node, asedge/worker) registers how to make one, so the App
 * itself stays runtime-free.
 */
import type { Core } from "../core.js";

export const ERR_NO_CORE =
  "asedge: no WASM core for this app; import the App from 'asedge' (Node) or 'asedge/worker' (Workers), or call app.bind(core)";

let factory: (() => Core) | undefined;
let shared: Core | undefined;

export function setCoreFactory(make: () => Core): void {
  factory = make;
}

/** The platform's shared core (made on first use). */
export function defaultCore(): Core {
  if (shared) return shared;
  if (!factory) throw new Error(ERR_NO_CORE);
  return (shared = factory());
}
