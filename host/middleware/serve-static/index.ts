/**
 * serveStatic for Node: files from a root directory. (The Workers build,
 * ./worker.ts, serves the static-assets binding instead; package.json picks
 * it under the `workerd`/`worker` conditions.) This is the Node-only file of
 * the folder: it reads the disk through node:fs/promises. What it answers
 * and how (conditional requests, ranges, variants) is ./answer.ts and
 * ./rules.ts, shared with Workers.
 *
 *   request path ─ safeSegments ─ stat(root/…) ─ precompressed sibling? ─ cached, same dev/ino/size/mtime? ─ yes ─┐
 *                      │ unsafe      │ missing: next()                        │ no: realpath inside root?            │
 *                      ▼             ▼ directory: 301 to "…/" or index        │     no: next()                       │
 *                    next()                                                   ▼ ≤ cacheFileBytes: read, keep         ▼
 *                                                                             answerFile (bytes or a stream) ◀───────┘
 *
 * Path safety: a request path serves a file only if every segment is a
 * plain name after decoding (no "."/"..", no encoded or raw separator, no
 * NUL, no empty segment) and the file's real path (symlinks resolved) lies
 * inside the root's real path; anything else falls through to `next()`.
 *
 * @example
 *   import { serveStatic } from "asedge/middleware/serve-static";
 *   app.use("/assets/*", serveStatic({ root: "./public" }));        // GET /assets/app.js → ./public/assets/app.js
 *   app.use("/*", serveStatic({ root: "./dist", cacheControl: "public, max-age=3600" }));
 */
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import { statSync, type Stats } from "node:fs";
import { resolve, sep } from "node:path";
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";
import { answerFile, type StaticFile } from "./answer.js";
import { ByteLru } from "./lru.js";
import { indexNames, requestSegments, type ServeStaticOptions } from "./options.js";
import { mimeType } from "./mime.js";
import { CODINGS, codingPreference, fileEtag, httpDate, type Coding } from "./rules.js";

export type { ServeStaticOptions };

export const DEFAULT_CACHE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_CACHE_FILE_BYTES = 128 * 1024;
/** Bytes per read of a streamed file (one read per chunk the socket has room for). */
const CHUNK_BYTES = 64 * 1024;
const SIBLING = Object.fromEntries(CODINGS) as Record<Coding, string>;

/** What the cache keeps of a file: the stat fields that must not change, and the file as answerFile takes it. */
interface Cached {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  file: StaticFile;
}

/** Serve files under `options.root`; requests for anything else go on to `next()`. */
export function serveStatic(options: ServeStaticOptions = {}): Handler {
  const root = resolve(options.root ?? ".");
  let realRoot: Promise<string | undefined> | undefined;
  const index = indexNames(options.index);
  const precompressed = options.precompressed ?? true;
  const cache = new ByteLru<Cached>(options.cacheBytes ?? DEFAULT_CACHE_BYTES, options.cacheFileBytes ?? DEFAULT_CACHE_FILE_BYTES);
  const answerOptions = { vary: precompressed, cacheControl: options.cacheControl };
  const statFile = options.syncStat === false ? statAsync : statNow;

  /** True when `path` (already stat'ed) resolves inside the root, symlinks followed. */
  async function inside(path: string): Promise<string | undefined> {
    const base = await (realRoot ??= realpath(root).catch(() => { realRoot = undefined; return undefined; }));
    const real = await realpath(path).catch(() => undefined);
    return real !== undefined && base !== undefined && (real === base || real.startsWith(base.endsWith(sep) ? base : base + sep)) ? real : undefined;
  }

  /** The file (or its preferred precompressed variant) for `path`, or undefined. */
  async function load(c: Context, path: string, stats: Stats): Promise<StaticFile | undefined> {
    const type = mimeType(path, options.mimes);
    if (precompressed) {
      for (const coding of codingPreference(c.req.header("accept-encoding"))) {
        const variantPath = path + SIBLING[coding];
        const variant = await statFile(variantPath);
        if (!variant?.isFile()) continue;
        const file = await read(variantPath, variant, type, coding);
        if (file) return file;
      }
    }
    return read(path, stats, type, undefined);
  }

  async function read(path: string, stats: Stats, type: string, coding: Coding | undefined): Promise<StaticFile | undefined> {
    const hit = cache.get(path);
    if (hit && hit.ino === stats.ino && hit.dev === stats.dev && hit.size === stats.size && hit.mtimeMs === stats.mtimeMs) return hit.file;
    if (hit) cache.delete(path);
    const real = await inside(path);
    if (real === undefined) return undefined;
    const described = (s: Stats) => ({ size: s.size, etag: fileEtag(s.size, s.mtimeMs, coding), mtimeMs: s.mtimeMs, lastModified: httpDate(s.mtimeMs), type, coding });
    if (stats.size <= cache.maxEntryBytes && stats.size <= cache.maxBytes) {
      const handle = await open(real, "r").catch(() => undefined);
      if (!handle) return undefined;
      try {
        const now = await handle.stat();
        const bytes = new Uint8Array(await handle.readFile());
        if (now.size !== bytes.length) return undefined; // changing under us: answer nothing rather than a mismatch
        const file: StaticFile = { ...described(now), bytes };
        cache.set(path, { dev: now.dev, ino: now.ino, size: now.size, mtimeMs: now.mtimeMs, file }, bytes.length);
        return file;
      } finally {
        await handle.close();
      }
    }
    return { ...described(stats), stream: (start, end) => fileStream(real, start, end) };
  }

  return async function serveStaticNode(c, next) {
    const segments = requestSegments(c, options);
    if (!segments) return next();
    // Windows: "a:b" (drive or alternate data stream) and a trailing "." or " " (dropped by Win32) name other files.
    if (sep === "\\" && segments.some((s) => /:|[. ]$/.test(s))) return next();
    const relative = segments.join("/");
    const path = relative === "" ? root : `${root}${sep}${segments.join(sep)}`;
    let stats = await statFile(path);
    let filePath = path;
    if (stats?.isDirectory()) {
      if (segments[segments.length - 1] !== "") {
        if (options.redirectDirectories === false) return next();
        const url = c.req.url;
        const q = url.indexOf("?");
        return c.redirect(`${c.req.path}/${q === -1 ? "" : url.slice(q)}`, 301);
      }
      stats = undefined;
      for (const name of index) {
        const candidate = `${path}${path.endsWith(sep) ? "" : sep}${name}`;
        const found = await statFile(candidate);
        if (found?.isFile()) { stats = found; filePath = candidate; break; }
      }
    } else if (segments[segments.length - 1] === "") {
      return next(); // "file/" names a directory that is not one
    }
    if (!stats?.isFile()) return next();
    const file = await load(c, filePath, stats);
    if (!file) return next();
    return answerFile(c, file, answerOptions);
  };
}

/**
 * The stat of `path`, undefined when there is none, without a trip through
 * libuv's thread pool: a few µs on a local disk, where the pool's hop costs
 * tens of µs and, under load, a wait for a pool thread (profiled: the cached
 * answer spent most of its time waiting for its stat). nginx stats on its
 * event loop too. On a network file system, whose stat can block, pass
 * `syncStat: false`.
 */
function statNow(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, ENAMETOOLONG…: nothing to serve
  }
}

function statAsync(path: string): Promise<Stats | undefined> {
  return stat(path).catch(() => undefined);
}

/**
 * Bytes start..end (inclusive) of the file at `path`, read a chunk per pull:
 * the host pulls the next chunk only when the socket has room (back-pressure).
 * The file is opened on the first pull (a HEAD or a cancelled answer opens
 * nothing) and closed at the end, on an error or on cancel.
 */
export function fileStream(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  let position = start;
  const close = async () => { const h = handle; handle = undefined; await h?.close(); };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        handle ??= await open(path, "r");
        const want = Math.min(CHUNK_BYTES, end + 1 - position);
        if (want <= 0) { await close(); return controller.close(); }
        const chunk = new Uint8Array(want);
        const { bytesRead } = await handle.read(chunk, 0, want, position);
        if (bytesRead === 0) { await close(); return controller.close(); } // the file shrank: end early
        position += bytesRead;
        controller.enqueue(bytesRead === want ? chunk : chunk.subarray(0, bytesRead));
      } catch (error) {
        await close().catch(() => undefined);
        controller.error(error);
      }
    },
    cancel: close,
  }, { highWaterMark: 0 });
}
