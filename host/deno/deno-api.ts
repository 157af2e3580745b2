/**
 * The part of Deno's HTTP server API (`Deno.serve`) the Deno host uses,
 * typed here so the package needs no Deno type package to build.
 */

/** A TCP address as Deno reports it. */
export interface DenoNetAddr {
  hostname: string;
  port: number;
}

/**
 * What Deno passes beside each request: the host hands it to the app as its
 * env (`c.env`), as Hono on Deno does, so `c.env.remoteAddr` is the client.
 */
export interface DenoServeInfo {
  remoteAddr: DenoNetAddr;
  /** Settles once the response has been sent (rejects when it could not be). */
  completed: Promise<void>;
}

export interface DenoServeTcpOptions {
  port: number;
  hostname: string;
  onListen(address: DenoNetAddr): void;
  /** Called when the handler throws or rejects; its Response is sent. */
  onError(error: unknown): Response;
}

export interface DenoHttpServer {
  readonly addr: DenoNetAddr;
  /** Resolves once the server has stopped (after shutdown, every connection closed). */
  readonly finished: Promise<void>;
  /** Stop accepting; close idle connections; let in-flight requests finish (however long they take). */
  shutdown(): Promise<void>;
}

export interface DenoRuntime {
  serve(options: DenoServeTcpOptions, handler: (request: Request, info: DenoServeInfo) => Response | Promise<Response>): DenoHttpServer;
}

/** The `Deno` global, or undefined on another runtime. */
export function denoRuntime(): DenoRuntime | undefined {
  return (globalThis as { Deno?: DenoRuntime }).Deno;
}
