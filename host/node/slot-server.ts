/**
 * What a socket host's server does whatever its socket API: the core (and
 * its replacement after a trap), the slot lender, the connections and their
 * timeouts, stats, graceful close. A host subclasses it with its listener:
 * node:net (./server.ts) or Bun.listen (../bun/server.ts), and hands each
 * accepted socket, as a `Wire`, to accept().
 */
import { Core } from "../core/core.js";
import { instantiateCore } from "./core-file.js";
import { Connection, type ConnectionOwner, type Wire } from "./connection.js";
import type { SlotApp } from "../slot/contract.js";
import { toSlotApp } from "../slot/app-adapter.js";
import { ServerEvents } from "./events.js";
import { registerHostFigures, type HostFigures } from "../core/metrics.js";
import type { App } from "../app/app.js";
import { requestStats, type RequestStats } from "../app/stats.js";
import { connectionSettings, startDeadline, type ConnectionSettings, type ServeOptions } from "./options.js";
import { ParseError, Stat } from "../core/abi.js";
import { SlotLender } from "./slot-lender.js";

/** How often timeouts are checked and the Date header's clock advances. */
const SWEEP_INTERVAL_MS = 1000;
/** Connections ended per turn of the event loop when many expire at once. */
const EXPIRE_BATCH = 64;

const enum Expiry { NONE, REQUEST, IDLE }

export interface Server {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /**
   * Stop accepting; end at once the connections with nothing in flight (idle,
   * or holding only part of a request's head); finish the requests already
   * received or whose body is arriving; destroy what is left after
   * `closeTimeout`.
   */
  close(): Promise<void>;
  /**
   * Connection and slot figures of this process since start. Absent on a
   * node:cluster primary: it serves no connections, its workers do.
   */
  stats?(): ServerStats;
}

export interface ServerStats {
  /** Connections open now. */
  connections: number;
  /** Connections accepted since start. */
  accepted: number;
  /** Connections closed at once because maxConnections were open. */
  refused: number;
  /** Connections answered 408 (head or body not in time). */
  timedOut: number;
  /** Partial requests parked out of their slot to serve others (slow clients). */
  parked: number;
  /** Connections answered 503 because parking them would pass maxParkedBytes. */
  parkRefused: number;
  /** Bytes of partial requests held in JS memory now. */
  parkedBytes: number;
  /** Times the WASM core trapped and was replaced by a new instance. */
  coreRestarts: number;
  /** Slots laid out now (the pool grows up to `slotsMax`). */
  slots: number;
  slotsMax: number;
  /** Slots in use now, and the most at once. */
  slotsInUse: number;
  slotsHighWater: number;
  /** Requests answered 503 because no slot could be had. */
  slotsExhausted: number;
  /** The core's request figures: per route, latency quantiles (this process; /metrics sums a cluster). Counted afresh after a core restart. */
  requests: RequestStats;
}

export abstract class SlotServer implements ConnectionOwner, Server {
  /** The core serving new requests (replaced after a trap). */
  core: Core;
  readonly settings: ConnectionSettings;
  readonly events: ServerEvents;
  lender: SlotLender;
  private coreRestarts = 0;
  private replacing = false;
  draining = false;
  private accepted = 0;
  private refused = 0;
  private timedOut = 0;
  protected readonly connections = new Set<Connection>();
  private readonly sweepTimer: NodeJS.Timeout;
  private closed: Promise<void> | undefined;

  /** What answers the requests: the App given, adapted to slots, or the SlotApp given. */
  readonly app: SlotApp;

  abstract readonly port: number;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any App, whatever its bindings type
  constructor(app: App<any> | SlotApp, private readonly options: ServeOptions = {}) {
    this.app = toSlotApp(app);
    this.events = new ServerEvents(options.log);
    this.settings = connectionSettings(options);
    this.core = this.startCore();
    this.lender = new SlotLender(this.core, this.settings.maxParkedBytes);
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /** Stop accepting connections; `done` once every open one is gone too. */
  protected abstract stopListening(done: () => void): void;

  /** A new connection on `wire`; undefined (the socket destroyed) while closing. The host wires its events to it. */
  protected accept(wire: Wire): Connection | undefined {
    if (this.draining) {
      wire.destroy();
      return undefined;
    }
    this.accepted++;
    const connection = new Connection(this, wire);
    this.connections.add(connection);
    return connection;
  }

  /** A connection was closed at once: maxConnections were open. */
  protected refuse(): void {
    this.refused++;
    this.events.limit("connections-refused", (count) => `asedge: over maxConnections (${this.settings.maxConnections}): closed ${count} new connection(s) since the last such line`);
  }

  /** Open connections (for tests and stats). */
  get connectionCount(): number {
    return this.connections.size;
  }

  stats(): ServerStats {
    return {
      connections: this.connections.size, accepted: this.accepted, refused: this.refused, timedOut: this.timedOut,
      ...this.lender.stats(), coreRestarts: this.coreRestarts,
      ...poolStats(this.core),
      requests: requestStats(this.core),
    };
  }

  /** A fresh core instance with the app's routes bound and the clock set. */
  private startCore(): Core {
    const core = new Core(this.app.instantiate?.() ?? instantiateCore(), this.options);
    this.app.bind(core);
    core.exports.setClock(Math.floor(Date.now() / 1000));
    registerHostFigures(core, () => this.connectionFigures());
    return core;
  }

  /** What /metrics (asedge/middleware/metrics) adds for this server. */
  private connectionFigures(): ReturnType<HostFigures> {
    const { parked, parkRefused, parkedBytes } = this.lender.stats();
    return {
      connections: ["gauge", "Open connections.", this.connections.size],
      connections_accepted_total: ["counter", "Connections accepted.", this.accepted],
      connections_refused_total: ["counter", "Connections closed at once because maxConnections were open.", this.refused],
      connections_timed_out_total: ["counter", "Connections closed by a timeout (408 or idle).", this.timedOut],
      connections_parked: ["gauge", "Connections waiting for bytes without a slot (slow clients).", parked],
      connections_parked_bytes: ["gauge", "Bytes of partial requests held for parked connections.", parkedBytes],
      connections_park_refused_total: ["counter", "Connections answered 503 because maxParkedBytes was reached.", parkRefused],
      core_restarts_total: ["counter", "Times the WASM core trapped and was replaced.", this.coreRestarts],
    };
  }

  coreTrapped(error: WebAssembly.RuntimeError, core: Core): void {
    if (core !== this.core || this.replacing) return; // an old core's late failure, or already being replaced
    this.replacing = true;
    // After the current event: the connection that saw the trap finishes its
    // read on the old core first.
    queueMicrotask(() => this.replaceCore(error));
  }

  /**
   * Replace a trapped core (WASM memory cannot be trusted after a trap, and
   * never shrinks after an out-of-memory): new instance, routes bound again;
   * requests being received are answered 503; requests the app is answering
   * on the old core finish there or answer 500.
   */
  private replaceCore(error: WebAssembly.RuntimeError): void {
    const old = this.core;
    this.coreRestarts++;
    this.events.emit("error", "core-replaced", `asedge: the WASM core trapped (${error.message}); replaced it with a new instance (restart ${this.coreRestarts})`,
      { restarts: this.coreRestarts });
    this.core = this.startCore();
    this.lender = new SlotLender(this.core, this.settings.maxParkedBytes);
    this.app.unbind?.(old);
    for (const connection of this.connections) connection.coreReplaced();
    this.replacing = false;
  }

  forget(connection: Connection): void {
    this.connections.delete(connection);
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.draining = true;
      const deadline = startDeadline(this.settings.closeTimeout, () => {
        for (const connection of this.connections) connection.socket.destroy();
      });
      // Done once every connection is gone. The sweep keeps running until
      // then: a stalled request body still times out.
      this.stopListening(() => {
        clearTimeout(deadline);
        clearInterval(this.sweepTimer);
        this.events.flush(); // a batching sink holds lines until later; a closed server's are out when close() resolves
        resolve();
      });
      // Busy connections close themselves after their last response
      // (draining forces Connection: close).
      for (const connection of this.connections) {
        if (connection.nothingInFlight) connection.closeIdle();
      }
    });
    return this.closed;
  }

  /** Once a second: advance the Date clock, find the connections past a timeout. */
  private sweep(): void {
    this.core.exports.setClock(Math.floor(Date.now() / 1000));
    const now = performance.now(); // the clock connections stamp their reads with
    const expired: Connection[] = [];
    for (const connection of this.connections) {
      if (this.expiry(connection, now) !== Expiry.NONE) expired.push(connection);
    }
    if (expired.length) this.expire(expired, 0);
  }

  /** Which timeout, if any, `connection` is past at `now` (a performance.now() reading). */
  private expiry(connection: Connection, now: number): Expiry {
    if (connection.socket.destroyed) return Expiry.NONE;
    const { headersTimeout, requestTimeout, keepAliveTimeout } = this.settings;
    const started = connection.requestStartedAt;
    if (started !== 0) return now - started > (connection.receivedHead ? requestTimeout : headersTimeout) ? Expiry.REQUEST : Expiry.NONE;
    return connection.idle && now - connection.idleSince > keepAliveTimeout ? Expiry.IDLE : Expiry.NONE;
  }

  /**
   * End expired connections a batch at a time, yielding to I/O between
   * batches: thousands of connections opened together (a flood of slow or
   * idle clients) also expire together, and ending them all in one tick
   * would stall every other request for that long.
   */
  private expire(expired: Connection[], from: number): void {
    const end = Math.min(from + EXPIRE_BATCH, expired.length);
    for (let i = from; i < end; i++) {
      const connection = expired[i];
      const why = this.expiry(connection, performance.now()); // again: bytes may have come meanwhile
      if (why === Expiry.REQUEST) {
        this.timedOut++;
        connection.fail(ParseError.REQUEST_TIMEOUT);
      } else if (why === Expiry.IDLE) {
        connection.closeIdle();
      }
    }
    if (end < expired.length) setImmediate(() => this.expire(expired, end));
  }
}

function poolStats(core: Core): Pick<ServerStats, "slots" | "slotsMax" | "slotsInUse" | "slotsHighWater" | "slotsExhausted"> {
  const stat = core.exports.stat;
  return {
    slots: stat(Stat.CAPACITY), slotsMax: stat(Stat.MAX_CAPACITY), slotsInUse: stat(Stat.IN_USE),
    slotsHighWater: stat(Stat.HIGH_WATER), slotsExhausted: stat(Stat.EXHAUSTED),
  };
}
