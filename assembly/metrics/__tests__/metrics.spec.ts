import {
  latencyBucket, latencyBucketBound, metricsRecord, metricsParseError, metricsReset, metricsRoutes, metricsRouteCapacity,
  metricsUnmatched, metricsParseErrors, LATENCY_BUCKETS, METRICS_ROUTE_SIZE, METRICS_BUCKETS_OFFSET, METRICS_COUNTS_OFFSET,
  METRICS_LATENCY_SUM_OFFSET, METRICS_BYTES_IN_OFFSET, METRICS_BYTES_OUT_OFFSET, STATUS_CLASSES, PARSE_ERROR_SLOTS,
} from "../metrics";

const NO_ROUTE: u32 = 0;

/** RouteMetrics of route number `route` (route id + 1; 0: unmatched). */
function record(route: u32): usize {
  return route == NO_ROUTE ? metricsUnmatched() : metricsRoutes() + (route - 1) * METRICS_ROUTE_SIZE;
}

function count(route: u32, method: u32, cls: u32): u32 {
  return load<u32>(record(route) + METRICS_COUNTS_OFFSET + ((method * STATUS_CLASSES + cls) << 2));
}

function bucket(route: u32, b: u32): u32 {
  return load<u32>(record(route) + METRICS_BUCKETS_OFFSET + (b << 2));
}

function fits(us: u32): bool {
  const b = latencyBucket(us);
  const upper = b == LATENCY_BUCKETS - 1 ? Infinity : latencyBucketBound(b); // bound 0: +Inf
  return <f64>us <= upper && (b == 0 || <f64>us > latencyBucketBound(b - 1));
}

describe("latency buckets", () => {
  it("puts every latency at or below its bucket's upper bound and above the previous one", () => {
    // Every value up to 4096 µs, then each power of two ±1 up to 2^26 (the bucket edges).
    let wrong = 0;
    for (let us: u32 = 0; us <= 4096; us++) if (!fits(us)) wrong++;
    for (let k: u32 = 12; k <= 26; k++) {
      const p: u32 = 1 << k;
      if (!fits(p - 1) || !fits(p) || !fits(p + 1) || !fits(p + (p >> 1)) || !fits(p + (p >> 1) + 1)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("has the stated bounds: 1, 1.5, 2, 3, 4, 6, 8 … 2^26 µs, then +Inf", () => {
    expect(latencyBucketBound(0)).toBe(1);
    expect(latencyBucketBound(1)).toBe(1.5);
    expect(latencyBucketBound(2)).toBe(2);
    expect(latencyBucketBound(3)).toBe(3);
    expect(latencyBucketBound(4)).toBe(4);
    expect(latencyBucketBound(5)).toBe(6);
    expect(latencyBucketBound(52)).toBe(<f64>(1 << 26));
    expect(latencyBucketBound(53)).toBe(0);
    expect(LATENCY_BUCKETS).toBe(54);
  });

  it("sends what is past 2^26 µs to +Inf", () => {
    expect(latencyBucket(1 << 26)).toBe(52);
    expect(latencyBucket((1 << 26) + 1)).toBe(53);
    expect(latencyBucket(u32.MAX_VALUE)).toBe(53);
  });
});

describe("metricsRecord", () => {
  it("counts by route, method and status class, with latency and bytes", () => {
    metricsReset();
    metricsRecord(3, 1, 200, 100, 50, 120);
    metricsRecord(3, 1, 204, 100, 40, 80);
    metricsRecord(3, 3, 404, 5, 10, 30);
    metricsRecord(3, 38, 503, 7, 0, 0); // M-SEARCH: "other" method slot
    expect(count(3, 1, 1)).toBe(2);
    expect(count(3, 3, 3)).toBe(1);
    expect(count(3, 0, 4)).toBe(1);
    expect(bucket(3, latencyBucket(100))).toBe(2);
    const base = record(3);
    expect(load<u64>(base + METRICS_LATENCY_SUM_OFFSET)).toBe(212);
    expect(load<u64>(base + METRICS_BYTES_IN_OFFSET)).toBe(100);
    expect(load<u64>(base + METRICS_BYTES_OUT_OFFSET)).toBe(230);
  });

  it("counts no route in the unmatched record, and odd statuses as 5xx", () => {
    metricsReset();
    metricsRecord(NO_ROUTE, 2, 99, 1, 0, 0);
    metricsRecord(NO_ROUTE, 2, 700, 1, 0, 0);
    expect(count(NO_ROUTE, 2, 4)).toBe(2);
  });

  it("grows the route table to the largest route id counted, keeping what it held", () => {
    metricsReset();
    metricsRecord(2, 1, 200, 1, 0, 0);
    const first = metricsRouteCapacity();
    expect(first >= 16).toBe(true);
    metricsRecord(first + 40, 1, 500, 1, 0, 0);
    expect(metricsRouteCapacity() >= first + 40).toBe(true);
    expect(count(2, 1, 1)).toBe(1);
    expect(count(first + 40, 1, 4)).toBe(1);
  });

  it("counts parse errors by code, and reset zeroes the whole table", () => {
    metricsReset();
    metricsParseError(5);
    metricsParseError(5);
    metricsParseError(1000); // out of range → slot 0
    const errors = metricsParseErrors();
    expect(load<u32>(errors + 20)).toBe(2);
    expect(load<u32>(errors)).toBe(1);
    metricsReset();
    let sum: u64 = 0;
    for (let i: u32 = 0; i < metricsRouteCapacity() * METRICS_ROUTE_SIZE; i += 4) sum += load<u32>(metricsRoutes() + i);
    for (let i: u32 = 0; i < METRICS_ROUTE_SIZE; i += 4) sum += load<u32>(metricsUnmatched() + i);
    for (let i: u32 = 0; i < PARSE_ERROR_SLOTS * 4; i += 4) sum += load<u32>(metricsParseErrors() + i);
    expect(sum).toBe(0);
  });
});
