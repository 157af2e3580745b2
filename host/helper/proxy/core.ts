/**
 * The reverse proxy, runtime-free: what goes upstream (URL, headers, body)
 * and what comes back into the response record. Moving the bytes is a
 * transport's job (./node.ts: undici's dispatch on a keep-alive pool;
 * ./index.ts: fetch, for Workers and any host with fetch).
 *
 *   client ─ c.req ─▶ upstreamRequest() ─▶ dispatch hook ─▶ transport.send() ─▶ upstream
 *   client ◀ record ◀─ recordResponse() ◀─────────────────── UpstreamResponse ◀─┘
 *
 * The dispatch hook sees each exchange (the request about to go upstream and
 * a `send` for it) and answers with an UpstreamResponse: the seam where a
 * recorder tees the answer or a replayer serves one without sending.
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import { App } from "../../app/app.js";
import { HOP_BY_HOP_HEADERS, connectionListed, isBodyless } from "../../core/http-rules.js";

export const ERR_PROXY_UPSTREAM = "asedge proxy: the upstream must be an absolute http: or https: URL";
export const ERR_PROXY_CONNECT = "asedge proxy: could not connect to the upstream";
export const ERR_PROXY_RESET = "asedge proxy: the upstream closed the connection before answering";
export const ERR_PROXY_CONNECT_TIMEOUT = "asedge proxy: connecting to the upstream timed out";
export const ERR_PROXY_HEADERS_TIMEOUT = "asedge proxy: the upstream did not answer in time";
export const ERR_PROXY_BAD_RESPONSE = "asedge proxy: the upstream's answer is not a valid HTTP response";

/** Why an exchange failed, as a transport reports it. */
export type ProxyFailure = "connect" | "reset" | "connect-timeout" | "headers-timeout" | "body-timeout" | "bad-response";

/** What a transport throws: the failure kind decides the status (502 or 504) and whether a retry may help. */
export class ProxyError extends Error {
  constructor(readonly failure: ProxyFailure, readonly cause?: unknown) {
    super(MESSAGES[failure]);
    this.name = "ProxyError";
  }

  /** 504 for a timeout, 502 otherwise. */
  get status(): 502 | 504 {
    return this.failure.endsWith("timeout") ? 504 : 502;
  }
}

const MESSAGES: Record<ProxyFailure, string> = {
  connect: ERR_PROXY_CONNECT,
  reset: ERR_PROXY_RESET,
  "connect-timeout": ERR_PROXY_CONNECT_TIMEOUT,
  "headers-timeout": ERR_PROXY_HEADERS_TIMEOUT,
  "body-timeout": "asedge proxy: the upstream's body stalled",
  "bad-response": ERR_PROXY_BAD_RESPONSE,
};

/** The request as it goes upstream. */
export interface UpstreamRequest {
  url: URL;
  method: string;
  /** Lower-case names, in the client's order, hop-by-hop fields removed, forwarding fields added. */
  headers: [string, string][];
  /** Bytes (the Node host holds the whole body in its slot), a stream (fetch hosts), or null. */
  body: Uint8Array | ReadableStream<Uint8Array> | null;
  timeouts: ProxyTimeouts;
}

/** The upstream's answer. `body` is null when there is none. */
export interface UpstreamResponse {
  status: number;
  headers: [string, string][];
  body: ReadableStream<Uint8Array> | null;
}

/** Moves one exchange; throws ProxyError. Implementations: ./node.ts (undici), ./index.ts (fetch). */
export interface ProxyTransport {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** The client address for X-Forwarded-For (the Node host: the socket's peer; Workers: CF-Connecting-IP). */
  clientAddress(c: Context): string | undefined;
}

/** One exchange, as the dispatch hook sees it. */
export interface ProxyExchange {
  readonly c: Context;
  readonly request: UpstreamRequest;
}

/** Around every exchange: call `send` (maybe with a changed request) or answer without it. */
export type ProxyDispatch = (exchange: ProxyExchange, send: (request: UpstreamRequest) => Promise<UpstreamResponse>) => Promise<UpstreamResponse>;

export interface ProxyTimeouts {
  /** ms to open a connection (fetch: counted in `headers`). */
  connect: number;
  /** ms from sending to the answer's head. */
  headers: number;
  /** ms the answer's body may stay silent between chunks. */
  body: number;
}

export interface XForwardedOptions {
  for?: boolean;
  proto?: boolean;
  host?: boolean;
}

export interface ProxyOptions {
  /** Removed from the start of the path (at a segment boundary) before it is appended to the upstream's path. */
  prefix?: string;
  /** Rewrite the path (after `prefix`), query included: "/users?id=1" → whatever the upstream wants. */
  rewrite?: (pathAndQuery: string) => string;
  /** X-Forwarded-For (appended to the client's), -Proto, -Host; false: none. Default: all three. */
  xForwarded?: boolean | XForwardedOptions;
  /** Send the client's Host instead of the upstream's. Default false. */
  preserveHost?: boolean;
  timeouts?: Partial<ProxyTimeouts>;
  /** Retry an idempotent request without a streamed body once when the connection was reset before an answer. Default true. */
  retry?: boolean;
  /** Extra request headers for the upstream (set after the client's, replacing them). */
  headers?: Record<string, string>;
  /** Around every exchange (recording, replaying, logging). */
  dispatch?: ProxyDispatch;
}

export const DEFAULT_TIMEOUTS: ProxyTimeouts = Object.freeze({ connect: 10_000, headers: 30_000, body: 30_000 });

/** Methods a retry cannot repeat the effect of (RFC 9110 §9.2.2), TRACE aside. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Parse and check an upstream URL once. */
export function upstreamUrl(upstream: string | URL): URL {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new TypeError(`${ERR_PROXY_UPSTREAM}: ${JSON.stringify(String(upstream))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`${ERR_PROXY_UPSTREAM}: ${JSON.stringify(String(upstream))}`);
  return url;
}

/** "/api/users?x=1" with prefix "/api" → "/users?x=1"; "/apix" stays; "/api" → "/". */
export function stripPrefix(pathAndQuery: string, prefix: string | undefined): string {
  if (!prefix || prefix === "/") return pathAndQuery;
  const p = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  if (!pathAndQuery.startsWith(p)) return pathAndQuery;
  const next = pathAndQuery.charCodeAt(p.length);
  if (Number.isNaN(next)) return "/";
  if (next === 0x2f /* / */) return pathAndQuery.slice(p.length);
  if (next === 0x3f /* ? */) return `/${pathAndQuery.slice(p.length)}`;
  return pathAndQuery;
}

/** The upstream URL for a path and query: the upstream's own path in front, one slash between; the upstream's query, if any, after the client's. */
export function joinUrl(base: URL, pathAndQuery: string): URL {
  const q = pathAndQuery.indexOf("?");
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q === -1 ? "" : pathAndQuery.slice(q + 1);
  const basePath = base.pathname.endsWith("/") ? base.pathname.slice(0, -1) : base.pathname;
  const url = new URL(base.origin);
  url.pathname = `${basePath}${path.startsWith("/") ? path : `/${path}`}` || "/";
  const baseQuery = base.search.slice(1);
  const search = [query, baseQuery].filter(Boolean).join("&");
  url.search = search ? `?${search}` : "";
  return url;
}

/** Drop hop-by-hop fields and those the Connection field lists; lower-case names. */
export function endToEnd(headers: Iterable<[string, string]>): [string, string][] {
  const list: [string, string][] = [];
  const listed = new Set<string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    list.push([lower, value]);
    if (lower === "connection") for (const n of connectionListed(value)) listed.add(n);
  }
  return list.filter(([name]) => !HOP_BY_HOP_HEADERS.has(name) && !listed.has(name));
}

/** The request as it goes to `base` (see UpstreamRequest). */
export function upstreamRequest(c: Context, base: URL, options: ProxyOptions, clientAddress: string | undefined): UpstreamRequest {
  const req = c.req;
  const method = req.method;
  const target = req.target.startsWith("/") ? req.target : pathAndQueryOf(req.url);
  let rest = stripPrefix(target, options.prefix);
  if (options.rewrite) rest = options.rewrite(rest);
  const url = joinUrl(base, rest);
  const clientHost = req.header("host");
  const headers = endToEnd(req.headerList()).filter(([name]) => name !== "host" && name !== "content-length" && name !== "expect");
  headers.unshift(["host", options.preserveHost && clientHost ? clientHost : url.host]);
  const xf = options.xForwarded ?? true;
  if (xf) {
    const want = xf === true ? { for: true, proto: true, host: true } : xf;
    if (want.for !== false && clientAddress) {
      const prior = remove(headers, "x-forwarded-for");
      headers.push(["x-forwarded-for", prior ? `${prior}, ${clientAddress}` : clientAddress]);
    }
    if (want.proto !== false) {
      remove(headers, "x-forwarded-proto");
      headers.push(["x-forwarded-proto", req.url.startsWith("https:") ? "https" : "http"]);
    }
    if (want.host !== false && clientHost) {
      remove(headers, "x-forwarded-host");
      headers.push(["x-forwarded-host", clientHost]);
    }
  }
  for (const name in options.headers ?? {}) {
    remove(headers, name.toLowerCase());
    headers.push([name.toLowerCase(), options.headers![name]]);
  }
  return { url, method, headers, body: requestBody(c, method), timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts } };
}

function pathAndQueryOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Remove every `name` field; their values joined with ", " (undefined when none). */
function remove(headers: [string, string][], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < headers.length; i++) {
    if (headers[i][0] !== name) continue;
    value = value === undefined ? headers[i][1] : `${value}, ${headers[i][1]}`;
    headers.splice(i--, 1);
  }
  return value;
}

/** The Node host has the whole body in the slot (copied: the slot goes back before the upstream may have read it); fetch hosts stream it. */
function requestBody(c: Context, method: string): Uint8Array | ReadableStream<Uint8Array> | null {
  if (method === "GET" || method === "HEAD") return null;
  if (c.req.heldSlot !== undefined) {
    const view = c.req.bodyView();
    return view.length === 0 ? null : view.slice();
  }
  return c.req.raw.body;
}

/** Send with the dispatch hook around it; one retry of an idempotent request on a reset. */
async function exchange(c: Context, request: UpstreamRequest, transport: ProxyTransport, options: ProxyOptions): Promise<UpstreamResponse> {
  const send = async (r: UpstreamRequest): Promise<UpstreamResponse> => {
    try {
      return await transport.send(r);
    } catch (error) {
      const retryable = options.retry !== false && error instanceof ProxyError && error.failure === "reset" &&
        IDEMPOTENT.has(r.method) && !(r.body instanceof ReadableStream);
      if (!retryable) throw error;
      return transport.send(r);
    }
  };
  return options.dispatch ? options.dispatch({ c, request }, send) : send(request);
}

/** The upstream's answer into the response record: status, end-to-end headers, the body as a stream. */
export function recordResponse(c: Context, response: UpstreamResponse): void {
  if (!(response.status >= 200 && response.status <= 599 && Number.isInteger(response.status))) {
    void response.body?.cancel();
    throw new ProxyError("bad-response");
  }
  c.headerList = undefined;
  for (const [name, value] of endToEnd(response.headers)) {
    if (name === "content-length" || name === "date") continue;
    c.header(name, value, { append: true });
  }
  const body = isBodyless(response.status) || c.req.method === "HEAD" ? null : response.body;
  if (body === null) void response.body?.cancel();
  c.body(body, response.status as 200);
}

/** A failed exchange answered: 502/504 text naming what went wrong. */
export function recordFailure(c: Context, error: unknown): void {
  const failure = error instanceof ProxyError ? error : new ProxyError("bad-response", error);
  c.headerList = undefined;
  c.text(`${failure.message}\n`, failure.status);
}

/** One exchange of `c` with `base`, answered on `c` (a failed one as 502/504). */
async function forward(c: Context, base: URL, options: ProxyOptions, transport: ProxyTransport): Promise<void> {
  try {
    recordResponse(c, await exchange(c, upstreamRequest(c, base, options, transport.clientAddress(c)), transport, options));
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    recordFailure(c, error);
  }
}

/** The proxy API over one transport (./node.ts and ./index.ts each bind theirs). */
export function proxyApi(defaultTransport: (options: ProxyOptions) => ProxyTransport) {
  /**
   * Forward the request of `c` to `upstream` and record the answer (or a 502/504) on `c`.
   *
   * @example
   *   app.get("/users/:id", async (c) => { await proxyRequest(c, `http://users.internal/v2/${c.req.param("id")}`, { rewrite: () => "" }); });
   */
  async function proxyRequest(c: Context, upstream: string | URL, options: ProxyOptions = {}, transport = defaultTransport(options)): Promise<void> {
    return forward(c, upstreamUrl(upstream), options, transport);
  }

  /**
   * A handler forwarding every request it gets to `upstream` (its path is put in front of the request's path).
   *
   * @example
   *   app.all("/api/*", proxy("http://127.0.0.1:4000", { prefix: "/api" }));   // /api/users → http://127.0.0.1:4000/users
   */
  function proxy(upstream: string | URL, options: ProxyOptions = {}): Handler {
    const base = upstreamUrl(upstream);
    const transport = defaultTransport(options);
    return (c) => forward(c, base, options, transport);
  }

  /** An App that forwards everything to `upstream` (what `asedge proxy --upstream URL` serves). */
  function proxyApp(upstream: string | URL, options: ProxyOptions = {}): App {
    return new App().all("*", proxy(upstream, options));
  }

  return { proxy, proxyRequest, proxyApp };
}
