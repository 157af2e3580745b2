/**
 * The Node host: raw `net` sockets, the WASM core doing the HTTP work.
 *
 * @example
 *   import { App, serve } from "asedge";
 *   const app = new App().get("/", (c) => c.text("hi"));
 *   const server = await serve(app, { port: 3000 });
 *   // later: await server.close();
 */
import net from "node:net";
import cluster from "node:cluster";
import type { Connection } from "./connection.js";
import type { SlotApp } from "../slot/contract.js";
import type { App } from "../app/app.js";
import { connectionSettings, DEFAULT_HOSTNAME, DEFAULT_PORT, type ServeOptions } from "./options.js";
import { SlotServer, type Server } from "./slot-server.js";
import { readIntoSharedBuffer } from "./shared-reads.js";

export type { Server, ServerStats } from "./slot-server.js";

/** ECONNRESET and friends: 'close' follows and the connection cleans up there. */
const ignoreSocketError = (): void => {};

export class NodeServer extends SlotServer {
  private readonly listener: net.Server;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
  constructor(app: App<any> | SlotApp, options: ServeOptions = {}) {
    super(app, options);
    this.listener = net.createServer({ noDelay: true }, (socket) => {
      const connection = this.accept(socket);
      if (connection) attach(connection, socket);
    });
    this.listener.maxConnections = this.settings.maxConnections;
    this.listener.on("drop", () => this.refuse());
  }

  listen(port: number, hostname: string): Promise<this> {
    return new Promise((resolve, reject) => {
      this.listener.once("error", reject);
      this.listener.listen(port, hostname, () => {
        this.listener.off("error", reject);
        resolve(this);
      });
    });
  }

  get port(): number {
    const address = this.listener.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  /** net.Server's close callback fires once every connection is gone. */
  protected stopListening(done: () => void): void {
    this.listener.close(() => done());
  }
}

/** A net.Socket is a Wire as it is: its events go to the connection (its reads through the shared buffer where Node has it). */
function attach(connection: Connection, socket: net.Socket): void {
  socket.setNoDelay(true);
  if (!readIntoSharedBuffer(socket, connection.onData)) socket.on("data", connection.onData);
  socket.on("drain", connection.onDrain);
  socket.on("error", ignoreSocketError);
  socket.on("close", connection.onClose);
}

/**
 * Serve `app` on a port. With `workers` > 1 the calling process becomes a
 * node:cluster primary that forks that many workers running the same entry
 * script (each calls serve() again and listens on the shared port).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
export async function serve(app: App<any> | SlotApp, options: ServeOptions = {}): Promise<Server> {
  const workers = options.workers ?? 1;
  // The cluster modules load only where a cluster runs: one process starts without them.
  if (workers > 1 && cluster.isPrimary) {
    const { forkWorkers } = await import("./cluster.js");
    return forkWorkers(workers, connectionSettings(options).closeTimeout, options);
  }
  const server = new NodeServer(app, options);
  if (cluster.isWorker) {
    const [{ closeOnShutdownMessage }, { joinClusterMetrics, WORKER_SLOT_ENV }] = await Promise.all([import("./cluster.js"), import("./cluster-metrics.js")]);
    closeOnShutdownMessage(server);
    // Forked by forkWorkers (its slot in the env): /metrics answers the sum over the cluster.
    const slot = Number(process.env[WORKER_SLOT_ENV]);
    if (workers > 1 && slot > 0) joinClusterMetrics(() => server.core, slot, workers);
  }
  return server.listen(options.port ?? DEFAULT_PORT, options.hostname ?? DEFAULT_HOSTNAME);
}
