/**
 * Record/replay on Node: `asedge/helper/replay`. replay() decodes recorded
 * gzip, deflate and br bodies with node:zlib; recordings live in files
 * (openRecording, ./file.ts). On Workers the package's "workerd"/"worker"
 * condition gives ./worker.ts: replay from a recording's bytes, no files.
 *
 * @example
 *   import { proxy } from "asedge/helper/proxy";
 *   import { openRecording, replay } from "asedge/helper/replay";
 *   const recording = openRecording("api.rec", { create: true });
 *   app.all("/api/*", replay({ recording, mode: "replay-or-record" }), proxy("https://api.example", { prefix: "/api" }));
 */
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";
import { replayWith, type BodyDecoder } from "./replay.js";

const DECODERS: Record<string, (body: Uint8Array) => Promise<Uint8Array>> = {
  gzip: promisify(gunzip), "x-gzip": promisify(gunzip), deflate: promisify(inflate), br: promisify(brotliDecompress),
};

/** A body in one of zlib's encodings, decoded; undefined for any other (stored as it came). */
const decodeWithZlib: BodyDecoder = async (encoding, body) => {
  const decode = DECODERS[encoding];
  return decode ? new Uint8Array(await decode(body)) : undefined;
};

export const replay = replayWith(decodeWithZlib);
export * from "./shared.js";
export { openRecording, type RecordingFile, type OpenRecordingOptions } from "./file.js";
