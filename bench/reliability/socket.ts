/**
 * Level (b) of the socket fuzz: the same generated cases, written to a
 * running Node host over a real socket in the reads their split points give,
 * and the answers checked against what the in-process run of the same bytes
 * predicts (judge.ts, which also holds the case to the llhttp rules):
 *
 *   in-process outcome      over the socket
 *   ─────────────────────── ──────────────────────────────────────────────────
 *   k messages, then error  k normal answers, then the error's own status, then close
 *   k messages, closing one k normal answers, then close
 *   k messages, clean       k normal answers, then a GET /plaintext on the same
 *                           connection is answered 200 "Hello, World!", and it stays open
 *   k messages, pending     k normal answers, and the connection stays open, silent
 *
 * A "normal answer" is one of the reference app's own statuses, never a
 * parse-error status; an /echo answer also names the method and target the
 * core parsed. Between batches a health check on a new connection must get
 * 200 "Hello, World!".
 *
 * @example
 *   const server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
 *   const tally = await fuzzSocket(server.port, core, { seed: 1, cases: 500 });
 */
import type { CoreExports } from "../../host/core/abi.js";
import { exchange, rawRequest, type RawResponse } from "../../tests/support/raw-http.js";
import { Rng, caseAt, escapeBytes, GENERATORS, type GeneratorName } from "./generate.js";
import { judge, type AsedgeRun } from "./judge.js";
import type { Failure, RunTotals } from "./in-process.js";

/** What the reference app answers to the generated targets (200, 201 created, 204 no content, 404 no route). */
export const APP_STATUSES: ReadonlySet<number> = new Set([200, 201, 204, 404]);
/** How long a pending connection must stay open and silent. */
const PENDING_MS = 150;
const GAP_MS = 2;
const HEALTH = rawRequest("GET", "/plaintext");
const HELLO = "Hello, World!";
/** Seeds of level (b) differ from level (a)'s, so the sample is not the first cases of the 1M run again. */
const SOCKET_SEED_SALT = 0x50c4e7;

export type Expectation = "error+close" | "close" | "clean+health" | "pending-open";

export interface SocketTally extends RunTotals {
  byGenerator: Record<GeneratorName, number>;
  byExpectation: Record<Expectation, number>;
  /** Answers by status (normal answers and rejections). */
  statuses: Map<number, number>;
  healthChecks: number;
  failures: Failure[];
}

const MAX_FAILURES = 20;

function cut(bytes: Uint8Array, splits: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const s of [...splits, bytes.length]) {
    if (s > at) out.push(Buffer.from(bytes.subarray(at, s)));
    at = s;
  }
  return out;
}

function expectationOf(run: AsedgeRun): Expectation {
  switch (run.end.kind) {
    case "error": return "error+close";
    case "closed": return "close";
    case "clean": return "clean+health";
    case "pending": return "pending-open";
  }
}

/** The first way the answers differ from the expectation, or null. */
function checkAnswers(run: AsedgeRun, expectation: Expectation, responses: RawResponse[], closed: boolean): string | null {
  const k = run.messages.length;
  for (let i = 0; i < Math.min(k, responses.length); i++) {
    const r = responses[i];
    if (!APP_STATUSES.has(r.status)) return `answer ${i}: status ${r.status}, expected an app status (${[...APP_STATUSES].join("/")})`;
    const m = run.messages[i].req;
    if (r.status === 200 && m.path.startsWith("/echo") && m.method !== "HEAD") {
      const echoed = JSON.parse(r.body.toString()) as { method: string; url: string };
      if (echoed.method !== m.method || echoed.url !== m.target) return `answer ${i}: echo says ${echoed.method} ${echoed.url}, the core parsed ${m.method} ${m.target}`;
    }
  }
  const want = k + (expectation === "error+close" || expectation === "clean+health" ? 1 : 0);
  if (responses.length !== want) return `${responses.length} answers (statuses ${responses.map((r) => r.status).join(",")}), expected ${want}`;
  if (expectation === "error+close" && run.end.kind === "error" && responses[k].status !== run.end.status) {
    return `rejection answered ${responses[k].status}, expected ${run.end.status} (${run.end.name})`;
  }
  if (expectation === "clean+health" && (responses[k].status !== 200 || responses[k].body.toString() !== HELLO)) {
    return `health request after the case answered ${responses[k].status}`;
  }
  const shouldClose = expectation === "error+close" || expectation === "close";
  if (closed !== shouldClose) return shouldClose ? "connection left open" : "connection closed";
  return null;
}

/** One case over the socket; returns a failure description or null. */
async function runCase(port: number, run: AsedgeRun, bytes: Uint8Array, splits: readonly number[], tally: SocketTally): Promise<string | null> {
  const expectation = expectationOf(run);
  tally.byExpectation[expectation]++;
  const headRequests = new Set(run.messages.flatMap((m, i) => (m.req.method === "HEAD" ? [i] : [])));
  const chunks = cut(bytes, splits);
  if (expectation === "clean+health") chunks.push(HEALTH);
  const k = run.messages.length;
  const ex = await exchange(port, chunks, {
    gapMs: chunks.length > 1 ? GAP_MS : 0, headRequests, skipInterim: true,
    ...(expectation === "clean+health" ? { expect: k + 1, timeoutMs: 3000 }
      : expectation === "pending-open" ? { expect: k, quietMs: PENDING_MS, timeoutMs: 3000 }
        : { waitForClose: true, timeoutMs: 3000 }),
  });
  for (const r of ex.responses) tally.statuses.set(r.status, (tally.statuses.get(r.status) ?? 0) + 1);
  return checkAnswers(run, expectation, ex.responses, ex.closed);
}

async function healthCheck(port: number): Promise<string | null> {
  const { responses } = await exchange(port, [HEALTH], { timeoutMs: 3000 });
  return responses[0]?.status === 200 && responses[0].body.toString() === HELLO ? null : `health check answered ${responses[0]?.status ?? "nothing"}`;
}

/**
 * `cases` cases over `concurrency` connections at a time, a health check
 * after every `batch`. `core` is a separate instance used to predict answers.
 */
export async function fuzzSocket(port: number, core: CoreExports, options: {
  seed: number; cases: number; concurrency?: number; batch?: number;
}): Promise<SocketTally> {
  const { seed, cases, concurrency = 16, batch = 250 } = options;
  const rng = new Rng(seed ^ SOCKET_SEED_SALT);
  const tally: SocketTally = {
    seed, cases: 0, ms: 0,
    byGenerator: Object.fromEntries(GENERATORS.map((g) => [g, 0])) as Record<GeneratorName, number>,
    byExpectation: { "error+close": 0, close: 0, "clean+health": 0, "pending-open": 0 },
    statuses: new Map(), healthChecks: 0, failures: [],
  };
  const fail = (index: number, generator: GeneratorName, shape: string | undefined, what: string, detail: string, bytes: Uint8Array, splits: number[]) => {
    if (tally.failures.length < MAX_FAILURES) tally.failures.push({ seed, index, generator, shape, what, detail, reproducer: escapeBytes(bytes), splits });
  };
  const t0 = performance.now();
  for (let from = 0; from < cases; from += batch) {
    const pending: Promise<void>[] = [];
    const work = Array.from({ length: Math.min(batch, cases - from) }, (_, n) => {
      const index = from + n;
      return { index, c: caseAt(rng, index) };
    });
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const { index, c } = work[next++];
        tally.cases++;
        tally.byGenerator[c.generator]++;
        const judged = judge(core, c.bytes, c.splits);
        const v = judged.verdict;
        if (v.kind === "violation" || (v.kind === "difference" && v.cls.startsWith("unclassified"))) {
          fail(index, c.generator, c.shape, v.kind === "violation" ? v.what : v.cls, v.kind === "violation" ? v.detail : "", c.bytes, c.splits);
        }
        try {
          const problem = await runCase(port, judged.run, c.bytes, c.splits, tally);
          if (problem) fail(index, c.generator, c.shape, "socket", problem, c.bytes, c.splits);
        } catch (error) {
          fail(index, c.generator, c.shape, "socket", `client error: ${String(error)}`, c.bytes, c.splits);
        }
      }
    };
    for (let w = 0; w < concurrency; w++) pending.push(worker());
    await Promise.all(pending);
    tally.healthChecks++;
    const health = await healthCheck(port);
    if (health) fail(from + batch - 1, "valid", undefined, "health", health, HEALTH, []);
  }
  tally.ms = performance.now() - t0;
  return tally;
}
