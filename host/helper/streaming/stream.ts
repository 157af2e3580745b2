/**
 * The writer a streaming handler gets: Hono's StreamingApi (write, writeln,
 * sleep, pipe, close, onAbort, abort, aborted, closed) over one pull-based
 * ReadableStream, which the host reads as it sends.
 *
 *   producer ── write(chunk) ──▶ [ one queued chunk ] ──▶ host reads ──▶ socket / workerd
 *                 ▲ resolves when the host has taken it (the queue holds one),
 *                 │ so a client that reads slowly makes the producer wait: on the
 *                 │ Node host the next read waits for the socket's 'drain'.
 *   client gone ──┴─ the host cancels the stream → onAbort listeners run, later writes are dropped
 *
 * Hono builds a TransformStream and a second ReadableStream over it; one
 * stream with a queue of one chunk gives the same back-pressure with one
 * hop less. As in Hono, writes after an abort or close are ignored (a
 * producer loops `while (!stream.aborted)`).
 */
type AbortListener = () => void | Promise<void>;

const encoder = new TextEncoder();

export class StreamingApi {
  /** The client went away (the host cancelled the body) or abort() was called. */
  aborted = false;
  /** close() was called. */
  closed = false;
  /** What the host sends: the response body. */
  readonly responseReadable: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private listeners: AbortListener[] = [];
  /** Writes waiting for the host to take the queued chunks. */
  private waiting: (() => void)[] = [];

  constructor() {
    this.responseReadable = new ReadableStream<Uint8Array>({
      start: (controller) => { this.controller = controller; },
      pull: () => { this.release(); },
      cancel: () => { this.abort(); },
    }, { highWaterMark: 1 });
  }

  /** Send text (UTF-8) or bytes; resolves once the host has taken them. */
  async write(input: string | Uint8Array): Promise<this> {
    if (this.aborted || this.closed) return this;
    const bytes = typeof input === "string" ? encoder.encode(input) : input;
    if (bytes.length === 0) return this;
    this.controller.enqueue(bytes);
    if ((this.controller.desiredSize ?? 0) <= 0) await new Promise<void>((resolve) => { this.waiting.push(resolve); });
    return this;
  }

  async writeln(text: string): Promise<this> {
    return this.write(`${text}\n`);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Send every chunk of `body`, then carry on (the stream stays open). */
  async pipe(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        if (this.aborted) {
          await reader.cancel();
          return;
        }
        await this.write(next.value);
      }
    } finally {
      reader.releaseLock();
    }
  }

  /** End the body. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.release();
    if (!this.aborted) {
      try {
        this.controller.close();
      } catch {
        // already cancelled
      }
    }
  }

  /** Run `listener` when the client goes away (or abort() is called). */
  onAbort(listener: AbortListener): void {
    this.listeners.push(listener);
  }

  /** Stop streaming: end the body and run the onAbort listeners once. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.release();
    if (!this.closed) {
      try {
        this.controller.close();
      } catch {
        // the host cancelled it
      }
    }
    for (const listener of this.listeners) {
      try {
        Promise.resolve(listener()).catch(() => undefined);
      } catch {
        // a failing listener does not stop the others
      }
    }
  }

  private release(): void {
    if (this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
