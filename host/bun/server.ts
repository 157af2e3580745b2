/**
 * The Bun host's server: Bun.listen's socket handlers deliver each socket's
 * events to the same Connection the Node host uses (../node/connection.ts),
 * through a BunWire; everything else is the shared SlotServer.
 */
import type { SlotApp } from "../slot/contract.js";
import type { App } from "../app/app.js";
import type { Connection } from "../node/connection.js";
import type { ServeOptions } from "../node/options.js";
import { SlotServer } from "../node/slot-server.js";
import { BunWire } from "./wire.js";
import type { BunListener, BunRuntime, BunSocket, BunSocketHandlers } from "./bun-api.js";

/** What the server keeps on each Bun socket (undefined on one refused at once). */
interface SocketState {
  wire: BunWire;
  connection: Connection;
}

type Socket = BunSocket<SocketState | undefined>;

export class BunServer extends SlotServer {
  private listener: BunListener | undefined;
  /** close(): called once the last connection is gone. */
  private allGone: (() => void) | undefined;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
  constructor(app: App<any> | SlotApp, options: ServeOptions = {}) {
    super(app, options);
  }

  /** Listen on `port` (0: a free one) of `hostname`. */
  listen(bun: BunRuntime, port: number, hostname: string): this {
    this.listener = bun.listen<SocketState | undefined>({ hostname, port, socket: this.handlers });
    return this;
  }

  get port(): number {
    return this.listener?.port ?? 0;
  }

  private readonly handlers: BunSocketHandlers<SocketState | undefined> = {
    open: (socket: Socket) => {
      if (this.connections.size >= this.settings.maxConnections) {
        socket.terminate();
        this.refuse();
        return;
      }
      socket.setNoDelay(true);
      const wire = new BunWire(socket);
      const connection = this.accept(wire);
      if (connection) socket.data = { wire, connection };
    },
    data: (socket: Socket, chunk: Buffer) => {
      socket.data?.connection.onData(chunk);
    },
    drain: (socket: Socket) => {
      const state = socket.data;
      if (state?.wire.flush()) state.connection.onDrain();
    },
    close: (socket: Socket) => {
      const state = socket.data;
      if (!state) return;
      socket.data = undefined;
      state.wire.closed();
      state.connection.onClose();
    },
    error: () => {
      // ECONNRESET and friends: close follows and the connection cleans up there.
    },
  };

  forget(connection: Connection): void {
    super.forget(connection);
    if (this.connections.size === 0) this.allGone?.();
  }

  protected stopListening(done: () => void): void {
    this.listener?.stop(false);
    if (this.connections.size === 0) done();
    else this.allGone = done;
  }
}
