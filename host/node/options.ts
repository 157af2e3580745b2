/** Options of the Node host, with Node's http server defaults as anchors. */
import type { CoreOptions } from "../core/core.js";
import type { ClusterOptions } from "./cluster.js";
import type { ServerLogOptions } from "./events.js";

export interface ServeOptions extends CoreOptions, ClusterOptions {
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
  /** Address to listen on (default "0.0.0.0"). */
  hostname?: string;
  /** Worker processes (node:cluster) sharing the port; 1 = this process only (default 1). */
  workers?: number;
  /**
   * Time to receive a request's head, ms, from its first byte; a new
   * connection's first head, from connecting (default 60 000 → 408 and close).
   */
  headersTimeout?: number;
  /** Time to receive a whole request, ms (default 300 000 → 408 and close). */
  requestTimeout?: number;
  /** Idle time between requests on a keep-alive connection, ms (default 5 000). */
  keepAliveTimeout?: number;
  /** Requests served per connection before it closes; 0 = unlimited (default 0). */
  maxRequestsPerSocket?: number;
  /** Async responses a connection may have pending before reading pauses (default 32). */
  maxPipelined?: number;
  /**
   * Open connections at once; beyond it new ones are closed at once, as
   * net.Server's maxConnections does, and counted in stats().refused
   * (default 50 000: ≈ 2 KiB of JS and socket state each while idle).
   */
  maxConnections?: number;
  /**
   * Bytes of partial requests (slow heads and bodies) kept in JS memory
   * while their connections wait for more data without a slot (default
   * 64 MiB). Parking one more beyond it answers that connection 503 and closes it.
   */
  maxParkedBytes?: number;
  /**
   * How long close() waits for in-flight requests, ms, before it destroys the
   * connections left (default 10 000; Infinity waits for ever). With
   * `workers`, the primary kills a worker that has not exited 1 s after it.
   */
  closeTimeout?: number;
  /**
   * How server events (worker restarts, core replaced, limits hit, responses
   * that could not be written) are logged (default: readable lines on stderr;
   * `{ format: "json" }`: JSON lines, by default on stdout with the access log).
   */
  log?: ServerLogOptions;
}

export interface ConnectionSettings {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  maxRequestsPerSocket: number;
  maxPipelined: number;
  maxConnections: number;
  maxParkedBytes: number;
  closeTimeout: number;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOSTNAME = "0.0.0.0";
/** closeTimeout's default, ms (the Deno host's too). */
export const DEFAULT_CLOSE_TIMEOUT = 10_000;

export function connectionSettings(options: ServeOptions): ConnectionSettings {
  return {
    headersTimeout: options.headersTimeout ?? 60_000,
    requestTimeout: options.requestTimeout ?? 300_000,
    keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    maxRequestsPerSocket: options.maxRequestsPerSocket ?? 0,
    maxPipelined: options.maxPipelined ?? 32,
    maxConnections: options.maxConnections ?? 50_000,
    maxParkedBytes: options.maxParkedBytes ?? 64 * 1024 * 1024,
    closeTimeout: options.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT,
  };
}

/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Run `onExpiry` after `ms` (a closeTimeout); none when `ms` is Infinity or past setTimeout's range. */
export function startDeadline(ms: number, onExpiry: () => void): NodeJS.Timeout | undefined {
  if (ms > MAX_TIMER_MS) return undefined;
  // Deno's timers are numbers, without unref(): there the server being open holds the process anyway.
  const timer = setTimeout(onExpiry, ms);
  timer.unref?.();
  return timer;
}
