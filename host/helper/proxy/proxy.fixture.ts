// The proxy's routes, over the fetch transport (./index.ts: what Workers get)
// on every host; proxy.test.ts runs the same routes over ./node.ts (undici).
// The upstream's URL: the UPSTREAM binding (workerd) or PROXY_UPSTREAM (Node).
import type { App } from "../../app/app.js";
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import type { ProxyOptions } from "./core.js";
import { proxy, proxyRequest } from "./index.js";

export interface ProxyFns {
  proxy(upstream: string, options?: ProxyOptions): Handler;
  proxyRequest(c: Context, upstream: string, options?: ProxyOptions): Promise<void>;
}

const TIMEOUTS = { connect: 1000, headers: 300, body: 300 };

export function routes(app: App, fns: ProxyFns, upstreamOf: (c: Context) => string): App {
  const handlers = new Map<string, Handler>();
  const lazy = (key: string, make: (upstream: string) => Handler): Handler => (c, next) => {
    let h = handlers.get(key);
    if (!h) handlers.set(key, (h = make(upstreamOf(c))));
    return h(c, next);
  };
  return app
    .all("/api/*", lazy("api", (u) => fns.proxy(`${u}/v1`, { prefix: "/api", timeouts: TIMEOUTS })))
    .all("/plain/*", lazy("plain", (u) => fns.proxy(u, { prefix: "/plain", xForwarded: false, timeouts: TIMEOUTS })))
    .all("/host/*", lazy("host", (u) => fns.proxy(u, { prefix: "/host", preserveHost: true, xForwarded: { for: false, proto: false } })))
    .all("/noretry/*", lazy("noretry", (u) => fns.proxy(u, { prefix: "/noretry", retry: false })))
    .get("/helper/:id", async (c) => {
      await fns.proxyRequest(c, upstreamOf(c), { rewrite: () => `/users/${c.req.param("id")}?via=helper`, timeouts: TIMEOUTS });
      c.header("X-Helper", "1");
    })
    .all("/down/*", (c) => fns.proxyRequest(c, "http://127.0.0.1:1", { prefix: "/down" }))
    .all("/*", lazy("root", (u) => fns.proxy(u, { timeouts: TIMEOUTS })));
}

declare const process: { env: Record<string, string | undefined> } | undefined;
const upstream = (c: Context) => (c.env as { UPSTREAM?: string } | undefined)?.UPSTREAM ?? process!.env.PROXY_UPSTREAM!;

export default (app: App) => routes(app, { proxy, proxyRequest }, upstream);
