/**
 * Options of the Deno host. Deno.serve parses HTTP and owns the connections
 * (as workerd does), so of the socket hosts' ServeOptions only the address,
 * closeTimeout and the core's body and pool limits apply; the others are
 * refused by name, not ignored.
 */
import type { CoreOptions } from "../core/core.js";
import type { ServeOptions } from "../node/options.js";
import type { DenoNetAddr } from "./deno-api.js";

/** The core limits a fetch host applies (the head's limits are Deno's own). */
export type DenoCoreOptions = Omit<CoreOptions, "maxHeaderBytes" | "maxHeaders" | "maxUrlLength">;

export interface DenoServeOptions extends DenoCoreOptions {
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default "0.0.0.0"). */
  hostname?: string;
  /**
   * Aborting it runs close(): graceful, as on the other hosts (Deno.serve's
   * own signal drops in-flight requests at once).
   */
  signal?: AbortSignal;
  /** Called once listening, with the bound address (default: nothing is printed). */
  onListen?(address: DenoNetAddr): void;
  /**
   * How long close() waits for in-flight requests, ms, before it resolves
   * without them (default 10 000; Infinity waits for ever). Deno.serve
   * cannot drop them then: exiting the process does.
   */
  closeTimeout?: number;
}

export const ERR_DENO_SOCKET_OPTION =
  "asedge/deno: not an option of the Deno host (Deno.serve parses HTTP and owns the connections; the socket hosts, Node and Bun, take it):";

/** ServeOptions of the socket hosts that mean nothing on Deno.serve. */
const SOCKET_HOST_OPTIONS = [
  "workers", "headersTimeout", "requestTimeout", "keepAliveTimeout", "maxRequestsPerSocket", "maxPipelined", "maxConnections",
  "maxParkedBytes", "log", "maxHeaderBytes", "maxHeaders", "maxUrlLength",
  "restartDelay", "maxRestartDelay", "restartResetAfter", "maxRestarts", "restartWindow",
] as const satisfies readonly (keyof ServeOptions)[];

export type ListenOptions = Pick<DenoServeOptions, "port" | "hostname" | "signal" | "onListen" | "closeTimeout">;

/** The listener's options and the core's (undefined when none is set); throws on a socket host's option. */
export function splitOptions(options: DenoServeOptions): { listen: ListenOptions; core: DenoCoreOptions | undefined } {
  const refused = SOCKET_HOST_OPTIONS.filter((name) => (options as Record<string, unknown>)[name] !== undefined);
  if (refused.length > 0) throw new TypeError(`${ERR_DENO_SOCKET_OPTION} ${refused.join(", ")}`);
  const { port, hostname, signal, onListen, closeTimeout, ...core } = options;
  return { listen: { port, hostname, signal, onListen, closeTimeout }, core: Object.keys(core).length > 0 ? core : undefined };
}
