// The core's metrics tables (assembly/metrics/metrics.ts) seen from the host:
// the mirror of their layout, what the Node host counts per request, and the
// histogram's stated error on known latency distributions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantiateCore } from "../host/node/core-file.js";
import { Core } from "../host/core/core.js";
import { METRICS, ParseError } from "../host/core/abi.js";
import { latencyBucketBounds, mergeMetrics, readMetrics, type MetricsSnapshot } from "../host/core/metrics.js";
import { App, serve, type Server } from "../host/index.js";
import { exchange, rawRequest } from "./support/raw-http.js";
import { quantile } from "../host/app/stats.js";
import { debugCoreExports } from "./support/debug-core.js";

describe("the METRICS mirror", () => {
  it("equals the module's constants", () => {
    const g = debugCoreExports() as Record<string, WebAssembly.Global>; // the constants (the release build drops them)
    const module = {
      METHOD_SLOTS: g.METHOD_SLOTS.value, STATUS_CLASSES: g.STATUS_CLASSES.value, LATENCY_BUCKETS: g.LATENCY_BUCKETS.value,
      LATENCY_MAX_OCTAVE: g.LATENCY_MAX_OCTAVE.value, PARSE_ERROR_SLOTS: g.PARSE_ERROR_SLOTS.value,
      COUNTS: g.METRICS_COUNTS_OFFSET.value, BUCKETS: g.METRICS_BUCKETS_OFFSET.value, LATENCY_SUM: g.METRICS_LATENCY_SUM_OFFSET.value,
      BYTES_IN: g.METRICS_BYTES_IN_OFFSET.value, BYTES_OUT: g.METRICS_BYTES_OUT_OFFSET.value, ROUTE_SIZE: g.METRICS_ROUTE_SIZE.value,
    };
    expect(module).toEqual({ ...METRICS });
    expect(latencyBucketBounds().length).toBe(METRICS.LATENCY_BUCKETS);
  });
});

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("latency quantiles from the histogram", () => {
  const distributions: [string, (r: () => number) => number][] = [
    ["uniform 50–5000 µs", (r) => 50 + r() * 4950],
    ["log-normal around 200 µs", (r) => Math.exp(Math.log(200) + 1.2 * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()))],
    ["bimodal 30 µs / 40 ms", (r) => (r() < 0.9 ? 25 + r() * 10 : 35_000 + r() * 10_000)],
  ];

  it.each(distributions)("%s: p50, p99 and p99.9 within the stated error (< 50 % over, never under)", (_name, draw) => {
    const core = new Core(instantiateCore());
    const r = random(7);
    const latencies = Array.from({ length: 20_000 }, () => Math.max(1, Math.round(draw(r))));
    for (const us of latencies) core.exports.metricsRecord(1, 1, 200, us, 0, 0);
    const figures = readMetrics(core).routes.find((f) => f.route === 0)!;
    expect(figures.buckets.reduce((a, b) => a + b, 0)).toBe(latencies.length);
    expect(figures.latencySumUs).toBe(latencies.reduce((a, b) => a + b, 0));
    const sorted = [...latencies].sort((a, b) => a - b);
    for (const q of [0.5, 0.99, 0.999]) {
      const truth = sorted[Math.ceil(q * sorted.length) - 1];
      const read = quantile(figures.buckets, figures.buckets.reduce((a, b) => a + b, 0), q); // app.stats()'s reading: the bucket's upper bound
      expect(read, `q=${q}`).toBeGreaterThanOrEqual(truth);
      expect(read / truth, `q=${q}: read ${read} for ${truth}`).toBeLessThan(1.5);
    }
  });
});

describe("what the Node host counts", () => {
  let server: Server;
  let app: App;
  beforeAll(async () => {
    app = new App()
      .get("/users/:id", (c) => c.json({ id: c.req.param("id") }))
      .post("/echo", async (c) => c.text(await c.req.text()));
    server = await serve(app, { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  const core = () => (server as unknown as { core: Core }).core; // the NodeServer's current core

  it("each answer under its route and method, with its bytes and a latency; parse errors by code", async () => {
    const before = readMetrics(core());
    await exchange(server.port, [rawRequest("GET", "/users/1"), rawRequest("GET", "/users/2"), rawRequest("GET", "/missing")]);
    const echoRequest = rawRequest("POST", "/echo", [], "hello");
    const echoExchange = await exchange(server.port, [echoRequest]);
    await exchange(server.port, ["GET / HTTP/1.1\r\nHost: a\r\nB@d: x\r\n\r\n"]);
    const after = readMetrics(core());
    const diff = (s: MetricsSnapshot, route: number, method: number, cls: number) =>
      s.routes.find((f) => f.route === route)?.requests[method * METRICS.STATUS_CLASSES + cls] ?? 0;
    expect(diff(after, 0, 1, 1) - diff(before, 0, 1, 1)).toBe(2); // GET /users/:id 2xx
    expect(diff(after, 1, 3, 1) - diff(before, 1, 3, 1)).toBe(1); // POST /echo 2xx
    expect(diff(after, -1, 1, 3) - diff(before, -1, 1, 3)).toBe(1); // unmatched GET 4xx
    const echo = after.routes.find((f) => f.route === 1)!;
    const echoBefore = before.routes.find((f) => f.route === 1);
    expect(echo.bytesIn - (echoBefore?.bytesIn ?? 0)).toBe(echoRequest.length);
    expect(echo.bytesOut - (echoBefore?.bytesOut ?? 0)).toBe(echoExchange.raw.length);
    expect(echo.latencySumUs).toBeGreaterThan(0);
    expect(after.parseErrors.map((n, i) => n - before.parseErrors[i]).flatMap((n, i) => (n ? [[i, n]] : []))).toEqual([[ParseError.INVALID_HEADER_NAME, 1]]);
  });

  it("server.stats!().requests and app.stats() give the same figures by route pattern, with quantiles", async () => {
    const before = server.stats!().requests.routes.find((r) => r.route === "/users/:id")?.requests ?? 0;
    await exchange(server.port, [rawRequest("GET", "/users/7"), rawRequest("HEAD", "/users/8"), rawRequest("GET", "/nope")]);
    const { routes, parseErrors } = server.stats!().requests;
    expect(app.stats()).toEqual(server.stats!().requests); // app.fetch answers from the server's core
    const users = routes.find((r) => r.route === "/users/:id")!;
    expect(users.requests - before).toBe(2);
    expect(users.methods.HEAD).toBeGreaterThanOrEqual(1);
    expect(users.status["2xx"]).toBe(users.requests);
    expect(users.latency.count).toBe(users.requests);
    expect(users.latency.p50Us).toBeGreaterThan(0);
    expect(users.latency.p50Us).toBeLessThanOrEqual(users.latency.p99Us);
    expect(users.latency.p99Us).toBeLessThanOrEqual(users.latency.p999Us);
    expect(users.latency.meanUs).toBeGreaterThan(0);
    expect(users.bytesOut).toBeGreaterThan(0);
    const unmatched = routes.at(-1)!;
    expect(unmatched.route).toBe("(none)");
    expect(unmatched.status["4xx"]).toBeGreaterThanOrEqual(1);
    expect(parseErrors.INVALID_HEADER_NAME).toBe(1);
  });
});

describe("the fetch path's record (app.fetch, Workers)", () => {
  it("counts a handler that throws under its route as 5xx, as a slot host does; a synchronous answer is a Response, not a promise", async () => {
    const app = new App()
      .get("/sync", (c) => c.text("now"))
      .get("/later", async (c) => { await new Promise((r) => setTimeout(r, 1)); return c.text("later"); })
      .get("/boom", () => { throw new Error("boom"); })
      .onError((_error, c) => c.text("failed", 500));
    const sync = app.fetch(new Request("http://x/sync"));
    expect(sync).toBeInstanceOf(Response);
    expect(await (sync as Response).text()).toBe("now");
    const later = app.fetch(new Request("http://x/later"));
    expect(later).toBeInstanceOf(Promise);
    expect(await (await later).text()).toBe("later");
    const boom = await app.fetch(new Request("http://x/boom"));
    expect([boom.status, await boom.text()]).toEqual([500, "failed"]);
    const routes = Object.fromEntries(app.stats().routes.map((r) => [r.route, r.status]));
    expect(routes["/sync"]).toMatchObject({ "2xx": 1 });
    expect(routes["/later"]).toMatchObject({ "2xx": 1 });
    expect(routes["/boom"]).toEqual({ "5xx": 1 });
    expect(routes["(none)"]).toBeUndefined();
  });
});

describe("quantile", () => {
  it("is the upper bound of the bucket holding the rank; 0 for no requests; the top finite bound for +Inf", () => {
    const buckets = new Array<number>(METRICS.LATENCY_BUCKETS).fill(0);
    expect(quantile(buckets, 0, 0.5)).toBe(0);
    buckets[0] = 1; // ≤ 1 µs
    buckets[4] = 1; // ≤ 4 µs
    expect(quantile(buckets, 2, 0.5)).toBe(1);
    expect(quantile(buckets, 2, 0.99)).toBe(4);
    buckets[METRICS.LATENCY_BUCKETS - 1] = 98; // +Inf
    expect(quantile(buckets, 100, 0.99)).toBe(2 ** METRICS.LATENCY_MAX_OCTAVE);
  });
});

describe("mergeMetrics", () => {
  it("adds snapshots route by route and bucket by bucket", () => {
    const zeros = (n: number) => new Array<number>(n).fill(0);
    const one = (route: number, count: number, bucket: number): MetricsSnapshot["routes"][number] => {
      const requests = zeros(METRICS.METHOD_SLOTS * METRICS.STATUS_CLASSES);
      requests[1 * METRICS.STATUS_CLASSES + 1] = count;
      const buckets = zeros(METRICS.LATENCY_BUCKETS);
      buckets[bucket] = count;
      return { route, requests, buckets, latencySumUs: count * 10, bytesIn: count, bytesOut: 2 * count };
    };
    const errors = zeros(METRICS.PARSE_ERROR_SLOTS);
    const merged = mergeMetrics([
      { routes: [one(0, 2, 5), one(-1, 1, 3)], parseErrors: errors.map((_, i) => (i === 9 ? 1 : 0)) },
      { routes: [one(0, 3, 6), one(2, 4, 5)], parseErrors: errors.map((_, i) => (i === 9 ? 2 : 0)) },
    ]);
    expect(merged.routes.map((f) => f.route)).toEqual([0, 2, -1]);
    const first = merged.routes[0];
    expect(first.requests[1 * METRICS.STATUS_CLASSES + 1]).toBe(5);
    expect(first.buckets[5]).toBe(2);
    expect(first.buckets[6]).toBe(3);
    expect([first.latencySumUs, first.bytesIn, first.bytesOut]).toEqual([50, 5, 10]);
    expect(merged.parseErrors[9]).toBe(3);
  });
});
