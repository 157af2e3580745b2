/**
 * compress: answer with a compressed body (br, gzip or deflate) when the
 * client accepts one and the response is worth it; works on the response
 * record (c.bodyValue, c.responseHeader), so a route stays on the Node fast
 * path.
 *
 * @example
 *   import { compress } from "asedge/middleware/compress";
 *   app.use(compress());                                  // br > gzip > deflate, 1 KiB threshold
 *   app.use("/api/*", compress({ encodings: ["gzip"], threshold: 2048 }));
 *
 * After the handler, in this order (the first that applies decides):
 *
 *   status 1xx/204/205/206/304, no body                 unchanged
 *   Content-Encoding already set                        unchanged (already encoded)
 *   Cache-Control: no-transform                         unchanged
 *   Content-Type not compressible (./compressible.ts)   unchanged (text/event-stream is not)
 *   ─── from here the response varies: Vary: Accept-Encoding (merged) ───
 *   request HEAD                                        no coding (below)
 *   Accept-Encoding accepts none we offer (./negotiate.ts)  identity
 *   known length below `threshold` (strings, bytes,     identity
 *     a Web Response with Content-Length)
 *   otherwise                                           Content-Encoding: <coding>; Content-Length
 *                                                       dropped (the host frames the new body);
 *                                                       a strong ETag becomes weak (W/"…")
 *
 * HEAD: the answer says what GET's would, bar the coding (a compressed HEAD
 * would have to compress the GET body to know its length); it carries Vary.
 * Who encodes depends on the platform (./encoders.ts): node:zlib on Node,
 * the runtime itself on Workers (negotiated on the client's own
 * Accept-Encoding, `request.cf.clientAcceptEncoding`), CompressionStream
 * elsewhere. On Workers Cloudflare's edge may also compress what this
 * middleware leaves alone (its own list of types); that is the platform's.
 */
import type * as Zlib from "node:zlib";
import type { Context } from "../../app/context.js";
import { BodyKind } from "../../app/response.js";
import type { Handler } from "../../app/types.js";
import { compressionStreamEncoder, workerdEncoder, zlibEncoder, type Encoder } from "./encoders.js";
import { ENCODINGS, negotiate, type Encoding } from "./negotiate.js";
import { isCompressible } from "./compressible.js";
import { mergeVary } from "./vary.js";

export { negotiate, parseAcceptEncoding, ENCODINGS, type Encoding } from "./negotiate.js";
export { isCompressible } from "./compressible.js";

export const ERR_ENCODING = "asedge: compress encodings must be a non-empty list of \"br\", \"gzip\", \"deflate\"";
export const ERR_THRESHOLD = "asedge: compress threshold must be a non-negative integer (bytes)";
export const ERR_LEVEL = "asedge: compress level must be an integer 0–9 and brotliQuality 0–11";

export interface CompressOptions {
  /** Codings offered, in the server's preference order (ties in q go to the first). Default `["br", "gzip", "deflate"]`, minus what the platform cannot produce. */
  encodings?: readonly Encoding[];
  /** Bodies of known length below this many bytes are sent as they are. Default 1024. */
  threshold?: number;
  /** Brotli quality. Default 3: the highest that costs no more CPU than gzip level 6 (4 costs ≈ 1.2×), for a body ≈ 30 % smaller than gzip's (bench/results/compress.md). */
  brotliQuality?: number;
  /** gzip/deflate level. Default 6 (zlib's default). */
  level?: number;
  /** Whether a Content-Type is worth compressing. Default `isCompressible`. */
  filter?: (contentType: string | undefined) => boolean;
}

/** Statuses whose answer keeps its body as it is: no content, or a part of one (206). */
const UNTOUCHED_STATUS = (status: number) => status < 200 || status === 204 || status === 205 || status === 206 || status === 304;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const utf8 = new TextEncoder();

interface Platform { name: Encoder["name"]; make(levels: { brotliQuality: number; level: number }): Encoder }

/** Chosen once: Workers → the runtime encodes; node:zlib where the runtime has it; CompressionStream otherwise. */
const PLATFORM: Platform = (() => {
  const g = globalThis as { navigator?: { userAgent?: string }; process?: { getBuiltinModule?: (id: string) => unknown } };
  if (g.navigator?.userAgent === "Cloudflare-Workers") return { name: "workerd", make: () => workerdEncoder };
  const zlib = g.process?.getBuiltinModule?.("node:zlib") as typeof Zlib | undefined;
  if (zlib) return { name: "node:zlib", make: (levels) => zlibEncoder(zlib, levels) };
  return { name: "CompressionStream", make: () => compressionStreamEncoder };
})();

/** Which encoder compress uses on this platform: "node:zlib", "workerd" or "CompressionStream". */
export const platformEncoder: Encoder["name"] = PLATFORM.name;

/** The compression middleware (see the table above). */
export function compress(options: CompressOptions = {}): Handler {
  const threshold = options.threshold ?? 1024;
  if (!Number.isSafeInteger(threshold) || threshold < 0) throw new RangeError(`${ERR_THRESHOLD}: ${threshold}`);
  const level = options.level ?? 6;
  const brotliQuality = options.brotliQuality ?? 3;
  if (!isIntegerIn(level, 0, 9) || !isIntegerIn(brotliQuality, 0, 11)) throw new RangeError(`${ERR_LEVEL}: ${level}, ${brotliQuality}`);
  const wanted = options.encodings ?? ENCODINGS;
  if (wanted.length === 0 || wanted.some((e) => !ENCODINGS.includes(e))) throw new TypeError(`${ERR_ENCODING}: ${JSON.stringify(wanted)}`);
  const encoder = PLATFORM.make({ brotliQuality, level });
  const offered = wanted.filter((e) => encoder.encodings.includes(e));
  const filter = options.filter ?? isCompressible;

  return async function compressMiddleware(c, next) {
    await next();
    await encode(c, encoder, offered, threshold, filter);
  };
}

function isIntegerIn(n: number, low: number, high: number): boolean {
  return Number.isInteger(n) && n >= low && n <= high;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
async function encode(c: Context<any, any>, encoder: Encoder, offered: readonly Encoding[], threshold: number,
  filter: (contentType: string | undefined) => boolean): Promise<void> {
  const response = c.bodyKind === BodyKind.RESPONSE ? c.response : undefined;
  const status = response ? response.status : c.statusCode;
  const body = response ? response.body : c.bodyValue;
  if (body === null || UNTOUCHED_STATUS(status)) return;
  if (c.responseHeader("content-encoding") !== undefined) return;
  const cacheControl = c.responseHeader("cache-control");
  if (cacheControl !== undefined && NO_TRANSFORM.test(cacheControl)) return;
  const contentType = c.responseHeader("content-type");
  if (!filter(contentType)) return;

  const vary = c.responseHeader("vary");
  const merged = mergeVary(vary, "Accept-Encoding");
  if (merged !== vary) c.header("Vary", merged);
  if (c.req.method === "HEAD") return;

  // Negotiated before the body is measured: a client that takes no coding costs no UTF-8 copy.
  const encoding = negotiate(acceptEncoding(c, encoder), offered);
  if (encoding === "identity") return;
  let bytes: Uint8Array | undefined;
  if (typeof body === "string") {
    if (body.length < threshold / 3) return; // at most 3 UTF-8 bytes per UTF-16 unit: surely below
    bytes = utf8.encode(body);
  } else if (body instanceof Uint8Array) bytes = body;
  if (bytes && bytes.byteLength < threshold) return;
  if (!bytes && response) {
    const length = Number(response.headers.get("content-length") ?? Number.NaN);
    if (length < threshold) return;
  }

  const etag = c.responseHeader("etag");
  const encoded = bytes ? await encoder.bytes(encoding, bytes) : encoder.stream(encoding, body as ReadableStream<Uint8Array>);
  // A new body keeps the headers set so far but not an implied Content-Type: say it again.
  c.body(encoded, status);
  c.header("Content-Type", contentType);
  c.header("Content-Encoding", encoding);
  c.header("Content-Length", undefined);
  if (etag !== undefined && etag.startsWith("\"")) c.header("ETag", `W/${etag}`);
}

/** The client's Accept-Encoding; on Workers the request's header is the runtime's ("br, gzip"), the client's is in cf. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
function acceptEncoding(c: Context<any, any>, encoder: Encoder): string | undefined {
  if (encoder.name === "workerd") {
    const cf = (c.req.raw as Request & { cf?: { clientAcceptEncoding?: string } }).cf;
    if (cf && typeof cf.clientAcceptEncoding === "string") return cf.clientAcceptEncoding === "" ? undefined : cf.clientAcceptEncoding;
  }
  return c.req.header("accept-encoding");
}
