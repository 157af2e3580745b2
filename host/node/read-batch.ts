/**
 * The responses to one socket read, in order, taken as one buffer for one
 * write once the read is handled (pipelining: many responses, one syscall).
 *
 * Answers written while the read is handled are gathered (ReplySink):
 * copied from WASM memory straight to the end of an output buffer shared by
 * every connection, so consecutive answers form one run and need no buffer
 * of their own. Other responses (a 100-continue, a large or async answer)
 * join the batch as their own buffers, in order.
 *
 *   output: [ written … │ this read's run: answer 1 │ answer 2 │ … │ free ]
 *                                                              ▲ used
 *
 * A region of the output handed to a write is never written again (a
 * queued write may still point at it): `used` only advances, and a full
 * output is replaced by a new one; the old one lives as long as its writes.
 */
import type { Core } from "../core/core.js";
import type { ReplySink } from "../slot/contract.js";
import type { Wire } from "./connection.js";

const OUTPUT_BYTES = 64 * 1024;
/** Larger answers keep their own buffer: a few would fill the output. */
const MOST_GATHERED = 8 * 1024;

/** Reads are handled one at a time, so a batch's answers land one after another here. */
let output: Buffer = Buffer.allocUnsafe(OUTPUT_BYTES);
let used = 0;

export class ReadBatch implements ReplySink {
  /** This batch's current run of gathered answers: [runStart, runEnd) of runIn (undefined: none). */
  private runIn: Buffer | undefined;
  private runStart = 0;
  private runEnd = 0;
  /** What came before the current run, in order (only when not everything was one run). */
  private parts: Uint8Array[] | undefined;

  gather(core: Core, ptr: number, length: number): boolean {
    if (length > MOST_GATHERED) return false;
    if (used + length > output.length) {
      output = Buffer.allocUnsafe(OUTPUT_BYTES);
      used = 0;
    }
    if (this.runIn !== output || this.runEnd !== used) {
      this.closeRun();
      this.runIn = output;
      this.runStart = used;
    }
    core.copyInto(ptr, length, output, used);
    this.runEnd = used += length;
    return true;
  }

  /** A response in a buffer of its own, after what is in. */
  add(bytes: Uint8Array): void {
    this.closeRun();
    (this.parts ??= []).push(bytes);
  }

  /** Everything added since the last take, as one buffer; undefined when nothing was. */
  take(): Uint8Array | undefined {
    if (this.parts === undefined) {
      const run = this.runIn?.subarray(this.runStart, this.runEnd);
      this.runIn = undefined;
      return run;
    }
    this.closeRun();
    const parts = this.parts;
    this.parts = undefined;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** take() written to `wire` in one write (a lone run as a range where the wire takes one); undefined when nothing was added. */
  sendTo(wire: Wire): boolean | undefined {
    const { runIn } = this;
    if (this.parts === undefined && runIn !== undefined && wire.writeRange) {
      this.runIn = undefined;
      return wire.writeRange(runIn, this.runStart, this.runEnd);
    }
    const bytes = this.take();
    return bytes === undefined ? undefined : wire.write(bytes);
  }

  private closeRun(): void {
    if (this.runIn === undefined) return;
    (this.parts ??= []).push(this.runIn.subarray(this.runStart, this.runEnd));
    this.runIn = undefined;
  }
}
