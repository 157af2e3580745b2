/** Checks one host's answer against a conformance case. */
import { expect } from "vitest";
import type { ConformanceCase } from "./cases.js";
import { TRANSPORT_HEADERS } from "../../host/core/http-rules.js";

export interface Answer {
  status: number;
  /** [lower-case name, value]. */
  headers: [string, string][];
  body: Uint8Array;
}

/** Headers the transport owns (host/core/http-rules.ts): hosts differ in them legitimately. */
export { TRANSPORT_HEADERS };

export function checkAnswer(testCase: ConformanceCase, answer: Answer, options: { transportHeaders?: boolean } = {}): void {
  const { expect: want } = testCase;
  const headers = new Map(answer.headers);
  const text = new TextDecoder().decode(answer.body);
  expect(answer.status, `${testCase.name}: status`).toBe(want.status);
  if (want.contentType !== undefined) expect(headers.get("content-type"), `${testCase.name}: content-type`).toBe(want.contentType);
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    if (!options.transportHeaders && TRANSPORT_HEADERS.has(name)) continue;
    expect(headers.get(name), `${testCase.name}: header ${name}`).toBe(value);
  }
  if (want.text !== undefined) expect(text, `${testCase.name}: body`).toBe(want.text);
  if (want.json !== undefined) expect(JSON.parse(text), `${testCase.name}: JSON body`).toEqual(want.json);
  if (want.jsonFields !== undefined) expect(JSON.parse(text), `${testCase.name}: JSON fields`).toMatchObject(want.jsonFields);
}

/** Two hosts' answers to the same request are the same, transport headers aside. */
export function sameAnswer(a: Answer, b: Answer, label: string): void {
  const strip = (answer: Answer) => answer.headers.filter(([name]) => !TRANSPORT_HEADERS.has(name)).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  expect(b.status, `${label}: status`).toBe(a.status);
  expect(strip(b), `${label}: headers`).toEqual(strip(a));
  expect(Buffer.from(b.body).toString("hex"), `${label}: body bytes`).toBe(Buffer.from(a.body).toString("hex"));
}

/** A Web Response as an Answer. */
export async function fromResponse(response: Response): Promise<Answer> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** The request of a case as a Web Request (for app.fetch and fetch-style hosts). */
export function toRequest(testCase: ConformanceCase, origin = "http://localhost"): Request {
  return new Request(origin + testCase.target, {
    method: testCase.method,
    headers: [["host", "localhost"], ...(testCase.headers ?? [])],
    body: testCase.body,
  });
}
