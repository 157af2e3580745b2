// /metrics on every host: figures recorded inside the core, formatted as the
// Prometheus text format 0.0.4 (and OpenMetrics 1.0 by Accept), checked by a
// real parser and by a strict checker of what that parser lets through.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { everyHost, type EveryHost, type HostName } from "../../../tests/support/every-host.js";
import { escapeLabel, formatMetrics, missingLine, negotiate, UNMATCHED_LABEL } from "./index.js";
import { mergeFigures, type WorkerAnswer } from "../../core/metrics.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/metrics/metrics.fixture.ts"); });
afterAll(() => hosts.close());

interface Family { name: string; type: string; help: string; metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[] }

/**
 * What the parser does not check: HELP and TYPE before a family's samples,
 * one family per name, cumulative buckets ending at +Inf = _count; free
 * comments only in the Prometheus text format.
 */
function strictCheck(text: string, openMetrics: boolean): void {
  const lines = text.split("\n");
  expect(lines.at(-1)).toBe(""); // ends with a newline
  if (openMetrics) expect(lines.at(-2)).toBe("# EOF");
  const declared = new Map<string, string>();
  let current = "";
  for (const line of lines.filter(Boolean)) {
    if (line === "# EOF") continue;
    const meta = /^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        expect(declared.has(meta[2]), `family ${meta[2]} declared twice`).toBe(false);
        declared.set(meta[2], meta[3]);
      }
      current = meta[2];
      continue;
    }
    if (!openMetrics && line.startsWith("# ")) continue; // a comment (0.0.4 allows them; OpenMetrics does not)
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|\+Inf)$/.exec(line);
    expect(sample, `malformed sample line: ${line}`).not.toBeNull();
    expect(sample![1].startsWith(current), `${sample![1]} outside its family ${current}`).toBe(true);
  }
  if (openMetrics) for (const [name, type] of declared) if (type === "counter") expect(name.endsWith("_total")).toBe(false);
}

/**
 * One histogram's series by their labels other than `le` (the parser above
 * flattens labelled histograms, losing their labels): buckets in order, sum, count.
 */
function histogram(text: string, name: string): Map<string, { le: string[]; buckets: number[]; sum: number; count: number }> {
  const series = new Map<string, { le: string[]; buckets: number[]; sum: number; count: number }>();
  const get = (labels: string) => {
    let s = series.get(labels);
    if (!s) series.set(labels, (s = { le: [], buckets: [], sum: NaN, count: NaN }));
    return s;
  };
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${name}_(bucket|sum|count)\\{(.*?)(?:,?le="([^"]+)")?\\} (\\S+)$`).exec(line);
    if (!m) continue;
    const s = get(m[2]);
    if (m[1] === "bucket") { s.le.push(m[3]); s.buckets.push(Number(m[4])); }
    else if (m[1] === "sum") s.sum = Number(m[4]);
    else s.count = Number(m[4]);
  }
  return series;
}

function families(text: string): Map<string, Family> {
  return new Map((parsePrometheusTextFormat(text) as Family[]).map((f) => [f.name, f]));
}

const HOSTS: HostName[] = ["fetch", "socket", "workerd"];

describe.each(HOSTS)("/metrics on %s", (host) => {
  const ask = async (request: Parameters<EveryHost["ask"]>[0]) => (await hosts.ask(request))[host];

  // app.request and the socket share the Node server's core (app.fetch uses the core the app was bound to),
  // and every ask goes to all hosts: on Node each request counts twice.
  const perAsk = host === "workerd" ? 1 : 2;

  it("counts requests by method, route pattern and status class, and parses as Prometheus text", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const before = families((await ask({ path: "/metrics" })).body.toString());
    const count = (f: Map<string, Family>, labels: Record<string, string>) =>
      Number(f.get("asedge_http_requests_total")?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? 0);
    await ask({ path: "/api/users/1" });
    await ask({ path: "/api/users/2" });
    await ask({ method: "POST", path: "/api/items", body: "abc" });
    await ask({ path: "/api/boom" });
    await ask({ path: "/nowhere" });
    const answer = await ask({ path: "/metrics" });
    expect(answer.status).toBe(200);
    expect(answer.headers).toContainEqual(["content-type", "text/plain; version=0.0.4; charset=utf-8"]);
    const text = answer.body.toString();
    strictCheck(text, false);
    const after = families(text);
    const delta = (labels: Record<string, string>) => count(after, labels) - count(before, labels);
    // The /metrics request that took the first reading counts too, once per host sharing the core.
    expect(delta({ method: "GET", route: "/api/users/:id", status: "2xx" })).toBe(2 * perAsk);
    expect(delta({ method: "POST", route: "/api/items", status: "2xx" })).toBe(perAsk);
    expect(delta({ method: "GET", route: "/api/boom", status: "5xx" })).toBe(perAsk);
    expect(delta({ method: "GET", route: UNMATCHED_LABEL, status: "4xx" })).toBe(perAsk);
    vi.restoreAllMocks();
  });

  it("has a cumulative latency histogram per route whose +Inf bucket is its count", async () => {
    await ask({ path: "/api/users/9" });
    const text = (await ask({ path: "/metrics" })).body.toString();
    expect(families(text).get("asedge_http_request_duration_seconds")!.type).toBe("HISTOGRAM");
    const all = histogram(text, "asedge_http_request_duration_seconds");
    for (const [labels, s] of all) {
      expect(s.le.length, labels).toBe(54);
      for (let i = 1; i < s.buckets.length; i++) expect(s.buckets[i], labels).toBeGreaterThanOrEqual(s.buckets[i - 1]);
      expect(s.buckets.at(-1), labels).toBe(s.count);
    }
    const users = all.get('route="/api/users/:id"')!;
    expect(users.le[0]).toBe("0.000001");
    expect(users.le[1]).toBe("0.0000015");
    expect(users.le.at(-2)).toBe("67.108864");
    expect(users.le.at(-1)).toBe("+Inf");
    expect(users.count).toBeGreaterThanOrEqual(1);
    // Workers' clock stands still while code runs and moves only across I/O (a timer counts),
    // so a synchronous route may measure 0 there; a route that waits 5 ms measures it everywhere.
    if (host === "workerd") expect(users.sum).toBeGreaterThanOrEqual(0);
    else expect(users.sum).toBeGreaterThan(0);
  });

  it("measures the time a handler waits (a 5 ms timer lands in no bucket below 4 ms)", async () => {
    const before = histogram((await ask({ path: "/metrics" })).body.toString(), "asedge_http_request_duration_seconds").get('route="/api/wait"');
    await ask({ path: "/api/wait" });
    const wait = histogram((await ask({ path: "/metrics" })).body.toString(), "asedge_http_request_duration_seconds").get('route="/api/wait"')!;
    const added = wait.count - (before?.count ?? 0);
    expect(added).toBe(perAsk);
    expect(wait.sum - (before?.sum ?? 0)).toBeGreaterThanOrEqual(0.004 * added);
    const upTo4ms = wait.le.indexOf("0.003072"); // the last bucket below 4 ms
    expect(Number(wait.le[upTo4ms + 1])).toBeGreaterThan(0.004);
    expect(wait.buckets[upTo4ms] - (before?.buckets[upTo4ms] ?? 0)).toBe(0);
  });

  it("escapes label values (a route pattern with quotes and a backslash)", async () => {
    await ask({ path: "/api/odd/%22quoted%22%5Cpath" });
    const text = (await ask({ path: "/metrics" })).body.toString();
    expect(text).toContain(`route="/api/odd/\\"quoted\\"\\\\path"`);
    const requests = families(text).get("asedge_http_requests_total")!;
    expect(requests.metrics.some((m) => m.labels?.route === '/api/odd/"quoted"\\path')).toBe(true);
  });

  it("answers OpenMetrics 1.0 when the scraper asks for it", async () => {
    const answer = await ask({ path: "/metrics", headers: [["Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5"]] });
    expect(answer.headers).toContainEqual(["content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8"]);
    const text = answer.body.toString();
    strictCheck(text, true);
    expect(text).toContain("# TYPE asedge_http_requests counter\n");
    expect(text).toContain("# UNIT asedge_http_request_duration_seconds seconds\n");
    expect(text).toMatch(/\nasedge_http_requests_total\{method="GET",route="\/metrics",status="2xx"\} \d+\n/);
  });

  it("includes the slot pool's figures", async () => {
    const f = families((await ask({ path: "/metrics" })).body.toString());
    expect(Number(f.get("asedge_pool_slots")!.metrics[0].value)).toBeGreaterThanOrEqual(1);
    expect(f.get("asedge_pool_exhausted_total")!.type).toBe("COUNTER");
  });
});

describe("the Node host's own figures", () => {
  it("open connections and accepted ones appear where a Node server serves the core, not on Workers", async () => {
    const { socket, workerd } = await hosts.ask({ path: "/metrics" });
    const node = families(socket.body.toString());
    expect(Number(node.get("asedge_connections_accepted_total")!.metrics[0].value)).toBeGreaterThanOrEqual(1);
    expect(node.get("asedge_connections")!.type).toBe("GAUGE");
    expect(families(workerd.body.toString()).has("asedge_connections")).toBe(false);
  });
});

describe("the sum over a cluster", () => {
  const figures = (connections: number, highWater: number, accepted: number) => ({
    connections: ["gauge", "Open connections.", connections] as const,
    pool_slots_high_water: ["gauge", "Most slots in use at once.", highWater, "max"] as const,
    connections_accepted_total: ["counter", "Connections accepted.", accepted] as const,
  });

  it("mergeFigures adds counters and gauges, and takes the largest of a figure marked max", () => {
    expect(mergeFigures([figures(3, 7, 10), figures(4, 5, 20), figures(0, 9, 1)])).toEqual({
      connections: ["gauge", "Open connections.", 7, undefined],
      pool_slots_high_water: ["gauge", "Most slots in use at once.", 9, "max"],
      connections_accepted_total: ["counter", "Connections accepted.", 31, undefined],
    });
    expect(mergeFigures([])).toEqual({});
  });

  it.each<[WorkerAnswer, string]>([
    [{ worker: 2, pid: 77, missing: "timeout" }, "worker 2 (pid 77) did not answer within 250 ms: its figures are not in these sums"],
    [{ worker: 3, missing: "down" }, "worker 3 is down (exited; a restart may be pending): its figures are not in these sums"],
    [{ worker: 1, pid: 5, missing: "starting" }, "worker 1 (pid 5) is starting (not listening yet): its figures are not in these sums"],
    [{ worker: 4, pid: 6, missing: "exited" }, "worker 4 (pid 6) exited before it answered: its figures are not in these sums"],
    [{ worker: 2, missing: "no primary" }, "worker 2 was not asked: the primary did not answer within 250 ms: its figures are not in these sums"],
  ])("missingLine(%j)", (answer, line) => {
    expect(missingLine(answer, 250)).toBe(line);
  });

  const cluster = { timeoutMs: 250, workers: [{ worker: 1, pid: 10, report: { snapshot: { routes: [], parseErrors: [] }, figures: {} } }, { worker: 2, pid: 11, missing: "timeout" }] };
  const empty = { routes: [], parseErrors: [] };

  it("names the workers that answered and the ones missing, in both formats", () => {
    const text = formatMetrics(empty, [], figures(1, 1, 1), "prometheus", "asedge_", cluster);
    strictCheck(text, false);
    expect(text.split("\n").slice(-10)).toEqual([
      "# HELP asedge_cluster_workers Workers whose figures these sums hold (answered) and workers that did not answer or were down (missing).",
      "# TYPE asedge_cluster_workers gauge",
      'asedge_cluster_workers{state="answered"} 1',
      'asedge_cluster_workers{state="missing"} 1',
      "# HELP asedge_cluster_worker_answered 1 when the worker's figures are in these sums, 0 when they are missing.",
      "# TYPE asedge_cluster_worker_answered gauge",
      'asedge_cluster_worker_answered{worker="1"} 1',
      'asedge_cluster_worker_answered{worker="2"} 0',
      "# worker 2 (pid 11) did not answer within 250 ms: its figures are not in these sums",
      "",
    ]);
    expect(families(text).get("asedge_cluster_worker_answered")!.metrics.map((m) => [m.labels?.worker, m.value])).toEqual([["1", "1"], ["2", "0"]]);
    const open = formatMetrics(empty, [], {}, "openmetrics", "asedge_", cluster);
    strictCheck(open, true);
    expect(open).not.toContain("# worker");
    expect(open).toContain('\nasedge_cluster_workers{state="missing"} 1\n');
  });

  it("adds no cluster figures for one process", () => {
    expect(formatMetrics(empty, [], {}, "prometheus")).not.toContain("cluster");
  });
});

describe("helpers", () => {
  it("escapeLabel escapes backslash, double quote and newline", () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it.each([
    [undefined, "prometheus"], ["text/plain", "prometheus"], ["*/*", "prometheus"],
    ["application/openmetrics-text; version=1.0.0", "openmetrics"], ["text/plain;q=0.5, application/openmetrics-text", "openmetrics"],
  ])("negotiate(%j) → %s", (accept, format) => {
    expect(negotiate(accept)).toBe(format);
  });
});
