/**
 * A Bun socket as the Connection's `Wire`. Bun's write() takes what the
 * kernel's buffer takes and returns how much that was; it keeps nothing. So
 * the rest waits here, in order, and goes out on Bun's drain: only then is
 * the connection told (its onDrain), as node:net tells it when its buffer
 * empties. An end() behind waiting bytes closes once they are out.
 *
 *   write(a) → Bun takes 60 % of a → pending [a'] → false (the connection pauses reading)
 *   drain    → write(a') all taken → pending [] → onDrain (reading resumes)
 */
import type { Wire } from "../node/connection.js";
import type { BunSocket } from "./bun-api.js";

export class BunWire implements Wire {
  destroyed = false;
  /** Bytes Bun did not take yet, oldest first (views of response copies, or of the read batch's output, whose written regions are never reused). */
  private pending: Uint8Array[] = [];
  /** end() was asked for while bytes were pending: close once they are written. */
  private ending = false;

  constructor(private readonly socket: BunSocket<unknown>) {}

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  write(bytes: Uint8Array): boolean {
    return this.writeRange(bytes, 0, bytes.length);
  }

  /** write() of buffer[start, end) with no view made unless Bun leaves some of it (JavaScriptCore's views are dear). */
  writeRange(buffer: Uint8Array, start: number, end: number): boolean {
    if (this.destroyed) return false;
    if (this.pending.length === 0) {
      const taken = this.socket.write(buffer, start, end - start);
      if (taken === end - start) return true;
      if (taken > 0) start += taken;
    }
    this.pending.push(start === 0 && end === buffer.length ? buffer : buffer.subarray(start, end));
    return false;
  }

  /** Bun's drain: send what waits; true once nothing does (then the connection's onDrain runs). */
  flush(): boolean {
    const { pending } = this;
    while (pending.length > 0 && !this.destroyed) {
      const bytes = pending[0];
      const taken = this.socket.write(bytes);
      if (taken < bytes.length) {
        if (taken > 0) pending[0] = bytes.subarray(taken);
        return false;
      }
      pending.shift();
    }
    if (this.ending) this.socket.end();
    return true;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(bytes?: Uint8Array): void {
    if (this.destroyed) return;
    if (bytes !== undefined) this.write(bytes);
    if (this.pending.length > 0) this.ending = true;
    else this.socket.end();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.closed();
    this.socket.terminate();
  }

  /** The socket is gone: nothing more goes out. */
  closed(): void {
    this.destroyed = true;
    this.pending = [];
  }
}
