// Smoke run of the socket fuzz (bench/reliability/, `npm run bench:reliability:fuzz`
// runs a million): 20,000 generated and mutated requests through the real
// core's parse() judged against llhttp, and a sample over a real socket to
// the Node host. Differences where asedge is stricter pass only through the
// judge's documented classes; each class is shown here on one input.
// FUZZ_SEED=<n> runs other cases; a failure prints its seed and bytes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantiateCore } from "../../host/node/core-file.js";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { GENERATORS } from "../../bench/reliability/generate.js";
import { DIFFERENCES, judge } from "../../bench/reliability/judge.js";
import { configureForFuzz, describeFailure, fuzzInProcess } from "../../bench/reliability/in-process.js";
import { fuzzSocket, APP_STATUSES } from "../../bench/reliability/socket.js";
import { bytes } from "../http/read-request.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const core = configureForFuzz(instantiateCore());

/** One input per difference class, judged as that class. */
const CLASS_EXAMPLES: Record<keyof typeof DIFFERENCES, string> = {
  "missing-host": "GET / HTTP/1.1\r\n\r\n",
  "duplicate-host": "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
  "http/0.9": "GET /echo\r\n\r\n",
  "version-not-1.x": "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
  "request-line-spaces": "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
  "request-target-form": "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
  "transfer-encoding-empty-element": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: \r\n\r\n0\r\n\r\n",
  "connect-with-transfer-encoding": "CONNECT a:443 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
  "forbidden-trailer": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nHost: b\r\n\r\n",
  "chunk-ext-not-rfc-9112": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;=b\r\nx\r\n0\r\n\r\n",
  "over-body-limit": "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\nx",
  "http/1.0-transfer-encoding-closes": "POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "connection-close-trailing-htab": "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\t\r\n\r\n",
  "head-size-limit": `GET / HTTP/1.1\r\nHost: a\r\nX: ${"v".repeat(16_364)}\r\n\r\n`,
  "too-many-fields": `GET / HTTP/1.1\r\nHost: a\r\n${"X: 1\r\n".repeat(100)}\r\n`,
  "connection-keep-alive-trailing-htab": "GET / HTTP/1.0\r\nConnection: keep-alive\t\r\n\r\nGET / HTTP/1.0\r\n\r\n",
  "late-rejection": "GETX",
};

describe("socket fuzz smoke: in process", () => {
  it("each difference class explains its example (and nothing else does first)", () => {
    const seen = Object.fromEntries(Object.entries(CLASS_EXAMPLES).map(([cls, text]) => {
      const v = judge(core, bytes(text), []).verdict;
      return [cls, v.kind === "difference" ? v.cls : v.kind];
    }));
    expect(seen).toEqual(Object.fromEntries(Object.keys(DIFFERENCES).map((cls) => [cls, cls])));
  });

  it("catches a parser that accepts what llhttp rejects, ends a message elsewhere, or keeps a connection llhttp closes", () => {
    const lenient = { ...core, parse: (slot: number, buf: number, len: number) => (core.parse(slot, buf, len) < 0 ? len : core.parse(slot, buf, len)) };
    const early = { ...core, parse: (slot: number, buf: number, len: number) => Math.max(core.parse(slot, buf, len) - 1, 0) || core.parse(slot, buf, len) };
    const verdict = (c: typeof core, text: string) => {
      const v = judge(c, bytes(text), []).verdict;
      return v.kind === "violation" ? v.what : v.kind;
    };
    expect(verdict(lenient, "GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n")).toBe("accepts-rejected");
    expect(verdict(early, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab")).toBe("boundary");
  });

  it(`20,000 cases (seed ${SEED}): no violation, every difference classified, health checks pass`, () => {
    const t = fuzzInProcess(core, { seed: SEED, cases: 20_000, batch: 5_000 });
    expect(t.failures.map(describeFailure)).toEqual([]);
    expect([...t.differences.keys()].filter((cls) => !(cls in DIFFERENCES))).toEqual([]);
    expect(t.healthChecks).toBe(4);
    // The generators take turns, so each has its share of the 20,000.
    expect(GENERATORS.map((g) => t.byGenerator[g].cases)).toEqual(GENERATORS.map((_, i) => Math.ceil((20_000 - i) / GENERATORS.length)));
    for (const g of GENERATORS) {
      const r = t.byGenerator[g];
      expect(r.agree + r.differences, g).toBe(r.cases);
    }
    // Valid requests (pipelined, chunked, split anywhere) are accepted by both, with the same fields.
    const valid = t.byGenerator.valid;
    expect([valid.asedge.accept, valid.llhttp.accept, valid.agree]).toEqual([valid.cases, valid.cases, valid.cases]);
  });
});

describe("socket fuzz smoke: over a socket", () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it(`300 cases (seed ${SEED}) get the answers the in-process run predicts; the host keeps serving`, async () => {
    const s = await fuzzSocket(server.port, configureForFuzz(instantiateCore()), { seed: SEED, cases: 300, batch: 100 });
    expect(s.failures.map(describeFailure)).toEqual([]);
    expect(s.cases).toBe(300);
    expect(s.healthChecks).toBe(3);
    expect(Object.values(s.byExpectation).reduce((a, b) => a + b, 0)).toBe(300);
    // Every answer is an app status or a parse-error status (400/413/414/431/501/505), nothing else.
    const other = [...s.statuses.keys()].filter((code) => !APP_STATUSES.has(code) && ![400, 413, 414, 431, 501, 505].includes(code));
    expect(other).toEqual([]);
  });
});
