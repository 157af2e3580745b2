/**
 * Who turns a body into its encoded form, per platform; chosen once when the
 * module loads (index.ts), never per request:
 *
 *   platform                     known-length body            stream body               codings
 *   Node, Bun, Deno (node:zlib)  gzipSync / deflateSync /     a zlib stream, flushed    br gzip deflate
 *                                brotliCompressSync           after every chunk
 *   Cloudflare Workers           left as it is: the runtime   left as it is (workerd's  br gzip
 *                                encodes a body whose         encoder does not flush
 *                                Content-Encoding is br or    per chunk)
 *                                gzip, natively, on output
 *   anything else (Web APIs)     CompressionStream            CompressionStream (no     gzip deflate
 *                                                             per-chunk flush)
 *
 * Why workerd encodes on Workers instead of CompressionStream: a Worker's
 * response with Content-Encoding gzip or br is compressed by the runtime
 * unless it is built with `encodeBody: "manual"`, so a body compressed in JS
 * would be compressed twice (measured in workerd); the runtime's encoder is
 * native and gives br without the nodejs_compat flag; and the runtime owns the
 * client-facing coding anyway: a Worker sees `Accept-Encoding: br, gzip`
 * whatever the client sent (the client's own value is
 * `request.cf.clientAcceptEncoding`, which compress negotiates on). workerd
 * encodes only gzip and br this way: a `Content-Encoding: deflate` body goes
 * out unencoded, so deflate is not offered there.
 *
 * node:zlib is reached through `process.getBuiltinModule` (Node ≥ 20.16, Bun,
 * Deno), so this folder imports no Node module and bundles for Workers.
 *
 * Measured (bench/compress.bench.ts, bench/results/compress.md): for a 16 KB
 * body the sync calls cost less CPU than a zlib stream, and a pooled stream
 * (write + flush(Z_FINISH) + reset) costs more than a new sync call; the
 * sync calls close their engine, so there is no state to reuse: no pool.
 */
import type * as Zlib from "node:zlib";
import type { Encoding } from "./negotiate.js";

export interface Encoder {
  /** What the platform calls this encoder (for docs and tests). */
  readonly name: "node:zlib" | "workerd" | "CompressionStream";
  /** The codings it can produce. */
  readonly encodings: readonly Encoding[];
  /** A known-length body, encoded (or, on Workers, as it is: the runtime encodes it). */
  bytes(encoding: Encoding, body: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** A stream body, encoded chunk by chunk. */
  stream(encoding: Encoding, body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array>;
}

export interface Levels {
  /** Brotli quality, 0–11. */
  brotliQuality: number;
  /** gzip and deflate level, 0–9. */
  level: number;
}

/** node:zlib: sync calls for known-length bodies, a stream flushed after every chunk for streams. */
export function zlibEncoder(zlib: typeof Zlib, levels: Levels): Encoder {
  const { constants } = zlib;
  const brotli = (size: number): Zlib.BrotliOptions => ({
    params: { [constants.BROTLI_PARAM_QUALITY]: levels.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: size },
  });
  const options: Zlib.ZlibOptions = { level: levels.level };
  return {
    name: "node:zlib",
    encodings: ["br", "gzip", "deflate"],
    bytes(encoding, body) {
      const out = encoding === "br" ? zlib.brotliCompressSync(body, brotli(body.byteLength))
        : encoding === "gzip" ? zlib.gzipSync(body, options) : zlib.deflateSync(body, options);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
    stream(encoding, body) {
      if (encoding === "br") return flushed(zlib.createBrotliCompress(brotli(0)), constants.BROTLI_OPERATION_FLUSH, body);
      const engine = encoding === "gzip" ? zlib.createGzip(options) : zlib.createDeflate(options);
      return flushed(engine, constants.Z_SYNC_FLUSH, body);
    },
  };
}

/**
 * `source` through a zlib stream, each chunk followed by a flush, so every
 * chunk's bytes leave as soon as it is produced (a client reading a slow
 * stream sees each part, not the whole at the end). Pulls one chunk at a time:
 * back-pressure reaches the source.
 */
function flushed(engine: Zlib.Gzip | Zlib.Deflate | Zlib.BrotliCompress, flush: number, source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let ended: Promise<void> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      engine.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      engine.on("error", (error) => controller.error(error));
      ended = new Promise((resolve) => engine.once("end", () => { controller.close(); resolve(); }));
    },
    async pull() {
      const { done, value } = await reader.read();
      if (done) {
        engine.end();
        return ended;
      }
      await new Promise<void>((resolve) => { engine.write(value); engine.flush(flush, () => resolve()); });
    },
    cancel(reason) {
      engine.destroy();
      return reader.cancel(reason);
    },
  });
}

/** Workers: the body stays as it is and the runtime encodes it on output (see above). */
export const workerdEncoder: Encoder = {
  name: "workerd",
  encodings: ["br", "gzip"],
  bytes: (_encoding, body) => body,
  stream: (_encoding, body) => body,
};

/** Web APIs only: CompressionStream (gzip, deflate; no brotli, no per-chunk flush). */
export const compressionStreamEncoder: Encoder = {
  name: "CompressionStream",
  encodings: ["gzip", "deflate"],
  async bytes(encoding, body) {
    const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(encoding as CompressionFormat));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  },
  stream: (encoding, body) => body.pipeThrough(new CompressionStream(encoding as CompressionFormat) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>),
};
