/**
 * serve() with `workers`: the primary forks the workers, restarts one that
 * dies, and, on close(), asks each over cluster IPC to close gracefully; a
 * worker's serve() listens for that request, so graceful shutdown needs no
 * signal handlers.
 *
 * Restarts, per worker slot (slot n is always "worker n" in the log):
 *
 *   exit ──▶ closing? ── yes ──▶ stay down
 *              │ no
 *              ▼
 *   exits of this slot within restartWindow > maxRestarts? ── yes ──▶ log why, stay down
 *              │ no                                                  (before start-up: serve() rejects)
 *              ▼
 *   fork again after `delay`; delay = restartDelay, doubling per exit up to
 *   maxRestartDelay; a worker that stayed up restartResetAfter resets both
 *   the delay and the exit count
 *
 * Any exit the primary did not ask for counts (a signal, a crash, an exit
 * code 0 from the app). The other workers keep serving the port meanwhile:
 * node:cluster hands new connections only to live workers.
 */
import { ServerEvents, type ServerLogOptions } from "./events.js";
import cluster, { type Worker } from "node:cluster";
import type { Server } from "./server.js";
import { startDeadline } from "./options.js";
import { MetricsGatherer, WORKER_SLOT_ENV } from "./cluster-metrics.js";

/** The primary's request to a worker: close the server, then exit. */
export const SHUTDOWN_MESSAGE = "asedge:shutdown";
/** How long past its own close deadline a worker has to exit before the primary kills it. */
const WORKER_EXIT_GRACE_MS = 1000;

/**
 * How the primary restarts workers that die (with `workers` > 1).
 *
 * @example
 *   // restart after 50 ms, 100 ms, … up to 2 s; give up on a slot after 3 exits in 10 s
 *   forkWorkers(4, 10_000, { restartDelay: 50, maxRestartDelay: 2000, maxRestarts: 3, restartWindow: 10_000 });
 */
export interface ClusterOptions {
  /** Delay before a dead worker is forked again, ms; doubles on each further exit of its slot (default 100). */
  restartDelay?: number;
  /** Cap of the doubling restart delay, ms (default 5 000). */
  maxRestartDelay?: number;
  /**
   * A worker that stayed up this long, ms, was healthy: its next restart
   * waits restartDelay again and the exits before it no longer count towards
   * maxRestarts (default 10 000).
   */
  restartResetAfter?: number;
  /**
   * Restarts of one worker slot allowed within `restartWindow`; the exit after
   * them is logged and the slot stays down (default 5; 0 never restarts).
   */
  maxRestarts?: number;
  /** The sliding window `maxRestarts` counts exits in, ms (default 60 000). */
  restartWindow?: number;
}

export type RestartSettings = Required<ClusterOptions>;

export function restartSettings(options: ClusterOptions): RestartSettings {
  return {
    restartDelay: options.restartDelay ?? 100,
    maxRestartDelay: options.maxRestartDelay ?? 5_000,
    restartResetAfter: options.restartResetAfter ?? 10_000,
    maxRestarts: options.maxRestarts ?? 5,
    restartWindow: options.restartWindow ?? 60_000,
  };
}

/** "exit code 3" or "signal SIGKILL". */
export function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/** Logged (stderr) when a worker died and will be forked again. */
export const LOG_WORKER_RESTARTING = (slot: number, pid: number | undefined, exit: string, delay: number) =>
  `asedge: worker ${slot} (pid ${pid}) exited (${exit}); restarting it in ${delay} ms`;
/** Logged (stderr) when a restarted worker listens again. */
export const LOG_WORKER_RESTARTED = (slot: number, pid: number | undefined) =>
  `asedge: worker ${slot} restarted (pid ${pid})`;
/** Logged (stderr) when a slot crash-loops; also serve()'s rejection when it happens before start-up. */
export const LOG_WORKER_GAVE_UP = (slot: number, pid: number | undefined, exits: number, exit: string, settings: RestartSettings) =>
  `asedge: worker ${slot} (pid ${pid}) exited ${exits} times within ${settings.restartWindow} ms (last: ${exit}); ` +
  `not restarting it (maxRestarts ${settings.maxRestarts} per restartWindow)`;
/** Logged (stderr) when the last slot gave up: the port is no longer served. */
export const LOG_NO_WORKERS = "asedge: no workers left; the port is not served until close()";

/**
 * One slot's restart history: the backoff delay and the crash-loop bound.
 * Pure (times are passed in) so it is tested without processes.
 */
export class RestartPolicy {
  private delay: number;
  /** Exit times within the window, oldest first. */
  private exits: number[] = [];

  constructor(private readonly settings: RestartSettings) {
    this.delay = settings.restartDelay;
  }

  /** Exits counted in the window at the last onExit(). */
  get recentExits(): number {
    return this.exits.length;
  }

  /**
   * A worker started at `startedAt` exited at `now`: the ms to wait before
   * forking it again, or undefined when the slot exited more than
   * `maxRestarts` times within `restartWindow` (stop restarting it).
   */
  onExit(startedAt: number, now: number): number | undefined {
    const { restartDelay, maxRestartDelay, restartResetAfter, maxRestarts, restartWindow } = this.settings;
    if (now - startedAt >= restartResetAfter) {
      // It was healthy: not part of a crash loop (pm2's min_uptime idea).
      this.delay = restartDelay;
      this.exits = [];
    }
    this.exits = this.exits.filter((at) => now - at < restartWindow);
    this.exits.push(now);
    if (this.exits.length > maxRestarts) return undefined;
    const delay = this.delay;
    this.delay = Math.min(delay * 2, maxRestartDelay);
    return delay;
  }
}

interface Slot {
  /** 1-based; stays the same across restarts. */
  readonly index: number;
  readonly policy: RestartPolicy;
  worker?: Worker;
  startedAt: number;
  /** The current worker emitted "listening". */
  listening: boolean;
  /** Some worker of this slot has listened (start-up is done for it). */
  everListened: boolean;
  restartTimer?: NodeJS.Timeout;
  gaveUp: boolean;
}

/** The primary: forks one worker per slot, restarts them, stops them on close(). */
class Supervisor {
  private readonly slots: Slot[] = [];
  private readonly settings: RestartSettings;
  private closing = false;
  private closed: Promise<void> | undefined;
  private waitingToStart: number;
  private startUp!: { resolve: (port: number) => void; reject: (error: Error) => void; port?: number; done: boolean };
  readonly started: Promise<number>;

  private readonly events: ServerEvents;
  /** Answers the workers' requests for the sum of /metrics over the cluster. */
  private readonly gatherer = new MetricsGatherer(() => this.slots);

  constructor(count: number, private readonly closeTimeout: number, options: ClusterOptions & { log?: ServerLogOptions }) {
    this.settings = restartSettings(options);
    this.events = new ServerEvents(options.log);
    this.waitingToStart = count;
    this.started = new Promise((resolve, reject) => { this.startUp = { resolve, reject, done: false }; });
    for (let index = 1; index <= count; index++) {
      const slot: Slot = { index, policy: new RestartPolicy(this.settings), startedAt: 0, listening: false, everListened: false, gaveUp: false };
      this.slots.push(slot);
      this.fork(slot);
    }
  }

  private fork(slot: Slot): void {
    slot.restartTimer = undefined;
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(slot.index) });
    const restarted = slot.everListened;
    slot.worker = worker;
    slot.startedAt = Date.now();
    slot.listening = false;
    worker.once("listening", (address) => {
      slot.listening = true;
      if (restarted) this.events.emit("info", "worker-restarted", LOG_WORKER_RESTARTED(slot.index, worker.process.pid), { worker: slot.index, pid: worker.process.pid });
      if (slot.everListened) return;
      slot.everListened = true;
      const port = this.startUp.port ??= address.port;
      if (--this.waitingToStart === 0 && !this.startUp.done) {
        this.startUp.done = true;
        this.startUp.resolve(port);
      }
    });
    worker.on("message", (message) => this.gatherer.onMessage(slot, worker, message));
    worker.once("exit", (code, signal) => {
      this.gatherer.onExit(slot, worker);
      this.onExit(slot, worker, code, signal);
    });
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    if (this.closing) return;
    const exit = describeExit(code, signal);
    const delay = slot.policy.onExit(slot.startedAt, Date.now());
    if (delay === undefined) {
      slot.gaveUp = true;
      const message = LOG_WORKER_GAVE_UP(slot.index, worker.process.pid, slot.policy.recentExits, exit, this.settings);
      this.events.emit("error", "worker-gave-up", message, { worker: slot.index, pid: worker.process.pid, exit });
      if (!this.startUp.done) {
        this.startUp.done = true;
        this.startUp.reject(new Error(message));
        void this.close();
      } else if (this.slots.every((each) => each.gaveUp)) {
        this.events.emit("error", "no-workers", LOG_NO_WORKERS);
      }
      return;
    }
    this.events.emit("warn", "worker-restarting", LOG_WORKER_RESTARTING(slot.index, worker.process.pid, exit, delay),
      { worker: slot.index, pid: worker.process.pid, exit, delay_ms: delay });
    // Not unref'd: with every worker down, this timer is what keeps the primary alive.
    slot.restartTimer = setTimeout(() => this.fork(slot), delay);
  }

  close(): Promise<void> {
    this.closed ??= (() => {
      this.closing = true;
      for (const slot of this.slots) clearTimeout(slot.restartTimer);
      return Promise.all(this.slots.map((slot) => slot.worker && stopWorker(slot.worker, slot.listening, this.closeTimeout)))
        .then(() => this.events.flush());
    })();
    return this.closed;
  }
}

/**
 * Start `count` workers running the same entry script; resolves once each
 * slot has a listening worker (a worker that dies before is restarted; a slot
 * that crash-loops rejects with LOG_WORKER_GAVE_UP). close() stops them
 * gracefully, each within `closeTimeout` ms.
 */
export function forkWorkers(count: number, closeTimeout: number, options: ClusterOptions & { log?: ServerLogOptions } = {}): Promise<Server> {
  const supervisor = new Supervisor(count, closeTimeout, options);
  return supervisor.started.then((port) => ({ port, close: () => supervisor.close() }));
}

/**
 * Ask `worker` to shut down; kill it if it has not exited by the deadline. A
 * worker that has not listened yet may not be handling the message: it gets
 * SIGTERM (it has nothing in flight).
 */
function stopWorker(worker: Worker, listening: boolean, closeTimeout: number): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = startDeadline(closeTimeout + WORKER_EXIT_GRACE_MS, () => worker.process.kill("SIGKILL"));
    worker.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    if (!listening) {
      worker.process.kill("SIGTERM");
      return;
    }
    worker.send(SHUTDOWN_MESSAGE, (error: Error | null) => {
      if (error) worker.process.kill("SIGKILL"); // IPC already gone: nothing else will stop it
    });
  });
}

/** In a worker: close `server` gracefully and exit when the primary asks. */
export function closeOnShutdownMessage(server: Server): void {
  process.on("message", (message) => {
    if (message === SHUTDOWN_MESSAGE) void server.close().then(() => process.exit(0));
  });
}
