/**
 * Options both serveStatic implementations take, and the step they share
 * before looking anything up: which requests are theirs and which file path
 * a request names (runtime-free).
 */
import type { Context } from "../../app/context.js";
import { safeSegments } from "./rules.js";

export interface CommonOptions {
  /** Node: file names tried, in order, for a path ending in "/" (default `["index.html"]`; `false`: none). Workers: the binding's html_handling decides. */
  index?: string | string[] | false;
  /** Map the request path (as received, %-encoded) to the file path to look up; the result is checked as the request path is. */
  rewriteRequestPath?: (path: string) => string;
  /** Cache-Control on every answer (default: none). */
  cacheControl?: string;
  /** Node: extra or overriding MIME types by extension, e.g. `{ wasm: "application/wasm" }` (Workers: the binding sends the type). */
  mimes?: Record<string, string>;
  /** Serve names starting with "." (default false: `.env`, `.git/…` fall through; `/.well-known/` is always served). */
  dotfiles?: boolean;
}

/**
 * The options of `serveStatic`, one type for both builds (TypeScript sees
 * the Node build's declarations unless told the `workerd` condition): each
 * build ignores the options of the other.
 */
export interface ServeStaticOptions extends CommonOptions {
  /** Node: the directory files are served from (default "."), resolved once, symlinks included. */
  root?: string;
  /** Node: serve `name.br` / `name.gz` beside `name` when Accept-Encoding prefers them (default true). */
  precompressed?: boolean;
  /** Node: bytes of file contents kept in memory, all files together (default 2 MiB; 0: no cache). */
  cacheBytes?: number;
  /** Node: largest file kept in memory (default 128 KiB); larger ones stream from disk. */
  cacheFileBytes?: number;
  /** Node: a directory requested without its trailing "/" answers 301 to it (default true; false: falls through). */
  redirectDirectories?: boolean;
  /** Node: `stat` files on the event loop (default true: µs on a local disk); false: through libuv's thread pool, for network file systems. */
  syncStat?: boolean;
  /** Workers: name of the static-assets binding on `c.env` (default "ASSETS"). */
  binding?: string;
}

export const DEFAULT_INDEX = ["index.html"];

/** The index names an option stands for. */
export function indexNames(index: CommonOptions["index"]): string[] {
  if (index === false) return [];
  if (index === undefined) return DEFAULT_INDEX;
  return typeof index === "string" ? [index] : index;
}

/**
 * The decoded segments of the file a GET/HEAD request names (a last "" for a
 * trailing slash), or null when serveStatic is not to answer it: another
 * method, an unsafe path (rules.ts: safeSegments), a dotfile not allowed.
 */
export function requestSegments(c: Context, options: CommonOptions): string[] | null {
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") return null;
  const path = options.rewriteRequestPath ? options.rewriteRequestPath(c.req.path) : c.req.path;
  const segments = safeSegments(path);
  if (!segments) return null;
  if (!options.dotfiles) {
    for (let i = 0; i < segments.length; i++) {
      if (segments[i].charCodeAt(0) === 0x2e && !(i === 0 && segments[i] === ".well-known")) return null;
    }
  }
  return segments;
}
