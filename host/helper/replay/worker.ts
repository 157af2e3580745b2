/**
 * Record/replay on Workers (the package's "workerd"/"worker" condition):
 * replay from a recording's bytes — bundled as a Data module, or read from
 * KV or R2 — with `Recording.from(bytes)`. Workers have no files to record
 * into; an in-memory Recording can take new exchanges for the isolate's
 * life (they are lost with it). gzip and deflate bodies are decoded with
 * DecompressionStream (br is stored as it came).
 *
 * @example
 *   import data from "./api.rec";                      // wrangler: [[rules]] type = "Data", globs = ["**\/*.rec"]
 *   import { Recording, replay } from "asedge/helper/replay";
 *   const recording = Recording.from(new Uint8Array(data));
 *   app.all("/api/*", replay({ recording, mode: "lockdown" }));
 */
import { replayWith, type BodyDecoder } from "./replay.js";

const STREAM_FORMATS: Record<string, CompressionFormat> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate" };

const decodeWithStreams: BodyDecoder = async (encoding, body) => {
  const format = STREAM_FORMATS[encoding];
  if (!format) return undefined;
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

export const replay = replayWith(decodeWithStreams);
export * from "./shared.js";
