/**
 * One client connection of the Node host: socket bytes go into a slot in
 * WASM memory, one parse call per read, the app answers, response bytes come
 * out of WASM memory to the socket.
 *
 * Slots: a connection takes one when request bytes arrive. If its message is
 * still partial when a read ends, the slot lender (slot-lender.ts) may park
 * it to serve others: its parser state and bytes move to `parked` and the
 * slot goes back; the next read takes a slot again and restores them.
 *
 * Ordering: responses leave in request order. A synchronous answer with
 * nothing pending before it goes out at once (all answers produced while one
 * read is handled leave as a single write); otherwise it waits in `ready`
 * until the earlier ones are out. Buffer lifetime: the app copies the
 * response bytes out of the slot as it releases it (an answer written
 * while the read is handled straight into the read's batch, ./read-batch.ts),
 * so no queued socket write ever points into memory a later request reuses.
 *
 * Nothing here is tied to one socket API: a host hands each Connection a
 * `Wire` and calls its onData/onDrain/onClose. A node:net Socket is a Wire
 * as it is (server.ts); the Bun host wraps Bun's socket (../bun/wire.ts).
 */
import type { Core } from "../core/core.js";
import { NO_SLOT, REQ, Phase, Flag, ParseError, METHOD_HEAD } from "../core/abi.js";
import { GATHERED, type SlotApp, type SlotReply, type StreamReply } from "../slot/contract.js";
import type { ConnectionSettings } from "./options.js";
import type { ServerEvents } from "./events.js";
import type { SlotHolder, SlotLender } from "./slot-lender.js";
import { isCoreTrap } from "../core/trap.js";
import { ReadBatch } from "./read-batch.js";

/**
 * Bytes of a read copied into a slot before the parser asks for more:
 * larger than most request heads (browsers send ≈ 0.5–2 KiB), small enough
 * that moving a window's leftover per pipelined request is cheap.
 */
const FIRST_WINDOW = 4096;

const CONTINUE = Buffer.from("HTTP/1.1 100 Continue\r\n\r\n");
const CRLF = Buffer.from("\r\n");
const LAST_CHUNK = Buffer.from("0\r\n\r\n");
/** Sent when the app's response could not be written (no Date: RFC 9110 makes it optional on 5xx). */
const INTERNAL_ERROR_HEAD = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 21\r\nConnection: close\r\n\r\n";
const INTERNAL_ERROR = Buffer.from(`${INTERNAL_ERROR_HEAD}Internal Server Error`, "latin1");
const INTERNAL_ERROR_FOR_HEAD = Buffer.from(INTERNAL_ERROR_HEAD, "latin1");
/** Sent to a request that was arriving when the core was replaced after a trap. */
const CORE_REPLACED = Buffer.from("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 11\r\nConnection: close\r\n\r\nserver busy", "latin1");

/** What leaves for one request, in order: bytes (maybe already in the read's batch), a head and a streamed body, or nothing (the app failed). */
type Outgoing = SlotReply;

/** What a Connection needs of its socket (a node:net Socket has it all). */
export interface Wire {
  /** The socket is closed (by either end, or destroyed): nothing more can be written. */
  readonly destroyed: boolean;
  readonly remoteAddress: string | undefined;
  /** Send `bytes` (kept until written); false when they wait in a buffer: the host calls onDrain once it empties. */
  write(bytes: Uint8Array): boolean;
  /** write() of buffer[start, end), where the socket takes a range and a view would cost more (Bun); optional. */
  writeRange?(buffer: Uint8Array, start: number, end: number): boolean;
  /** Stop / start delivering data (onData). */
  pause(): void;
  resume(): void;
  /** Close once everything written before is sent; with `bytes`, those go last. */
  end(): void;
  end(bytes: Uint8Array): void;
  /** Close at once; what is buffered is dropped. */
  destroy(): void;
}

export interface ConnectionOwner {
  readonly core: Core;
  readonly app: SlotApp;
  readonly settings: ConnectionSettings;
  readonly lender: SlotLender;
  /** `core` trapped: replace it (once, after the current event) and keep serving. */
  coreTrapped(error: WebAssembly.RuntimeError, core: Core): void;
  /** Server is shutting down: finish what is in flight, then close. */
  readonly draining: boolean;
  /** Where server events go (./events.ts). */
  readonly events: ServerEvents;
  /** Called once when the socket is gone. */
  forget(connection: Connection): void;
}

export class Connection implements SlotHolder {
  /** Slot receiving the current request, or NO_SLOT between requests and while parked. */
  private slot = NO_SLOT;
  /** Bytes of the current request already in its slot. */
  private filled = 0;
  /** The current request's bytes while it holds no slot (parked by the lender), else null. */
  private parked: Buffer | null = null;
  /** The parked request had outgrown a small slot. */
  private parkedLarge = false;
  /** In the lender's holder list (holds a slot with a partial message). */
  private holding = false;
  private served = 0;
  private continueSent = false;
  private headDone = false;
  /** No more requests are read; close once pending responses are written. */
  private closing = false;
  /** Sequence numbers: next to dispatch, next to write. */
  private nextSeq = 0;
  private writeSeq = 0;
  /** Finished responses waiting for earlier ones (only with async handlers or streams). */
  private ready: Map<number, Outgoing> | undefined;
  private pausedForPipeline = false;
  /** A read is being handled: what it answers goes into its batch, sent as one write at its end. */
  private inRead = false;
  private readonly batch = new ReadBatch();
  /** A streamed body waiting for the socket to drain (or close). */
  private wakeStream: (() => void) | undefined;
  /** Cancels a streamed body when the client goes away. */
  private cancelStream: (() => void) | undefined;
  /**
   * performance.now() readings (ms) for the timeout sweep. requestStartedAt:
   * when the current request's first byte came, or when the connection
   * opened (as in Node, the first head is due within headersTimeout of
   * connecting); 0 between requests.
   */
  requestStartedAt: number;
  idleSince: number;
  /**
   * performance.now() when the current read arrived, taken once per read:
   * every request whose first byte came with it started then (pipelined
   * ones too), and a response written while handling it leaves then.
   */
  private readAt = 0;
  /** The current request's first byte (readAt of its first read): where its latency (metrics) starts. */
  private firstByteAt = 0;

  /** The client's address (a Peer for c.req.remoteAddress; read only when a handler asks). */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /** The host delivers the socket's events to onData, onDrain and onClose. */
  constructor(private readonly owner: ConnectionOwner, readonly socket: Wire) {
    this.idleSince = this.requestStartedAt = performance.now();
  }

  /** The current request's head is in (the body may still be arriving). */
  get receivedHead(): boolean {
    return this.headDone;
  }

  /** A request is being received (in a slot or parked). */
  private get receiving(): boolean {
    return this.slot !== NO_SLOT || this.parked !== null;
  }

  /** True when no request is being received or answered. */
  get idle(): boolean {
    return !this.receiving && this.writeSeq === this.nextSeq;
  }

  /** No response is owed and no request body is arriving: at most part of a head is in. */
  get nothingInFlight(): boolean {
    return this.writeSeq === this.nextSeq && !(this.receiving && this.headDone);
  }

  /** What parking would copy: the slot's parser state (head and header table) and the bytes in. */
  get heldBytes(): number {
    const { core } = this.owner;
    return core.slotInput(this.slot) - core.slotRequest(this.slot) + this.filled;
  }

  get holdsLarge(): boolean {
    return this.owner.lender.isLarge(this.slot);
  }

  /**
   * Called by the lender: copy the partial request out of its slot (the
   * parser state with it: the parser may have rewritten chunked framing in
   * place, so the bytes alone could not be parsed again) and give the slot back.
   */
  park(): void {
    const { core, lender } = this.owner;
    this.holding = false;
    this.parkedLarge = lender.isLarge(this.slot);
    this.parked = core.copyOut(core.slotRequest(this.slot), this.heldBytes) as Buffer;
    lender.addParked(this.parked.length);
    core.exports.release(this.slot);
    this.slot = NO_SLOT;
    this.filled = 0;
  }

  /** Called by the lender when parking would pass its memory budget. */
  refuse(): void {
    this.holding = false;
    this.fail(ParseError.POOL_EXHAUSTED);
  }

  /** Bytes arrived from the client: the first `length` of `chunk` (a shared read buffer is larger than one read). */
  readonly onData = (chunk: Uint8Array, length = chunk.length): void => {
    if (this.closing) return;
    const { core } = this.owner;
    const api = core.exports;
    this.readAt = performance.now();
    this.inRead = true;
    try {
      let off = 0;
      let pendingBytes = true;
      while (pendingBytes && !this.closing) {
        if (this.slot === NO_SLOT) {
          if (off === length) break;
          if (!(this.parked ? this.resume() : this.startRequest())) return;
        }
        const slot = this.slot;
        const input = core.slotInput(slot);
        // A first window of the read until the parser asks for more: the
        // bytes of pipelined requests behind this one wait in the chunk. So a
        // read that would fill the arena still leaves the router's match
        // table and the answer their room, and the leftover moved to the next
        // request's slot (complete()) is at most a window per request, not
        // the rest of a large read each time (O(n²) over a read of n
        // requests). A request that needs more gets the rest next turn.
        const cap = core.slotInputCap(slot);
        const window = Math.min(cap >>> 1, FIRST_WINDOW);
        const room = (this.filled < window ? window : cap) - this.filled;
        const n = Math.min(length - off, room);
        if (n > 0) {
          core.u8.set(n === chunk.length ? chunk : chunk.subarray(off, off + n), input + this.filled);
          this.filled += n;
          off += n;
        }
        const result = api.parse(slot, input, this.filled);
        if (result < 0) return this.fail(-result);
        if (result === 0) {
          this.onPartial(slot);
          pendingBytes = off < length && this.slot !== NO_SLOT;
          continue;
        }
        pendingBytes = this.complete(slot, input, result) || off < length;
      }
    } catch (error) {
      if (!isCoreTrap(error)) throw error;
      // The parser trapped: this request is lost (500); the core is replaced.
      this.owner.coreTrapped(error, core);
      this.slot = NO_SLOT;
      this.parked = null;
      this.answerAndClose(INTERNAL_ERROR);
    } finally {
      this.flushBatch();
      this.updateHolding();
    }
  };

  /** Tell the lender whether this read ended with a partial message in a slot. */
  private updateHolding(): void {
    const lender = this.owner.lender;
    if (this.slot !== NO_SLOT && !this.closing) {
      this.holding = true;
      lender.hold(this);
    } else if (this.holding) {
      this.holding = false;
      lender.unhold(this);
    }
  }

  /** Take a slot again for a parked request and restore it: parser state, header table, bytes. */
  private resume(): boolean {
    const { core, lender } = this.owner;
    const saved = this.parked!;
    const wasLarge = this.parkedLarge;
    this.dropParked(); // before acquiring: the budget check of whoever gets parked for us must not count these bytes
    const small = lender.acquire(this);
    if (small === NO_SLOT) {
      this.fail(ParseError.POOL_EXHAUSTED);
      return false;
    }
    this.slot = small;
    if (wasLarge) {
      const large = lender.moveToLarge(this, small, 0);
      if (large === NO_SLOT) {
        this.fail(ParseError.POOL_EXHAUSTED);
        return false;
      }
      this.slot = large;
    }
    // Every slot has the same head layout, so the saved state fits as it was.
    const start = core.slotRequest(this.slot);
    core.u8.set(saved, start);
    this.filled = saved.length - (core.slotInput(this.slot) - start);
    return true;
  }

  private dropParked(): void {
    if (this.parked === null) return;
    this.owner.lender.addParked(-this.parked.length);
    this.parked = null;
    this.parkedLarge = false;
  }

  /** Send bytes now, or add them to the current read's batch. */
  private send(bytes: Uint8Array): void {
    if (this.inRead) this.batch.add(bytes);
    else if (!this.socket.write(bytes)) this.socket.pause();
  }

  /** One write for everything the current read produced (pipelining: many responses); later sends go out at once. */
  private flushBatch(): void {
    this.inRead = false;
    if (this.socket.destroyed) this.batch.take();
    else if (this.batch.sendTo(this.socket) === false) this.socket.pause();
  }

  /** Take a slot for a new request; false (after answering 503) when none is free. */
  private startRequest(): boolean {
    const slot = this.owner.lender.acquire(this);
    if (slot === NO_SLOT) {
      this.owner.events.limit("pool-exhausted", (count) => `asedge: no request slot free: answered 503 (${count} since the last such line; raise maxSlots or arenaBytes)`);
      this.fail(ParseError.POOL_EXHAUSTED);
      return false;
    }
    this.slot = slot;
    this.filled = 0;
    this.headDone = false;
    this.continueSent = false;
    this.requestStartedAt = this.firstByteAt = this.readAt;
    return true;
  }

  /** More bytes are needed: send 100-continue once the head is in, grow into a large slot when full. */
  private onPartial(slot: number): void {
    const { core } = this.owner;
    const api = core.exports;
    const head = core.slotRequest(slot);
    if (!this.headDone && core.u32(head + REQ.PHASE) !== Phase.HEAD) {
      this.headDone = true;
      if (!this.continueSent && core.u32(head + REQ.FLAGS) & Flag.EXPECT_CONTINUE) {
        this.continueSent = true;
        this.send(CONTINUE);
      }
    }
    const cap = core.slotInputCap(slot);
    if (this.filled < cap) return;
    // The slot is full and the message is not complete: a small slot moves
    // into a large one; a full large one means the raw message (chunk
    // framing included) exceeds what the body limit allows.
    if (this.owner.lender.isLarge(slot)) return this.fail(ParseError.BODY_TOO_LARGE);
    const large = this.owner.lender.moveToLarge(this, slot, this.filled);
    if (large === NO_SLOT) return this.fail(ParseError.POOL_EXHAUSTED);
    this.slot = large;
  }

  /**
   * A whole message of `length` bytes is in `slot`: move the bytes after it
   * (the next pipelined request) to a fresh slot, then answer. Returns true
   * when such bytes remain to be parsed.
   */
  private complete(slot: number, input: number, length: number): boolean {
    const { core, settings } = this.owner;
    const leftover = this.filled - length;
    const head = core.slotRequest(slot);
    const flags = core.u32(head + REQ.FLAGS);
    const isHead = core.u32(head + REQ.METHOD_ID) === METHOD_HEAD;
    this.served++;
    const lastOne = !(flags & Flag.KEEP_ALIVE) || (flags & Flag.UPGRADE) !== 0 || this.owner.draining ||
      (settings.maxRequestsPerSocket > 0 && this.served >= settings.maxRequestsPerSocket);
    this.slot = NO_SLOT;
    this.filled = 0;
    this.requestStartedAt = 0;
    if (lastOne) this.closing = true;
    this.dispatch(slot, lastOne, isHead, this.firstByteAt);
    if (this.closing || leftover === 0) return false;
    // The next request's bytes stay intact in the old slot's input even if a
    // synchronous answer released it (release rewinds, it does not clear, and
    // the response was written past every received byte); a fresh slot may be
    // that same one, so copyWithin (memmove) it is.
    if (!this.startRequest()) return false;
    core.u8.copyWithin(core.slotInput(this.slot), input + length, input + length + leftover);
    this.filled = leftover;
    return true;
  }

  /** Hand the request to the app; it answers with the response bytes and gives the slot back. */
  private dispatch(slot: number, close: boolean, head: boolean, startedAt: number): void {
    const seq = this.nextSeq++;
    const { core } = this.owner;
    let reply: SlotReply | Promise<SlotReply>;
    try {
      // Nothing owed before it: a synchronous answer may go straight into this read's batch.
      const sink = this.inRead && seq === this.writeSeq ? this.batch : undefined;
      reply = this.owner.app.handleSlot(slot, close, core, startedAt, this, sink);
    } catch (error) {
      // Only a core trap gets here (handleSlot answers every app error itself).
      if (isCoreTrap(error)) this.owner.coreTrapped(error, core);
      reply = null;
    }
    if (!(reply instanceof Promise)) {
      this.finish(seq, reply, head);
      return;
    }
    if (this.nextSeq - this.writeSeq > this.owner.settings.maxPipelined && !this.pausedForPipeline) {
      this.pausedForPipeline = true;
      this.socket.pause();
    }
    reply.then(
      (value) => this.finish(seq, value, head),
      (error) => {
        if (isCoreTrap(error)) this.owner.coreTrapped(error, core);
        this.finish(seq, null, head);
      },
    );
  }

  /** Response `seq` is ready (`head`: it answers a HEAD request): write it in order. */
  private finish(seq: number, item: Outgoing, head: boolean): void {
    if (item === null) item = this.internalError(head);
    else if (item !== GATHERED && !(item instanceof Uint8Array) && !item.chunked) this.closing = true; // HTTP/1.0: the body ends with the connection
    if (seq !== this.writeSeq) {
      (this.ready ??= new Map()).set(seq, item);
      return;
    }
    this.deliver(item);
  }

  /** The app could not answer: log, answer 500, then close rather than desync. */
  private internalError(head: boolean): Buffer {
    this.owner.events.emit("error", "write-failed", "asedge: the response could not be written; answered 500 and closing the connection");
    this.closing = true;
    return head ? INTERNAL_ERROR_FOR_HEAD : INTERNAL_ERROR;
  }

  /** Send `item` (the next in order) and whatever finished after it, until a stream takes over. */
  private deliver(item: Outgoing): void {
    let next: Outgoing | undefined = item;
    while (next !== undefined) {
      if (next !== null && next !== GATHERED && !(next instanceof Uint8Array)) {
        void this.stream(next);
        return;
      }
      this.write(next);
      next = this.takeReady();
    }
  }

  private takeReady(): Outgoing | undefined {
    const ready = this.ready;
    if (!ready?.has(this.writeSeq)) return undefined;
    const item = ready.get(this.writeSeq)!;
    ready.delete(this.writeSeq);
    return item;
  }

  /**
   * Send a head, then the body as it is produced (chunked on HTTP/1.1), with
   * back-pressure; later responses wait. A body stream that fails midway
   * aborts the connection: the client sees a truncated body, never a forged end.
   */
  private async stream(body: StreamReply): Promise<void> {
    this.flushBatch(); // the responses before this one go first
    const { socket } = this;
    const reader = body.stream.getReader();
    // A client that goes away cancels the body at once, even while the
    // producer is idle (an event stream between events): its onAbort runs.
    this.cancelStream = () => { void reader.cancel().catch(() => undefined); };
    let ok = !socket.destroyed && socket.write(body.head);
    try {
      for (;;) {
        if (!ok && !socket.destroyed) await new Promise<void>((resolve) => { this.wakeStream = resolve; });
        if (socket.destroyed) {
          await reader.cancel();
          return;
        }
        const { done, value } = await reader.read();
        if (done) break;
        if (!value?.length) continue;
        ok = socket.write(body.chunked ? Buffer.concat([Buffer.from(`${value.length.toString(16)}\r\n`), value, CRLF]) : value);
      }
      if (body.chunked && !socket.destroyed) socket.write(LAST_CHUNK);
    } catch (error) {
      this.owner.events.emit("error", "stream-failed", "asedge: response stream failed:", {}, error);
      socket.destroy();
      return;
    } finally {
      this.cancelStream = undefined;
    }
    this.write(null);
    const next = this.takeReady();
    if (next !== undefined) this.deliver(next);
  }

  /** Response `writeSeq` leaves: `bytes` (GATHERED: already in the batch; null: none, e.g. a stream's end). */
  private write(bytes: Uint8Array | typeof GATHERED | null): void {
    this.writeSeq++;
    if (this.socket.destroyed) return;
    if (bytes !== null && bytes !== GATHERED) this.send(bytes);
    if (this.writeSeq === this.nextSeq) {
      this.idleSince = this.inRead ? this.readAt : performance.now();
      if (this.pausedForPipeline) {
        this.pausedForPipeline = false;
        this.socket.resume();
      }
      // Shutting down: a request answered after close() began ends its
      // connection, and so does part of a head pipelined behind it.
      if (this.closing || (this.owner.draining && this.nothingInFlight)) {
        this.flushBatch();
        this.socket.end();
      }
    }
  }

  /** Answer a request that cannot be served with the error's own response, then close. */
  fail(code: number): void {
    const { core } = this.owner;
    const api = core.exports;
    this.releaseSlot();
    const length = api.respondError(code);
    this.answerAndClose(core.copyOut(Number(api.ERROR_RESPONSE_PTR.value), length));
  }

  /**
   * The server replaced its core after a trap: a request this connection was
   * receiving lived in the old core's memory, so it is answered 503 and the
   * connection closes (its slot went with the old core). Idle connections and
   * requests already dispatched are not affected here.
   */
  coreReplaced(): void {
    if (!this.receiving || this.closing) return;
    this.slot = NO_SLOT;
    this.filled = 0;
    this.parked = null;
    this.holding = false;
    this.answerAndClose(CORE_REPLACED);
  }

  /** Stop reading; send `bytes` after the responses still owed, then close. */
  private answerAndClose(bytes: Uint8Array): void {
    this.closing = true;
    this.requestStartedAt = 0;
    if (this.writeSeq === this.nextSeq) {
      this.flushBatch(); // good responses of the same read go first
      this.socket.end(bytes);
    } else {
      // Earlier responses are still pending: the error goes after them.
      const seq = this.nextSeq++;
      (this.ready ??= new Map()).set(seq, bytes);
    }
  }

  /** Close, without a response, a connection with nothing in flight (keep-alive timeout or shutdown). */
  closeIdle(): void {
    this.closing = true;
    this.requestStartedAt = 0;
    this.flushBatch();
    this.socket.end();
  }

  /** The socket's write buffer emptied. */
  readonly onDrain = (): void => {
    this.wake();
    if (!this.pausedForPipeline) this.socket.resume();
  };

  /** Let a streamed body waiting for drain go on (it sees a closed socket, if that is why). */
  private wake(): void {
    const wake = this.wakeStream;
    this.wakeStream = undefined;
    wake?.();
  }

  /** Give back whatever holds the current request's bytes (slot or parked buffer). */
  private releaseSlot(): void {
    if (this.slot !== NO_SLOT) {
      this.owner.core.exports.release(this.slot);
      this.slot = NO_SLOT;
    }
    this.dropParked();
    if (this.holding) {
      this.holding = false;
      this.owner.lender.unhold(this);
    }
  }

  /** The socket is gone (closed by either end, or destroyed). */
  readonly onClose = (): void => {
    this.releaseSlot();
    this.closing = true;
    this.cancelStream?.();
    this.wake();
    this.owner.forget(this);
  };
}
