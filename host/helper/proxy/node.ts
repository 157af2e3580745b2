/**
 * The proxy on Node: undici's `dispatch` on an Agent (one keep-alive Pool per
 * upstream origin). dispatch hands over the raw header list and each body
 * chunk; the answer's body is a pull stream whose queue holds one chunk, so
 * a client that stops reading pauses the upstream socket (back-pressure
 * both ways, nothing buffered beyond a chunk).
 *
 * Errors → ProxyFailure: ECONNREFUSED and other connect errors "connect",
 * a socket closed or reset before the head "reset", undici's
 * UND_ERR_CONNECT_TIMEOUT / UND_ERR_HEADERS_TIMEOUT / UND_ERR_BODY_TIMEOUT
 * the timeouts. undici does not say whether a reset socket was a reused one,
 * so every reset before the head counts (core.ts retries an idempotent
 * request once).
 */
import { Agent, type Dispatcher } from "undici";
import type { Context } from "../../app/context.js";
import { DEFAULT_TIMEOUTS, ProxyError, proxyApi, type ProxyFailure, type ProxyOptions, type ProxyTransport, type UpstreamRequest, type UpstreamResponse } from "./core.js";

export * from "./core.js";

export interface NodeProxyOptions extends ProxyOptions {
  /** Upstream keep-alive pool: sockets per origin (default: no limit) and idle time before one is closed (4 s, undici's default). */
  pool?: { connections?: number; keepAliveTimeout?: number };
}

/** undici's Dispatcher under a transport (the Agent, with its pools). */
export class UndiciTransport implements ProxyTransport {
  readonly agent: Agent;

  constructor(options: NodeProxyOptions = {}) {
    this.agent = new Agent({
      connect: { timeout: options.timeouts?.connect ?? DEFAULT_TIMEOUTS.connect },
      connections: options.pool?.connections ?? null,
      keepAliveTimeout: options.pool?.keepAliveTimeout ?? 4_000,
    });
  }

  clientAddress(c: Context): string | undefined {
    return c.req.remoteAddress;
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let resumeUpstream: (() => void) | undefined;
      let paused = false;
      let abort: ((reason?: Error) => void) | undefined;
      let started = false;
      let ended = false;
      const body = new ReadableStream<Uint8Array>({
        start(c) { controller = c; },
        pull() { if (paused) { paused = false; resumeUpstream!(); } },
        cancel() { ended = true; abort?.(new Error("client went away")); },
      }, { highWaterMark: 1 });
      const handler: Dispatcher.DispatchHandler = {
        onConnect(a) { abort = a; },
        onHeaders(status, raw, resume) {
          started = true;
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toString("latin1"), raw[i + 1].toString("latin1")]);
          resolve({ status, headers, body });
          resumeUpstream = resume;
          return true;
        },
        onData(chunk) {
          // undici hands a paused parser's resume an empty chunk: pausing on it would loop.
          if (ended || chunk.byteLength === 0) return true;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) > 0) return true;
          paused = true; // until pull() calls the resume undici gave onHeaders
          return false;
        },
        onComplete() { if (!ended) { ended = true; controller.close(); } },
        onError(error) {
          if (!started) { reject(new ProxyError(failureOf(error), error)); return; }
          if (!ended) { ended = true; controller.error(new ProxyError(failureOf(error), error)); }
        },
      };
      const url = request.url;
      const headers: string[] = [];
      for (const [name, value] of request.headers) headers.push(name, value);
      this.agent.dispatch({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: request.body as Dispatcher.DispatchOptions["body"],
        headersTimeout: request.timeouts.headers,
        bodyTimeout: request.timeouts.body,
      }, handler);
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function failureOf(error: unknown): ProxyFailure {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT": return "connect-timeout";
    case "UND_ERR_HEADERS_TIMEOUT": return "headers-timeout";
    case "UND_ERR_BODY_TIMEOUT": return "body-timeout";
    case "UND_ERR_SOCKET": case "ECONNRESET": case "EPIPE": case "UND_ERR_CLOSED": return "reset";
    case "ECONNREFUSED": case "ENOTFOUND": case "EHOSTUNREACH": case "ENETUNREACH": case "EAI_AGAIN": case "ECONNABORTED": return "connect";
    default: return "bad-response";
  }
}

/** Transports for proxyRequest() calls, one per connect timeout and pool shape (an Agent keeps its pools). */
const shared = new Map<string, UndiciTransport>();

function transportFor(options: NodeProxyOptions): UndiciTransport {
  const key = `${options.timeouts?.connect ?? ""}/${options.pool?.connections ?? ""}/${options.pool?.keepAliveTimeout ?? ""}`;
  let t = shared.get(key);
  if (!t) shared.set(key, (t = new UndiciTransport(options)));
  return t;
}

const api = proxyApi((options) => new UndiciTransport(options));

/** See core.ts proxyApi; on Node each proxy() has its own undici Agent (keep-alive pool per origin). */
export const proxy: (upstream: string | URL, options?: NodeProxyOptions) => ReturnType<typeof api.proxy> = api.proxy;
export const proxyApp: (upstream: string | URL, options?: NodeProxyOptions) => ReturnType<typeof api.proxyApp> = api.proxyApp;
/** proxyRequest(c, upstream, options): the helper form; calls with the same connect timeout and pool options share one Agent. */
export const proxyRequest = (c: Context, upstream: string | URL, options: NodeProxyOptions = {}): Promise<void> =>
  api.proxyRequest(c, upstream, options, transportFor(options));
