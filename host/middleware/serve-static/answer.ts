/**
 * Answering a GET or HEAD with a file the store found (runtime-free: the
 * Node store and the Workers store both end here). Records the response on
 * the context (status, headers, body), never through `c.res`:
 *
 *   preconditions ── 304 / 412 ─────────────────────────────▶ no body, validators kept
 *        │ pass
 *   Range (GET; If-Range holds) ── unsatisfiable ───────────▶ 416, Content-Range: bytes *\/size
 *        │ one range ──────────────────────────────────────▶ 206, Content-Range
 *        │ several ────────────────────────────────────────▶ 206, multipart/byteranges
 *        │ none / malformed / too many
 *   200 with the whole file (bytes when cached, else a stream)
 */
import type { Context } from "../../app/context.js";
import type { ResponseReady } from "../../app/types.js";
import { vary } from "../../helper/vary/index.js";
import { contentRange, httpDate, ifRangeHolds, multipartEnd, newBoundary, parseRange, partHead, preconditions,
  type ByteRange, type Coding } from "./rules.js";

/** A file (or one precompressed variant of it) as a store found it. */
export interface StaticFile {
  size: number;
  /** Strong ETag, quoted. */
  etag: string;
  /** Modification time in ms (Last-Modified), when the store knows it. */
  mtimeMs?: number;
  /** Last-Modified as an HTTP-date, when the store keeps it formatted (else made from mtimeMs). */
  lastModified?: string;
  /** Content-Type of the file (not of its coding). */
  type: string;
  /** Content-Encoding of a precompressed variant. */
  coding?: Coding;
  /** The whole content, when it is in memory. */
  bytes?: Uint8Array;
  /** Bytes start..end (inclusive), when the content is not in memory; may be called once per range. */
  stream?(start: number, end: number): ReadableStream<Uint8Array>;
  /** Headers the store adds (e.g. what the assets binding answered), set before the rules' own. */
  headers?: [string, string][];
}

export interface AnswerOptions {
  /** Add `Vary: Accept-Encoding` (the store may serve precompressed variants of this path). */
  vary: boolean;
  /** Cache-Control of every answer, when set. */
  cacheControl?: string;
}

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/** Record the answer to the current request for `file` on `c`. */
export function answerFile(c: Context, file: StaticFile, options: AnswerOptions): ResponseReady {
  const header = (name: string) => c.req.header(name);
  const condition = preconditions(header, file);
  if (condition === 412) return c.body(null, 412);
  // A 304 carries what guides a cache's update (RFC 9110 §15.4.5): ETag, Cache-Control, Vary; not Last-Modified beside an ETag.
  if (file.headers) {
    for (const [name, value] of file.headers) if (condition === "pass" || name.toLowerCase() === "cache-control") c.header(name, value);
  }
  c.header("ETag", file.etag);
  if (options.cacheControl !== undefined) c.header("Cache-Control", options.cacheControl);
  if (options.vary) vary(c, "Accept-Encoding");
  if (condition === 304) return c.body(null, 304);

  if (file.mtimeMs !== undefined) c.header("Last-Modified", file.lastModified ?? httpDate(file.mtimeMs));
  c.header("Accept-Ranges", "bytes");
  if (file.coding) c.header("Content-Encoding", file.coding);
  const rangeField = c.req.method === "GET" ? header("range") : undefined;
  const ifRange = header("if-range");
  const range = rangeField === undefined || (ifRange !== undefined && !ifRangeHolds(ifRange, file, Date.now()))
    ? { kind: "full" as const }
    : parseRange(rangeField, file.size);

  if (range.kind === "unsatisfiable") {
    c.header("Content-Range", `bytes */${file.size}`);
    return c.body(null, 416);
  }
  if (range.kind === "partial" && range.ranges.length === 1) {
    const [start, end] = range.ranges[0];
    c.header("Content-Type", file.type);
    c.header("Content-Range", contentRange(range.ranges[0], file.size));
    return c.body(file.bytes ? file.bytes.subarray(start, end + 1) : file.stream!(start, end), 206);
  }
  if (range.kind === "partial") {
    const boundary = newBoundary();
    c.header("Content-Type", `multipart/byteranges; boundary=${boundary}`);
    return c.body(multipart(file, range.ranges, boundary), 206);
  }
  c.header("Content-Type", file.type);
  if (file.bytes) return c.body(file.bytes);
  return c.body(file.size === 0 ? EMPTY : file.stream!(0, file.size - 1));
}

/** A multipart/byteranges body (RFC 9110 §14.6): bytes when the file is in memory, else a stream of the parts in turn. */
function multipart(file: StaticFile, ranges: ByteRange[], boundary: string): Uint8Array | ReadableStream<Uint8Array> {
  const heads = ranges.map((r, i) => encoder.encode(partHead(boundary, i === 0, file.type, r, file.size)));
  const end = encoder.encode(multipartEnd(boundary));
  if (file.bytes) {
    const bytes = file.bytes;
    let length = end.length;
    ranges.forEach(([s, e], i) => { length += heads[i].length + e - s + 1; });
    const out = new Uint8Array(length);
    let at = 0;
    ranges.forEach(([s, e], i) => {
      out.set(heads[i], at); at += heads[i].length;
      out.set(bytes.subarray(s, e + 1), at); at += e - s + 1;
    });
    out.set(end, at);
    return out;
  }
  const parts: (Uint8Array | (() => ReadableStream<Uint8Array>))[] = [];
  ranges.forEach(([s, e], i) => { parts.push(heads[i], () => file.stream!(s, e)); });
  parts.push(end);
  return concatStreams(parts);
}

/** One stream of byte chunks and streams opened in turn (each only when the one before has ended). */
function concatStreams(parts: (Uint8Array | (() => ReadableStream<Uint8Array>))[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (reader) {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          reader = undefined;
        }
        if (index === parts.length) return controller.close();
        const part = parts[index++];
        if (part instanceof Uint8Array) return controller.enqueue(part);
        reader = part().getReader();
      }
    },
    async cancel(reason) {
      await reader?.cancel(reason);
    },
  });
}
