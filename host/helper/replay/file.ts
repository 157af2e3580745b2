/**
 * Record/replay storage on Node: a recording file (./format.ts) loaded into
 * memory, and an appender that adds each new entry at its end.
 *
 * Durability: each entry goes out in one `fs.write` on a descriptor opened
 * with "a" (append-only, nothing already written is ever rewritten), without
 * an fsync per entry. A crash of the process can lose only the entry being
 * written (torn: the format's torn-tail rule leaves it out at the next
 * load); a crash of the machine can also lose what the OS had not flushed
 * yet, which still leaves whole entries and at most a torn (or zero-filled)
 * tail. Opening the file cuts that tail off before anything is appended
 * after it.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import * as zlib from "node:zlib";
import { crc32 as jsCrc32, ERR_RECORDING_MAGIC, ERR_RECORDING_VERSION, fileHeader, Recording, type Crc32 } from "./format.js";
import type { RecordedExchange } from "./types.js";

export const ERR_RECORDING_CLOSED = "asedge replay: the recording file is closed";

/**
 * zlib's CRC-32, the same function as the format's JS one, much faster; Node
 * before 20.15 has none (hence no named import, which would fail to link there).
 */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
const crc32: Crc32 = zlibCrc32 ? (data) => zlibCrc32(data) : jsCrc32;

export interface OpenRecordingOptions {
  /** Create the file (with just the header) when it is missing; without it a missing file is an error. */
  create?: boolean;
}

export interface RecordingFile {
  /** Everything in the file, plus what `append` added. */
  readonly recording: Recording;
  readonly path: string;
  /**
   * Adds the exchange to `recording` and writes its entry at the end of the
   * file. A failed write throws, and the exchange is then in memory only
   * (this process still answers with it; the file does not have it).
   */
  append(x: RecordedExchange): void;
  close(): void;
}

/** Loads the recording at `path` and opens it for appending. */
export function openRecording(path: string, options: OpenRecordingOptions = {}): RecordingFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || !options.create) throw error;
    bytes = new Uint8Array(0);
  }
  // A missing file, or an empty one (a crash before its header was written), becomes a new recording.
  const fresh = bytes.length === 0 && options.create === true;
  if (fresh) bytes = fileHeader();
  let recording: Recording;
  try {
    recording = Recording.from(bytes, { crc32 });
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith(ERR_RECORDING_MAGIC) || message.startsWith(ERR_RECORDING_VERSION)) throw new Error(`${message}: ${path}`);
    throw new Error(`${message} in ${path}`);
  }
  let fd: number | undefined = openSync(path, "a");
  if (fresh) writeAll(fd, bytes);
  else if (recording.torn) ftruncateSync(fd, recording.byteLength);
  return {
    recording, path,
    append(x) {
      if (fd === undefined) throw new Error(`${ERR_RECORDING_CLOSED}: ${path}`);
      const entry = recording.add(x);
      writeAll(fd, entry);
    },
    close() {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
    },
  };
}

/** One write in the usual case; a short write (a full disk reports it as an error) continues where it stopped. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}
