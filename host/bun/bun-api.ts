/**
 * The part of Bun's socket API (`Bun.listen`) the Bun host uses, typed here
 * so the package needs no Bun type package to build.
 */

/** One accepted TCP socket; `data` is the host's own per-socket value. */
export interface BunSocket<Data> {
  data: Data;
  readonly remoteAddress: string;
  /**
   * Bytes Bun took of bytes[byteOffset, byteOffset + byteLength) (default:
   * all of it; the kernel's buffer may take fewer, the rest is the caller's
   * to send on drain); -1 when closed.
   */
  write(bytes: Uint8Array, byteOffset?: number, byteLength?: number): number;
  /** Flush, then close (a FIN). */
  end(): void;
  /** Close at once (a reset when bytes are pending). */
  terminate(): void;
  pause(): void;
  resume(): void;
  setNoDelay(noDelay: boolean): boolean;
}

export interface BunSocketHandlers<Data> {
  open(socket: BunSocket<Data>): void;
  data(socket: BunSocket<Data>, chunk: Buffer): void;
  drain(socket: BunSocket<Data>): void;
  close(socket: BunSocket<Data>, error?: Error): void;
  error(socket: BunSocket<Data>, error: Error): void;
}

export interface BunListener {
  readonly port: number;
  /** Stop accepting; `closeActiveConnections` false leaves the open ones alone. */
  stop(closeActiveConnections?: boolean): void;
}

export interface BunRuntime {
  listen<Data>(options: { hostname: string; port: number; socket: BunSocketHandlers<Data> }): BunListener;
}

/** The `Bun` global, or undefined on another runtime. */
export function bunRuntime(): BunRuntime | undefined {
  return (globalThis as { Bun?: BunRuntime }).Bun;
}
