/**
 * Run one App test on both paths: app.request (the fetch path: Workers,
 * tests) and a real Node socket (serve(app) + raw-http), so a response-shape
 * rule is checked where it is enforced, not only where it is easy to see.
 *
 * @example
 *   const both = await bothPaths(new App().get("/", (c) => c.text("xyz", 205)), { path: "/" });
 *   expect(both.fetch).toEqual(both.socket.shape);   // same status, headers (transport aside), body
 *   expect(header(both.socket.raw, "content-length")).toBe("0");
 */
import type { App } from "../../host/app/app.js";
import { serve } from "../../host/index.js";
import { TRANSPORT_HEADERS } from "../../host/core/http-rules.js";
import { exchange, rawRequest, type RawResponse } from "./raw-http.js";

export interface BothRequest {
  method?: string;
  path: string;
  headers?: [string, string][];
  body?: string;
}

/** What both paths must agree on: status, headers other than transport ones (sorted), body text. */
export interface Shape {
  status: number;
  headers: [string, string][];
  body: string;
}

export interface BothAnswers {
  fetch: Shape;
  socket: { shape: Shape; raw: RawResponse; closed: boolean };
}

function shape(status: number, headers: [string, string][], body: string): Shape {
  const kept = headers.filter(([name]) => !TRANSPORT_HEADERS.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { status, headers: kept, body };
}

/** Send `request` to `app` on both paths (one server per call, closed before this returns). */
export async function bothPaths(app: App, request: BothRequest): Promise<BothAnswers> {
  const method = request.method ?? "GET";
  const server = await serve(app, { port: 0, hostname: "127.0.0.1" });
  try {
    const bytes = rawRequest(method, request.path, request.headers, request.body);
    const { responses, closed } = await exchange(server.port, [bytes], { headRequests: method === "HEAD" ? new Set([0]) : undefined });
    const raw = responses[0];
    if (!raw) throw new Error(`no answer on the socket to ${method} ${request.path}`);
    const response = await app.request(request.path, { method, headers: request.headers, body: request.body });
    const fetchHeaders: [string, string][] = [];
    response.headers.forEach((value, name) => fetchHeaders.push([name, value]));
    return {
      fetch: shape(response.status, fetchHeaders, await response.text()),
      socket: { shape: shape(raw.status, raw.headers, raw.body.toString("utf8")), raw, closed },
    };
  } finally {
    await server.close();
  }
}
