/**
 * The sum of /metrics over a node:cluster, gathered over cluster IPC. The
 * worker that got the scrape asks the primary; the primary asks every other
 * worker and hands back each one's report (or why it has none) once all
 * answered or the timeout passed; the asking worker merges them
 * (asedge/middleware/metrics):
 *
 *   worker k                     primary                        worker j ≠ k
 *   ── ask {id, timeoutMs, own report} ──▶
 *                                ── collect {gather} ─────────────▶
 *                                ◀──────────── report {gather, report} ──
 *                                (all answered, or timeoutMs passed:
 *                                 the silent ones are "timeout")
 *   ◀── gathered {id, workers: [{worker, pid, report | missing}]} ──
 *
 * A slot with no live worker (restart pending, given up) is "down", one not
 * listening yet "starting", one that exits while asked "exited". If the
 * primary itself does not answer within timeoutMs + PRIMARY_GRACE_MS, the
 * worker answers its own figures and reports the others "no primary".
 * Reports are plain JSON (cluster IPC's serialization).
 */
import type { Worker } from "node:cluster";
import {
  localReport, registerClusterMetrics, type ClusterGathering, type MetricsReport, type WorkerAnswer,
} from "../core/metrics.js";
import type { Core } from "../core/core.js";

/** Worker → primary: gather every worker's figures. */
export const METRICS_ASK = "asedge:metrics-ask";
/** Primary → worker: send your report. */
export const METRICS_COLLECT = "asedge:metrics-collect";
/** Worker → primary: my report, for one gathering. */
export const METRICS_REPORT = "asedge:metrics-report";
/** Primary → the asking worker: every worker's answer. */
export const METRICS_GATHERED = "asedge:metrics-gathered";
/** The env variable a forked worker finds its slot number in (1 … n). */
export const WORKER_SLOT_ENV = "ASEDGE_WORKER";
/** How much longer than the gathering's timeout a worker waits for the primary. */
const PRIMARY_GRACE_MS = 500;

interface Ask { type: typeof METRICS_ASK; id: number; timeoutMs: number; report: MetricsReport }
interface Collect { type: typeof METRICS_COLLECT; gather: number }
interface Report { type: typeof METRICS_REPORT; gather: number; report: MetricsReport }
interface Gathered { type: typeof METRICS_GATHERED; id: number; gathering: ClusterGathering }

function isMessage<T extends { type: string }>(message: unknown, type: T["type"]): message is T {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;
}

/** What the primary knows of one worker slot. */
export interface GatherSlot {
  readonly index: number;
  readonly worker?: Worker;
  readonly listening: boolean;
}

interface Gathering {
  asker: Worker;
  id: number;
  timeoutMs: number;
  answers: Map<number, WorkerAnswer>;
  /** Slot index → the worker asked, until it answers. */
  waiting: Map<number, Worker>;
  timer: NodeJS.Timeout;
}

/** The primary's half: answers METRICS_ASK from any worker. */
export class MetricsGatherer {
  private readonly gatherings = new Map<number, Gathering>();
  private next = 0;

  constructor(private readonly slots: () => readonly GatherSlot[]) {}

  /** A message from the worker of `slot`. */
  onMessage(slot: GatherSlot, worker: Worker, message: unknown): void {
    if (isMessage<Ask>(message, METRICS_ASK)) this.ask(slot, worker, message);
    else if (isMessage<Report>(message, METRICS_REPORT)) this.answer(message.gather, slot.index, worker, { report: message.report });
  }

  /** The worker of `slot` exited: gatherings waiting for it stop waiting. */
  onExit(slot: GatherSlot, worker: Worker): void {
    for (const gather of [...this.gatherings.keys()]) this.answer(gather, slot.index, worker, { missing: "exited" });
  }

  private ask(from: GatherSlot, asker: Worker, message: Ask): void {
    const gather = ++this.next;
    const timeoutMs = Math.max(0, Number(message.timeoutMs) || 0);
    const answers = new Map<number, WorkerAnswer>();
    const waiting = new Map<number, Worker>();
    for (const slot of this.slots()) {
      const pid = slot.worker?.process.pid;
      if (slot.index === from.index) answers.set(slot.index, { worker: slot.index, pid, report: message.report });
      else if (!slot.worker || slot.worker.isDead()) answers.set(slot.index, { worker: slot.index, missing: "down" });
      else if (!slot.listening) answers.set(slot.index, { worker: slot.index, pid, missing: "starting" });
      else waiting.set(slot.index, slot.worker);
    }
    const timer = setTimeout(() => this.finish(gather), timeoutMs).unref();
    this.gatherings.set(gather, { asker, id: message.id, timeoutMs, answers, waiting, timer });
    for (const [index, worker] of waiting) {
      worker.send({ type: METRICS_COLLECT, gather } satisfies Collect, (error: Error | null) => {
        if (error) this.answer(gather, index, worker, { missing: "exited" });
      });
    }
    if (waiting.size === 0) this.finish(gather);
  }

  private answer(gather: number, index: number, worker: Worker, answer: Pick<WorkerAnswer, "report" | "missing">): void {
    const g = this.gatherings.get(gather);
    if (!g || g.waiting.get(index) !== worker) return; // late, or not asked
    g.waiting.delete(index);
    g.answers.set(index, { worker: index, pid: worker.process.pid, ...answer });
    if (g.waiting.size === 0) this.finish(gather);
  }

  private finish(gather: number): void {
    const g = this.gatherings.get(gather);
    if (!g) return;
    this.gatherings.delete(gather);
    clearTimeout(g.timer);
    for (const [index, worker] of g.waiting) g.answers.set(index, { worker: index, pid: worker.process.pid, missing: "timeout" });
    const workers = [...g.answers.values()].sort((a, b) => a.worker - b.worker);
    if (g.asker.isDead()) return;
    g.asker.send({ type: METRICS_GATHERED, id: g.id, gathering: { workers, timeoutMs: g.timeoutMs } } satisfies Gathered, () => undefined);
  }
}

/**
 * In worker `slot` of `count`: answer the primary's METRICS_COLLECT with the
 * report of `core()` (the server's current core), and register the gathering
 * asedge/middleware/metrics uses for the sum over the cluster.
 */
export function joinClusterMetrics(core: () => Core, slot: number, count: number): void {
  const pending = new Map<number, (gathering: ClusterGathering) => void>();
  let next = 0;
  process.on("message", (message: unknown) => {
    if (isMessage<Collect>(message, METRICS_COLLECT)) {
      process.send?.({ type: METRICS_REPORT, gather: message.gather, report: localReport(core()) } satisfies Report);
    } else if (isMessage<Gathered>(message, METRICS_GATHERED)) {
      pending.get(message.id)?.(message.gathering);
    }
  });
  registerClusterMetrics((local, timeoutMs) => new Promise<ClusterGathering>((resolve) => {
    const id = ++next;
    const alone = (): ClusterGathering => ({
      timeoutMs,
      workers: Array.from({ length: count }, (_, i) => (i + 1 === slot
        ? { worker: slot, pid: process.pid, report: local }
        : { worker: i + 1, missing: "no primary" })),
    });
    const timer = setTimeout(() => settle(alone()), timeoutMs + PRIMARY_GRACE_MS);
    const settle = (gathering: ClusterGathering) => {
      clearTimeout(timer);
      pending.delete(id);
      resolve(gathering);
    };
    pending.set(id, settle);
    const sent = process.send?.({ type: METRICS_ASK, id, timeoutMs, report: local } satisfies Ask, (error: Error | null) => {
      if (error) settle(alone());
    });
    if (sent === undefined) settle(alone());
  }));
}
