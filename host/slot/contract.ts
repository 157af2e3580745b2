/**
 * The contract between a host that parses requests into slots (the Node
 * host) and the application layer that answers them (App). One call per
 * request, integers in and out.
 */
import type { Core } from "../core/core.js";
import type { CoreExports } from "../core/abi.js";

/** The client end of the connection a request came on, read only when asked (Node: the socket). */
export interface Peer {
  readonly remoteAddress: string | undefined;
}

/** A streamed response: the head bytes, then the stream (chunk-framed when `chunked`). */
export interface StreamReply {
  head: Uint8Array;
  stream: ReadableStream<Uint8Array>;
  chunked: boolean;
}

/**
 * Where a host lets an app put the bytes of a synchronous answer instead of
 * a copy of their own: the Node host gathers the answers to one socket read
 * (pipelining) straight from WASM memory into one buffer and one write.
 */
export interface ReplySink {
  /** Copy [ptr, ptr + length) of `core`'s memory in, after what is there; false when it does not take them (the app copies them itself). */
  gather(core: Core, ptr: number, length: number): boolean;
}

/** The answer of an app whose bytes went into the ReplySink it was given. */
export const GATHERED: unique symbol = Symbol("asedge.gathered");

/**
 * What a slot app answers with, once it has handed the slot back: the whole
 * response (a copy that outlives the slot), GATHERED when it went into the
 * host's sink, a head plus a body stream, or null when no response could be
 * written (the host closes the connection).
 */
export type SlotReply = Uint8Array | typeof GATHERED | StreamReply | null;

export interface SlotApp {
  /**
   * The instance to build the host's Core on, for apps that bring their own
   * .wasm (an AssemblyScript app, host/wasm-app/); default: the core .wasm.
   */
  instantiate?(): CoreExports;
  /** Attach to a core whose slots this app will be asked to answer (builds route tables). */
  bind(core: Core): void;
  /** Forget a core the host discarded (after a trap), so its memory can be collected. */
  unbind?(core: Core): void;
  /**
   * Answer the complete request parsed in `slot` of `core` (one the app was
   * bound to; an app may serve several cores). The slot is the app's until
   * it answers: it writes the response (respond() with RESPOND_FLAG_RELEASE,
   * which hands the slot back) and returns a copy of the bytes, a head plus
   * a body stream, or null when nothing could be written (the slot is given
   * back all the same). `close` asks for Connection: close. `startedAt` is
   * performance.now() at the request's first byte: the answer's latency is
   * counted in the core's metrics from it. `peer` is the connection
   * (c.req.remoteAddress reads it). `sink`, when given, may take the bytes
   * of an answer written before handleSlot returns (then GATHERED is the
   * reply); an answer written later must not use it. Never throws or
   * rejects: failures become 500 responses.
   */
  handleSlot(slot: number, close: boolean, core: Core, startedAt: number, peer?: Peer, sink?: ReplySink): SlotReply | Promise<SlotReply>;
}
