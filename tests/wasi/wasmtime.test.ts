// The AssemblyScript reference app's wasi:http@0.2.0 component
// (build/reference-app.component.wasm) under `wasmtime serve` (the version
// pinned in .wasmtime-version; a missing wasmtime fails this suite with how to
// install it) on 127.0.0.1: the shared conformance list, answered like the
// Node host (the checker of the jco serve suite), and the body and header
// limits. `wasmtime serve` makes a fresh instance per request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { CONFORMANCE, type ConformanceCase } from "../conformance/cases.js";
import { checkAnswer, sameAnswer, type Answer } from "../conformance/check.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { wasmtimeServe, type WasmtimeServer } from "./wasmtime-serve.js";
import { expectLogs } from "../support/logged.js";

const COMPONENT = fileURLToPath(new URL("../../build/reference-app.component.wasm", import.meta.url));

/**
 * Cases wasmtime answers differently, and why. Both come from how
 * wasmtime-wasi-http 48 hands the request's fields to the component: an
 * http::HeaderMap, which groups a repeated name's values (in received order)
 * under its first occurrence, and from which the `host` field (forbidden in
 * wasi:http fields; the authority carries it) is removed with swap_remove,
 * moving the last distinct name into its place. The echo route reflects the
 * fields as the component receives them, so only their order across names
 * differs: these cases are checked with the echoed list in a stable name
 * order (same fields, same values, each name's values in received order),
 * against the case and against the Node host, and must still differ as given
 * (a stale entry fails).
 */
const WASMTIME_DIFFERENCES: Record<string, string> = {
  "echo GET with query and headers": "host removed by swap_remove: x-one, x-two arrive as x-two, x-one",
  "echo headers in received order, repeats kept": "HeaderMap groups repeats (x-zeta 1, x-zeta 3 together) and the host removal moves accept first",
};

let wasmtime: WasmtimeServer;
let node: Server;

beforeAll(async () => {
  node = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
  wasmtime = await wasmtimeServe(COMPONENT);
});

afterAll(async () => {
  await node?.close();
  await wasmtime?.close();
});

async function askRaw(port: number, request: Buffer, head = false): Promise<Answer> {
  const { responses } = await exchange(port, [request], { headRequests: head ? new Set([0]) : undefined, timeoutMs: 15_000 });
  expect(responses, "one response").toHaveLength(1);
  const [response] = responses;
  return { status: response.status, headers: response.headers, body: response.body };
}

function ask(port: number, method: string, target: string, headers?: [string, string][], body?: string | Buffer): Promise<Answer> {
  return askRaw(port, rawRequest(method, target, headers, body), method === "HEAD");
}

type Field = [string, string];
/** Stable sort by name: the order across names goes, each name's values keep theirs. */
const byName = (fields: Field[]): Field[] => [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** An echo answer with its echoed fields in name order. */
function echoByName(answer: Answer): Answer {
  const echoed = JSON.parse(new TextDecoder().decode(answer.body)) as { headers: Field[] };
  echoed.headers = byName(echoed.headers);
  return { ...answer, body: new TextEncoder().encode(JSON.stringify(echoed)) };
}

/** The case with its expected echoed fields in name order. */
function caseByName(testCase: ConformanceCase): ConformanceCase {
  const sortIn = (want: unknown) => {
    const copy = structuredClone(want) as { headers?: Field[] };
    if (copy.headers) copy.headers = byName(copy.headers);
    return copy;
  };
  const { json, jsonFields } = testCase.expect;
  return { ...testCase, expect: { ...testCase.expect, json: json && sortIn(json), jsonFields: jsonFields && sortIn(jsonFields) } };
}

describe("reference component under wasmtime serve: the conformance list", () => {
  it("lists only differences of cases that exist", () => {
    const names = new Set(CONFORMANCE.map((c) => c.name));
    expect(Object.keys(WASMTIME_DIFFERENCES).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(CONFORMANCE.filter((c) => !(c.name in WASMTIME_DIFFERENCES)).map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const answer = await ask(wasmtime.port, testCase.method, testCase.target, testCase.headers, testCase.body);
    checkAnswer(testCase, answer);
    const nodeAnswer = await expectLogs(testCase, () => ask(node.port, testCase.method, testCase.target, testCase.headers, testCase.body));
    sameAnswer(nodeAnswer, answer, testCase.name);
  });

  it.each(CONFORMANCE.filter((c) => c.name in WASMTIME_DIFFERENCES).map((c) => [c.name, WASMTIME_DIFFERENCES[c.name], c] as const))(
    "%s (differs: %s)",
    async (_name, _reason, testCase) => {
      const answer = await ask(wasmtime.port, testCase.method, testCase.target, testCase.headers, testCase.body);
      // Still a difference: the field order as received is not what reaches the component.
      expect(() => checkAnswer(testCase, answer), `${testCase.name}: still differs under wasmtime`).toThrow();
      checkAnswer(caseByName(testCase), echoByName(answer));
      const nodeAnswer = await expectLogs(testCase, () => ask(node.port, testCase.method, testCase.target, testCase.headers, testCase.body));
      checkAnswer(testCase, nodeAnswer, { transportHeaders: true });
      sameAnswer(echoByName(nodeAnswer), echoByName(answer), testCase.name);
    },
  );
});

const LIMIT = 1024 * 1024; // maxBodyBytes, the default on every host (assembly/http/limits.ts)

/** A chunked request: `body` in chunks of `chunk` bytes. */
function chunkedRequest(target: string, body: Buffer, chunk = 64 * 1024): Buffer {
  const parts: Buffer[] = [Buffer.from(`POST ${target} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n`, "latin1")];
  for (let at = 0; at < body.length; at += chunk) {
    const piece = body.subarray(at, at + chunk);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, "latin1"), piece, Buffer.from("\r\n", "latin1"));
  }
  parts.push(Buffer.from("0\r\n\r\n", "latin1"));
  return Buffer.concat(parts);
}

/** `count` fields of `bytes` bytes each. */
function bigFields(count: number, bytes: number): Field[] {
  return Array.from({ length: count }, (_, i): Field => [`x-big-${i}`, "v".repeat(bytes)]);
}

describe("reference component under wasmtime serve: limits", () => {
  it.each([0, 1, 64 * 1024, LIMIT - 1, LIMIT])("takes a %i-byte body (the limit is 1 MiB), by Content-Length and chunked", async (bytes) => {
    const body = Buffer.alloc(bytes, "a");
    const answer = await ask(wasmtime.port, "POST", "/api/v1/items", [], body);
    expect([answer.status, JSON.parse(Buffer.from(answer.body).toString())]).toEqual([201, { created: true, length: bytes }]);
    const chunked = await askRaw(wasmtime.port, chunkedRequest("/api/v1/items", body));
    expect([chunked.status, JSON.parse(Buffer.from(chunked.body).toString())]).toEqual([201, { created: true, length: bytes }]);
  });

  it("echoes a body at the limit byte for byte, as the Node host does", async () => {
    const body = Buffer.alloc(LIMIT);
    for (let i = 0; i < LIMIT; i++) body[i] = 0x20 + (i % 95); // printable ASCII, quotes and backslashes included
    const answer = await ask(wasmtime.port, "POST", "/echo/big", [], body);
    expect(answer.status).toBe(200);
    expect(Buffer.from((JSON.parse(Buffer.from(answer.body).toString()) as { body: string }).body)).toEqual(body);
    sameAnswer(await ask(node.port, "POST", "/echo/big", [], body), answer, "1 MiB echo");
  });

  it.each([LIMIT + 1, 3 * LIMIT])("answers 413 to a %i-byte body, as the Node host does, and keeps serving", async (bytes) => {
    const body = Buffer.alloc(bytes, "a");
    const onNode = await ask(node.port, "POST", "/api/v1/items", [], body);
    expect([onNode.status, Buffer.from(onNode.body).toString()]).toEqual([413, "body too large"]);
    for (const request of [rawRequest("POST", "/api/v1/items", [], body), chunkedRequest("/api/v1/items", body)]) {
      const answer = await askRaw(wasmtime.port, request);
      expect([answer.status, Buffer.from(answer.body).toString()]).toEqual([413, "body too large"]);
    }
    expect(Buffer.from((await ask(wasmtime.port, "GET", "/plaintext")).body).toString()).toBe("Hello, World!");
  });

  // Past the core's header limit (16 KiB) but inside hyper's read buffer: the component answers, like the Node host.
  it.each([
    ["one field of 20 KiB", 1, 20 * 1024],
    ["three fields of 10 KiB", 3, 10 * 1024],
    ["one field of 200 KiB (beyond the component's 96 KiB scratch for host lists)", 1, 200 * 1024],
  ])("answers 431 to a header section of %s, as the Node host does", async (_name, count, bytes) => {
    const fields = bigFields(count, bytes);
    const onNode = await ask(node.port, "GET", "/plaintext", fields);
    const answer = await ask(wasmtime.port, "GET", "/plaintext", fields);
    expect(onNode.status).toBe(431);
    sameAnswer(onNode, answer, "431");
    expect(Buffer.from((await ask(wasmtime.port, "GET", "/plaintext")).body).toString()).toBe("Hello, World!");
  });

  // Listed differences: hyper (wasmtime serve's HTTP/1 server, default limits) refuses these heads
  // itself, before any instance runs: 431 with an empty body where the Node host says why.
  it.each([
    ["one field of 1 MiB: past hyper's read buffer (8192 + 4096 × 100 = 417 792 bytes)", bigFields(1, LIMIT)],
    ["100 fields besides Host: past hyper's 100 header fields (the core's maxHeaders, 100, refuses it too)", bigFields(100, 1)],
  ])("answers 431 with an empty body (hyper's own answer) to a head with %s", async (_name, fields) => {
    const onNode = await ask(node.port, "GET", "/plaintext", fields);
    expect(onNode.status).toBe(431);
    const answer = await ask(wasmtime.port, "GET", "/plaintext", fields);
    expect([answer.status, Buffer.from(answer.body).toString()]).toEqual([431, ""]);
    expect(Buffer.from((await ask(wasmtime.port, "GET", "/plaintext")).body).toString()).toBe("Hello, World!");
  });
});
