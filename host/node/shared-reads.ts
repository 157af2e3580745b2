/**
 * Socket reads into one buffer shared by every connection, instead of a
 * fresh Buffer and a 'data' event per read: what net.Socket's documented
 * `onread` option does (the kernel's bytes land in a reused buffer; a
 * callback gets the count; no readable-stream bookkeeping per read).
 * net.Server does not take `onread` for the sockets it accepts, so an
 * accepted socket gets what net.Socket's constructor sets for it: its
 * kBuffer and kBufferCb fields (found by their symbols' names), then the
 * handle's useUserBuffer. Pause, resume and end work as with `onread`:
 * Node checks those same fields.
 *
 * Where the fields are not there (another runtime's node:net, a Node that
 * renamed them), the socket is left as it is and reads stay 'data' events.
 *
 * One buffer is safe for all: reads are delivered one at a time, and a
 * Connection copies a read's bytes into WASM memory before its callback
 * returns (it keeps no reference to them).
 */
import type net from "node:net";

/** A read of up to this much (Node's own default for a read is 64 KiB). */
const READ_BYTES = 64 * 1024;

/** Called with the shared buffer and how many bytes of it this read filled. */
export type ReadCallback = (buffer: Buffer, length: number) => void;

interface UserBufferHandle {
  useUserBuffer(buffer: Uint8Array): void;
}

let shared: Buffer | undefined;
/** net.Socket's `onread` fields: module constants of node:net, the same on every socket, so looked up on the first one. */
let onreadFields: { buffer?: symbol; callback?: symbol } | undefined;
let enabled = true;

/**
 * Deliver `socket`'s reads to `onRead` through the shared buffer; false
 * (nothing changed) when this runtime's sockets do not have the fields, or
 * shared reads are turned off.
 */
export function readIntoSharedBuffer(socket: net.Socket, onRead: ReadCallback): boolean {
  if (!enabled) return false;
  const handle = (socket as unknown as { _handle?: Partial<UserBufferHandle> | null })._handle;
  if (typeof handle?.useUserBuffer !== "function") return false;
  const { buffer: bufferField, callback: callbackField } = (onreadFields ??= findOnreadFields(socket));
  const fields = socket as unknown as Record<symbol, unknown>;
  // Both present and unset (null: a socket made without `onread`).
  if (bufferField === undefined || callbackField === undefined || fields[bufferField] !== null || fields[callbackField] !== null) return false;
  shared ??= Buffer.allocUnsafe(READ_BYTES);
  fields[bufferField] = shared;
  fields[callbackField] = (length: number, buffer: Buffer) => { onRead(buffer, length); };
  handle.useUserBuffer(shared);
  return true;
}

function findOnreadFields(socket: net.Socket): { buffer?: symbol; callback?: symbol } {
  const found: { buffer?: symbol; callback?: symbol } = {};
  for (const field of Object.getOwnPropertySymbols(socket)) {
    if (field.description === "kBuffer") found.buffer = field;
    else if (field.description === "kBufferCb") found.callback = field;
  }
  return found;
}

/** Turn shared reads off (or on again) for sockets accepted from now on: tests of the 'data' path, A/B benches. */
export function useSharedReads(on: boolean): void {
  enabled = on;
}
