/**
 * serve() with `workers`: the primary forks the workers and, on close(),
 * asks each over cluster IPC to close gracefully; a worker's serve() listens
 * for that request, so graceful shutdown needs no signal handlers.
 */
import cluster, { type Worker } from "node:cluster";
import type { Server } from "./server.js";
import { startDeadline } from "./options.js";

/** The primary's request to a worker: close the server, then exit. */
const SHUTDOWN_MESSAGE = "asedge:shutdown";
/** How long past its own close deadline a worker has to exit before the primary kills it. */
const WORKER_EXIT_GRACE_MS = 1000;

/**
 * Start `count` workers running the same entry script; resolves once all
 * listen. close() stops them gracefully, each within `closeTimeout` ms.
 */
export function forkWorkers(count: number, closeTimeout: number): Promise<Server> {
  const ready: Promise<number>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    ready.push(new Promise((resolve, reject) => {
      worker.once("listening", (address) => resolve(address.port));
      worker.once("exit", (code) => reject(new Error(`asedge: worker exited with code ${code} before listening`)));
    }));
  }
  return Promise.all(ready).then(([port]) => {
    let closed: Promise<void> | undefined;
    return {
      port,
      close: () => closed ??= Promise.all(
        Object.values(cluster.workers ?? {}).map((worker) => worker && stopWorker(worker, closeTimeout)),
      ).then(() => undefined),
    };
  });
}

/** Ask `worker` to shut down; kill it if it has not exited by the deadline. */
function stopWorker(worker: Worker, closeTimeout: number): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = startDeadline(closeTimeout + WORKER_EXIT_GRACE_MS, () => worker.process.kill("SIGKILL"));
    worker.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
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
