// Request metrics, recorded inside the core with integer operations and no
// allocation: counts by route, method and status class, a latency histogram
// per route, request and response bytes, and parse errors by code. Hosts
// pass the latency (µs) with the call that answers the request, so recording
// costs no extra crossing on a slot host; fetch hosts, which answer in JS,
// record with one metricsRecord() call.
//
// Hosts read the figures in place (layout below, mirrored as METRICS in
// host/core/abi.ts and checked by tests/metrics.test.ts):
//
//   metricsRoutes()       address of RouteMetrics × metricsRouteCapacity()
//                         (route id r at r × METRICS_ROUTE_SIZE); 0 until a
//                         request is counted. It grows (doubling, copied)
//                         when a route id beyond it is first counted, so it
//                         is as large as the routes that were hit, never a
//                         fixed maximum; old copies stay behind (the stub
//                         runtime never frees), less than the final size.
//   metricsUnmatched()    one RouteMetrics for requests that matched no route
//                         (or when memory could not grow for the table)
//   metricsParseErrors()  u32 × PARSE_ERROR_SLOTS, by ParseError code
//
//   RouteMetrics (METRICS_ROUTE_SIZE = 560 bytes)
//     0    counts  u32 [METHOD_SLOTS × STATUS_CLASSES]  method slot m, class k at (m × 5 + k) × 4
//                                                       (m: method id 1–9, else 0 "other";
//                                                        k: 0 = 1xx … 4 = 5xx)
//     200  buckets u32 [LATENCY_BUCKETS]                latency histogram, non-cumulative
//     412  (pad)
//     416  latencySumUs u64
//     424  bytesIn      u64                             request bytes (head + body as received)
//     432  bytesOut     u64                             response bytes (head + body)
//     440  (reserved to 560)
//
// Latency buckets are log-linear (HDR-style), two per power of two from
// 1 µs: bucket b's upper bound is
//     b = 0: 1 µs;  b = 2k + 1: 1.5 × 2^k µs;  b = 2k + 2: 2^(k+1) µs   (k ≥ 0)
// up to 2^26 µs (≈ 67 s); b = LATENCY_BUCKETS - 1 is +Inf. A quantile read
// at a bucket's upper bound overstates the true value by less than 50 % of
// it (33 % in the upper half-octave), whatever the distribution.

export const METHOD_SLOTS: u32 = 10;
export const STATUS_CLASSES: u32 = 5;
export const LATENCY_BUCKETS: u32 = 54; // 0, then 2 × 26 half-octaves, then +Inf
export const LATENCY_MAX_OCTAVE: u32 = 26;
export const PARSE_ERROR_SLOTS: u32 = 64;

export const METRICS_COUNTS_OFFSET: u32 = 0;
export const METRICS_BUCKETS_OFFSET: u32 = 200;
export const METRICS_LATENCY_SUM_OFFSET: u32 = 416;
export const METRICS_BYTES_IN_OFFSET: u32 = 424;
export const METRICS_BYTES_OUT_OFFSET: u32 = 432;
export const METRICS_ROUTE_SIZE: u32 = 560;
/** Route slots of the first table (it doubles from there). */
const FIRST_CAPACITY: u32 = 16;

const UNMATCHED: usize = memory.data(METRICS_ROUTE_SIZE, 16);
const PARSE_ERRORS: usize = memory.data(PARSE_ERROR_SLOTS * 4, 16);
let routes: usize = 0;
let capacity: u32 = 0;

export function metricsRoutes(): usize {
  return routes;
}

export function metricsRouteCapacity(): u32 {
  return capacity;
}

export function metricsUnmatched(): usize {
  return UNMATCHED;
}

export function metricsParseErrors(): usize {
  return PARSE_ERRORS;
}

/** The histogram bucket of a latency in µs. */
// @ts-ignore: decorator
@inline export function latencyBucket(us: u32): u32 {
  if (us <= 1) return 0;
  if (us == 2) return 2; // (1, 2]: no integer lies in the lower half (1, 1.5]
  // us in (2^k, 2^(k+1)] ⇔ v = us - 1 in [2^k, 2^(k+1)); the lower half-octave
  // (2^k, 1.5·2^k] is the one where bit k - 1 of v is clear.
  const v = us - 1;
  const k = <u32>(31 - clz(v));
  if (k >= LATENCY_MAX_OCTAVE) return LATENCY_BUCKETS - 1;
  return 2 * k + 1 + ((v >> (k - 1)) & 1);
}

/** Upper bound (µs) of bucket b; 0 for the +Inf bucket. */
export function latencyBucketBound(b: u32): f64 {
  if (b == 0) return 1;
  if (b >= LATENCY_BUCKETS - 1) return 0;
  const k = (b - 1) >> 1;
  const base = <f64>(1 << k);
  return (b & 1) ? base * 1.5 : base * 2;
}

/** The RouteMetrics of `route` (route id + 1; growing the table to hold it), or the unmatched one (0). */
function routeBase(route: u32): usize {
  const id = route - 1; // route 0 wraps to u32.MAX_VALUE: unmatched
  if (id < capacity) return routes + <usize>id * METRICS_ROUTE_SIZE;
  if (id >= MAX_COUNTED_ROUTES || !grow(id + 1)) return UNMATCHED;
  return routes + <usize>id * METRICS_ROUTE_SIZE;
}

/** Route ids counted one by one (the router's own maximum is far beyond any real table). */
const MAX_COUNTED_ROUTES: u32 = 1 << 16;

/**
 * A table for at least `need` routes, the old one copied in; false when memory
 * cannot grow (memory grows here, so a refusal is not a trap in the allocator).
 */
function grow(need: u32): bool {
  let next = max(FIRST_CAPACITY, capacity << 1);
  while (next < need) next <<= 1;
  const bytes = <usize>next * METRICS_ROUTE_SIZE + 16;
  if (memory.grow(<i32>((bytes + 0xffff) >>> 16) + 1) < 0) return false;
  const table = (heap.alloc(bytes) + 15) & ~<usize>15;
  memory.fill(table, 0, <usize>next * METRICS_ROUTE_SIZE);
  if (routes != 0) memory.copy(table, routes, <usize>capacity * METRICS_ROUTE_SIZE);
  routes = table;
  capacity = next;
  return true;
}

/**
 * Count one answered request. `route` is the answering route's id + 1, 0 when
 * no route matched (so a caller that passes nothing counts as unmatched).
 */
export function metricsRecord(route: u32, methodId: u32, status: u32, latencyUs: u32, bytesIn: u32, bytesOut: u32): void {
  const base = routeBase(route);
  const method = methodId < METHOD_SLOTS ? methodId : 0;
  const cls = status - 100 < 500 ? (status - 100) / 100 : STATUS_CLASSES - 1; // one unsigned compare; odd statuses count as 5xx
  const count = base + <usize>METRICS_COUNTS_OFFSET + (<usize>(method * STATUS_CLASSES + cls) << 2);
  store<u32>(count, load<u32>(count) + 1);
  const bucket = base + <usize>METRICS_BUCKETS_OFFSET + (<usize>latencyBucket(latencyUs) << 2);
  store<u32>(bucket, load<u32>(bucket) + 1);
  store<u64>(base + METRICS_LATENCY_SUM_OFFSET, load<u64>(base + METRICS_LATENCY_SUM_OFFSET) + latencyUs);
  store<u64>(base + METRICS_BYTES_IN_OFFSET, load<u64>(base + METRICS_BYTES_IN_OFFSET) + bytesIn);
  store<u64>(base + METRICS_BYTES_OUT_OFFSET, load<u64>(base + METRICS_BYTES_OUT_OFFSET) + bytesOut);
}

/** Count one request rejected by the parser with `code`. */
export function metricsParseError(code: u32): void {
  const at = PARSE_ERRORS + (<usize>(code < PARSE_ERROR_SLOTS ? code : <u32>0) << 2);
  store<u32>(at, load<u32>(at) + 1);
}

/** Zero every figure (tests; an operator's reset). The table keeps its size. */
export function metricsReset(): void {
  if (routes != 0) memory.fill(routes, 0, <usize>capacity * METRICS_ROUTE_SIZE);
  memory.fill(UNMATCHED, 0, METRICS_ROUTE_SIZE);
  memory.fill(PARSE_ERRORS, 0, PARSE_ERROR_SLOTS * 4);
}
