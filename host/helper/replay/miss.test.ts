// The miss report: the closest recorded request and what differed.
import { describe, expect, it } from "vitest";
import { compare, missReport, ERR_NO_RECORDED_ANSWER, type MissedRequest } from "./miss.js";
import type { RecordedExchange } from "./types.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

function recorded(method: string, url: string, over: Partial<RecordedExchange> & { headers?: [string, string][]; body?: string } = {}): RecordedExchange {
  return {
    fingerprint: "f".repeat(32), occurrence: over.occurrence ?? 0, session: over.session ?? "",
    request: { method, url, headers: over.headers ?? [], body: utf8(over.body ?? "") },
    response: { status: 200, headers: [], body: utf8("ok"), encoding: "" },
    startedAt: 0, durationMs: 0,
  };
}

function missed(method: string, url: string, over: Partial<MissedRequest> = {}): MissedRequest {
  return { method, url, fingerprint: "a".repeat(32), session: "", occurrence: 0, headers: [], body: new Uint8Array(0), ...over };
}

describe("missReport", () => {
  const entries = [
    recorded("GET", "/users?page=1&sort=name"),
    recorded("POST", "/users", { body: '{"a":1}' }),
    recorded("GET", "/orders?page=1"),
  ];

  it("names the closest request: same path and method first, then the query value that differed", () => {
    const report = missReport(missed("GET", "/users?page=2&sort=name"), entries, "replay", []);
    expect(report.error).toBe(ERR_NO_RECORDED_ANSWER);
    expect(report.recorded).toBe(3);
    expect(report.request).toMatchObject({ method: "GET", url: "/users?page=2&sort=name", fingerprint: "a".repeat(32) });
    expect(report.closest).toMatchObject({ method: "GET", url: "/users?page=1&sort=name" });
    expect(report.closest!.differences).toEqual(["query page: 2, recorded 1"]);
  });

  it("reports added and missing query parameters, headers on the allow-list, the body and the session", () => {
    const x = recorded("POST", "/users?a=1", { headers: [["x-tenant", "blue"]], body: "{}", session: "s1" });
    const differences = compare(missed("POST", "/users?b=2", { headers: [["x-tenant", "red"]], body: utf8("{ }"), session: "s2" }), x, ["x-tenant"]);
    expect(differences).toEqual([
      "query b: not in the recorded request",
      "query a: missing (recorded 1)",
      "header x-tenant: red, recorded blue",
      "body: 3 bytes, recorded 2 bytes with other content",
      "session: s2, recorded s1",
    ]);
  });

  it("says when only the occurrence is missing (a request repeated more often than recorded)", () => {
    const report = missReport(missed("GET", "/orders?page=1", { occurrence: 1 }), entries, "lockdown", []);
    expect(report.mode).toBe("lockdown");
    expect(report.closest!.differences).toEqual(["occurrence: this is request #2 with this fingerprint; the recording holds fewer"]);
  });

  it("has no closest request for an empty recording", () => {
    expect(missReport(missed("GET", "/"), [], "replay", []).closest).toBeNull();
  });
});
