/**
 * serveStatic for Cloudflare Workers: files from the static-assets binding
 * (`env.ASSETS`, wrangler's `"assets": { "directory": "./public", "binding":
 * "ASSETS" }`). package.json serves this file for `asedge/middleware/serve-static`
 * under the `workerd`/`worker` conditions (wrangler's); Node gets ./index.ts.
 * Runtime-free: Web APIs only.
 *
 * The binding finds the asset (its own html_handling: index files, trailing
 * slashes, redirects) and gives its body and a strong ETag; the answer is
 * then made by the same rules as on Node (./answer.ts): If-None-Match lists
 * and weak comparison, If-Match, Range single and multiple, If-Range. The
 * binding itself answers none of Range, and If-None-Match only for one exact
 * tag. It has no Last-Modified (assets carry no mtime), so date conditions do
 * not apply. Not here: precompressed siblings (Cloudflare compresses assets
 * at its edge) and the content cache (assets are served from Cloudflare's).
 *
 * @example
 *   import { App } from "asedge/worker";
 *   import { serveStatic } from "asedge/middleware/serve-static";
 *   export default new App().use("/*", serveStatic());          // wrangler.jsonc: "assets": { "directory": "./public", "binding": "ASSETS" }
 */
import type { Handler } from "../../app/types.js";
import { answerFile } from "./answer.js";
import { requestSegments, type ServeStaticOptions } from "./options.js";

export const ERR_NO_ASSETS_BINDING = "asedge: serveStatic found no static-assets binding on c.env (wrangler: \"assets\": { \"directory\", \"binding\" })";

export type { ServeStaticOptions };

interface AssetsBinding {
  fetch(request: Request | string, init?: RequestInit): Promise<Response>;
}

/** Headers of the binding's answer that the answer here sets itself or that belong to the transport. */
const OWN_HEADERS = new Set(["content-length", "content-type", "etag", "transfer-encoding", "connection", "accept-ranges", "content-range"]);

/** Serve the assets of `env[options.binding]`; requests for anything else go on to `next()`. */
export function serveStatic(options: ServeStaticOptions = {}): Handler {
  const name = options.binding ?? "ASSETS";
  const answerOptions = { vary: false, cacheControl: options.cacheControl };
  return async function serveStaticAssets(c, next) {
    const segments = requestSegments(c, options);
    if (!segments) return next();
    const assets = (c.env as Record<string, AssetsBinding> | undefined)?.[name];
    if (!assets || typeof assets.fetch !== "function") throw new Error(`${ERR_NO_ASSETS_BINDING}: ${name}`);
    const path = `/${segments.map(encodeURIComponent).join("/")}`;
    const response = await assets.fetch(new URL(path, c.req.url).href, { method: "GET" });
    if (response.status === 404 || response.status === 405) {
      await response.body?.cancel();
      return next();
    }
    if (response.status >= 300 && response.status < 400) {
      // html_handling: "/a/index.html" → "/a/", "/a" → "/a/" …; the Location is the binding's, relative to this origin.
      await response.body?.cancel();
      const location = response.headers.get("location");
      return location === null ? next() : c.redirect(location, response.status);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return next();
    }
    const type = response.headers.get("content-type") ?? "application/octet-stream";
    const headers: [string, string][] = [];
    response.headers.forEach((value, key) => { if (!OWN_HEADERS.has(key)) headers.push([key, value]); });
    const etag = response.headers.get("etag");
    if (etag === null || !/^"[^"]*"$/.test(etag)) {
      // No strong validator to judge conditions and ranges by: the asset as the binding gave it.
      for (const [key, value] of headers) c.header(key, value);
      return c.body(response.body, 200, { "Content-Type": type });
    }
    // The size: Content-Length when the binding sends it; else (or for a Range, which needs the bytes) read the body.
    const length = response.headers.get("content-length");
    const needBytes = length === null || (c.req.method === "GET" && c.req.header("range") !== undefined);
    const bytes = needBytes ? new Uint8Array(await response.arrayBuffer()) : undefined;
    let body = bytes ? undefined : response.body ?? undefined;
    const ready = answerFile(c, {
      size: bytes ? bytes.length : Number(length),
      etag,
      type,
      bytes,
      headers,
      stream: () => {
        const stream = body!;
        body = undefined; // one answer, one read of the body
        return stream;
      },
    }, answerOptions);
    if (body) await body.cancel(); // 304, 412, 416 or HEAD: the body was not needed
    return ready;
  };
}
