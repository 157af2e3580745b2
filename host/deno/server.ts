/**
 * The Deno host's server: Deno.serve calls the App's fetch with each Web
 * Request (Deno's info as the app's env) and sends its Response; Deno
 * parses HTTP and owns keep-alive and pipelining, as workerd does. This
 * adds the asedge side: the address, a graceful close with a deadline,
 * an answer when the app's fetch itself fails, and stats().
 *
 * The deadline cannot drop connections: Deno.serve drops them only through
 * its signal, and once a graceful shutdown has begun that signal throws
 * (BadResource, from Deno's own listener). So at closeTimeout close()
 * resolves and says what it left running; exiting the process drops those.
 */
import type { App } from "../app/app.js";
import type { RequestStats } from "../app/stats.js";
import { DEFAULT_CLOSE_TIMEOUT, DEFAULT_HOSTNAME, DEFAULT_PORT, startDeadline } from "../node/options.js";
import type { DenoHttpServer, DenoRuntime, DenoServeInfo } from "./deno-api.js";
import type { ListenOptions } from "./options.js";

export const FETCH_FAILED = "asedge/deno: the app's fetch failed; answered 500:";
export const CLOSE_TIMEOUT_PASSED =
  "asedge/deno: closeTimeout passed with requests still running; close() resolved without them (Deno.serve cannot drop them once a graceful shutdown has begun: exit the process to drop their connections)";

export interface DenoServerStats {
  /** The core's request figures: per route, latency quantiles (the figures of app.stats()). */
  requests: RequestStats;
}

export class DenoServer {
  private readonly server: DenoHttpServer;
  private readonly closeTimeout: number;
  private closing: Promise<void> | undefined;

  constructor(private readonly app: App<DenoServeInfo>, deno: DenoRuntime, options: ListenOptions) {
    this.closeTimeout = options.closeTimeout ?? DEFAULT_CLOSE_TIMEOUT;
    this.server = deno.serve({
      port: options.port ?? DEFAULT_PORT,
      hostname: options.hostname ?? DEFAULT_HOSTNAME,
      onListen: options.onListen ?? (() => {}), // Deno's default prints a line; the other hosts print none
      onError: answerFetchFailure,
    }, app.serverFetch); // bound: Deno calls it with (request, info), info becomes c.env
    const { signal } = options;
    if (signal?.aborted) void this.close();
    else signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    return this.server.addr.port;
  }

  get hostname(): string {
    return this.server.addr.hostname;
  }

  /** Resolves once Deno's server has stopped: every connection closed after close() (or the signal). */
  get finished(): Promise<void> {
    return this.server.finished;
  }

  /**
   * Stop accepting; close idle connections at once; let in-flight requests
   * finish. Resolves once they have, or at closeTimeout (logging
   * CLOSE_TIMEOUT_PASSED) with those left still running.
   */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  /** The app's request figures (Deno.serve reports no connection figures). */
  stats(): DenoServerStats {
    return { requests: this.app.stats() };
  }

  private async shutdown(): Promise<void> {
    let timedOut: () => void = () => {};
    const deadline = new Promise<void>((resolve) => (timedOut = resolve));
    const timer = startDeadline(this.closeTimeout, () => {
      console.error(CLOSE_TIMEOUT_PASSED);
      timedOut();
    });
    await Promise.race([this.server.shutdown(), deadline]);
    clearTimeout(timer);
  }
}

/** Deno's onError: the App answers a throwing handler itself, so this is the app's fetch failing. */
function answerFetchFailure(error: unknown): Response {
  console.error(FETCH_FAILED, error);
  return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=UTF-8" } });
}
