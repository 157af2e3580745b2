/**
 * Level (a) of the socket fuzz: generated cases through the real .wasm core's
 * parse() (judge.ts), tallied per generator and per difference class. Used by
 * bench/reliability/fuzz.ts (1M cases) and the vitest smoke (20k).
 *
 * @example
 *   const tally = fuzzInProcess(instantiateCore(), { seed: 1, cases: 1000 });
 *   tally.failures // [] when every rule holds
 */
import type { CoreExports } from "../../host/core/abi.js";
import { Stat } from "../../host/core/abi.js";
import { rawRequest } from "../../tests/support/raw-http.js";
import { Rng, caseAt, escapeBytes, GENERATORS, type FuzzCase, type GeneratorName } from "./generate.js";
import { judge, runAsedge, type Judged, type SideOutcome } from "./judge.js";

export interface GeneratorTally {
  cases: number;
  asedge: Record<SideOutcome, number>;
  llhttp: Record<SideOutcome, number>;
  agree: number;
  differences: number;
  failures: number;
}

export interface Failure {
  seed: number;
  index: number;
  generator: GeneratorName;
  shape?: string;
  what: string;
  detail: string;
  /** The input as an escaped string literal, and where it was split. */
  reproducer: string;
  splits: number[];
}

/** What every level of the fuzz reports first. */
export interface RunTotals {
  seed: number;
  cases: number;
  ms: number;
}

export interface Tally extends RunTotals {
  byGenerator: Record<GeneratorName, GeneratorTally>;
  /** Difference class → count (a class name starting "unclassified" is also in failures). */
  differences: Map<string, number>;
  /** An example input per difference class. */
  examples: Map<string, string>;
  failures: Failure[];
  healthChecks: number;
  /** The slowest case: how long judging it took (both parsers, whole and split), and which one. */
  slowestMs: number;
  slowestIndex: number;
}

/** A case taking longer than this, twice in a row, counts as a hang (generous: cases take microseconds). */
export const HANG_MS = 1000;

/** Stop collecting after this many failures (each is printed with its reproducer). */
const MAX_FAILURES = 20;

const zeroSides = (): Record<SideOutcome, number> => ({ accept: 0, reject: 0, incomplete: 0 });

/** The core configured as in-process fuzzing needs it: host limits, few slots (inputs go at the end of memory). */
export function configureForFuzz(core: CoreExports): CoreExports {
  core.configure(0, 0, 0, 0, 4, 0, 0, 4);
  return core;
}

/** Cases `from`…`from + cases - 1` of the run seeded with `seed`: generated one after another from one PRNG. */
export function fuzzInProcess(core: CoreExports, options: { seed: number; cases: number; onBatch?: (done: number) => void; batch?: number }): Tally {
  const { seed, cases, onBatch, batch = 50_000 } = options;
  const rng = new Rng(seed);
  const byGenerator = Object.fromEntries(GENERATORS.map((g) => [g, {
    cases: 0, asedge: zeroSides(), llhttp: zeroSides(), agree: 0, differences: 0, failures: 0,
  }])) as Record<GeneratorName, GeneratorTally>;
  const tally: Tally = { seed, cases: 0, ms: 0, byGenerator, differences: new Map(), examples: new Map(), failures: [], healthChecks: 0, slowestMs: 0, slowestIndex: -1 };
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const c = caseAt(rng, i);
    let started = performance.now();
    const judged = judge(core, c.bytes, c.splits);
    let ms = performance.now() - started;
    if (ms > HANG_MS) {
      // A loaded machine can stall any process for a second: a hang must be slow twice.
      started = performance.now();
      judge(core, c.bytes, c.splits);
      ms = Math.min(ms, performance.now() - started);
    }
    if (ms > tally.slowestMs) {
      tally.slowestMs = ms;
      tally.slowestIndex = i;
    }
    record(tally, i, c, ms > HANG_MS ? { ...judged, verdict: { kind: "violation", what: "hang", detail: `${ms.toFixed(0)} ms` } } : judged);
    if ((i + 1) % batch === 0 || i + 1 === cases) {
      healthCheck(core, tally, i);
      onBatch?.(i + 1);
    }
  }
  tally.ms = performance.now() - t0;
  return tally;
}

const HEALTH = new Uint8Array(rawRequest("GET", "/plaintext"));

/** Between batches: no slot leaked, and a normal request still parses to exactly itself. */
function healthCheck(core: CoreExports, tally: Tally, index: number): void {
  tally.healthChecks++;
  const inUse = core.stat(Stat.IN_USE);
  const run = runAsedge(core, HEALTH);
  const m = run.messages[0];
  const ok = inUse === 0 && run.end.kind === "clean" && run.messages.length === 1 && m.req.method === "GET" &&
    m.req.target === "/plaintext" && m.req.headers.length === 1 && m.end === HEALTH.length;
  if (!ok && tally.failures.length < MAX_FAILURES) {
    tally.failures.push({ seed: tally.seed, index, generator: "valid", what: "health", detail: `slots in use ${inUse}, run ${JSON.stringify(run.end)}`, reproducer: escapeBytes(HEALTH), splits: [] });
  }
}

function record(tally: Tally, index: number, c: FuzzCase, j: Judged): void {
  const g = tally.byGenerator[c.generator];
  tally.cases++;
  g.cases++;
  g.asedge[j.asedge]++;
  g.llhttp[j.llhttp]++;
  const v = j.verdict;
  if (v.kind === "agree") {
    g.agree++;
    return;
  }
  if (v.kind === "difference") {
    g.differences++;
    tally.differences.set(v.cls, (tally.differences.get(v.cls) ?? 0) + 1);
    if (!tally.examples.has(v.cls) || c.bytes.length < tally.examples.get(v.cls)!.length / 2) tally.examples.set(v.cls, escapeBytes(c.bytes));
    if (!v.cls.startsWith("unclassified")) return;
  }
  g.failures++;
  if (tally.failures.length >= MAX_FAILURES) return;
  tally.failures.push({
    seed: tally.seed, index, generator: c.generator, shape: c.shape,
    what: v.kind === "violation" ? v.what : v.cls, detail: v.kind === "violation" ? v.detail : "",
    reproducer: escapeBytes(c.bytes), splits: c.splits,
  });
}

/** One failure as lines to print: seed, case, rule, detail, the bytes. */
export function describeFailure(f: Failure): string {
  return [
    `✗ ${f.what} — seed ${f.seed}, case ${f.index} (${f.generator}${f.shape ? `/${f.shape}` : ""}), splits [${f.splits.join(", ")}]`,
    f.detail ? `  ${f.detail}` : "",
    `  bytes: ${f.reproducer}`,
  ].filter(Boolean).join("\n");
}
