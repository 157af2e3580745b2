// Redaction before anything is written, and the final secrets check.
import { describe, expect, it } from "vitest";
import { Redactor, RedactionError, ERR_REDACT_KEY, isJsonType } from "./redact.js";
import type { RecordedExchange } from "./types.js";

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function exchange(over: { url?: string; requestHeaders?: [string, string][]; requestBody?: string; responseHeaders?: [string, string][]; responseBody?: string } = {}): RecordedExchange {
  return {
    fingerprint: "0".repeat(32), occurrence: 0, session: "",
    request: {
      method: "POST", url: over.url ?? "/login?user=ann&token=s3cret",
      headers: over.requestHeaders ?? [["authorization", "Bearer abc"], ["cookie", "sid=1"], ["x-api-key", "k-123"], ["accept", "application/json"]],
      body: utf8(over.requestBody ?? ""),
    },
    response: {
      status: 200, encoding: "",
      headers: over.responseHeaders ?? [["set-cookie", "sid=2; HttpOnly"], ["content-type", "application/json"]],
      body: utf8(over.responseBody ?? '{"ok":true}'),
    },
    startedAt: 0, durationMs: 1,
  };
}

describe("Redactor", () => {
  it("always redacts Authorization, Proxy-Authorization, Cookie and Set-Cookie", async () => {
    const out = await new Redactor().redact(exchange({ requestHeaders: [["Authorization", "Bearer abc"], ["proxy-authorization", "Basic x"], ["Cookie", "a=1"], ["accept", "*/*"]] }));
    expect(out.request.headers).toEqual([["authorization", "[REDACTED]"], ["proxy-authorization", "[REDACTED]"], ["cookie", "[REDACTED]"], ["accept", "*/*"]]);
    expect(out.response.headers).toEqual([["set-cookie", "[REDACTED]"], ["content-type", "application/json"]]);
  });

  it("redacts configured headers by name or RegExp, and query parameters, keeping the rest byte for byte", async () => {
    const redactor = new Redactor({ headers: ["X-API-Key", /^x-secret-/], query: ["token"], marker: "***" });
    const out = await redactor.redact(exchange({ requestHeaders: [["x-api-key", "k"], ["x-secret-one", "v"], ["x-other", "keep"]] }));
    expect(out.request.headers).toEqual([["x-api-key", "***"], ["x-secret-one", "***"], ["x-other", "keep"]]);
    expect(out.request.url).toBe("/login?user=ann&token=***".replace("***", encodeURIComponent("***")));
    expect(redactor.queryNames).toEqual(["token"]);
  });

  it("redacts JSON paths in request and response bodies, * for any member or element", async () => {
    const redactor = new Redactor({ json: ["password", "user.token", "items.*.secret"] });
    const out = await redactor.redact(exchange({
      requestHeaders: [["content-type", "application/json"]],
      requestBody: '{"name":"ann","password":"hunter2"}',
      responseBody: '{"user":{"id":1,"token":"t0k"},"items":[{"secret":1,"a":2},{"secret":{"x":3}}]}',
    }));
    expect(JSON.parse(text(out.request.body))).toEqual({ name: "ann", password: "[REDACTED]" });
    expect(JSON.parse(text(out.response.body))).toEqual({ user: { id: 1, token: "[REDACTED]" }, items: [{ secret: "[REDACTED]", a: 2 }, { secret: "[REDACTED]" }] });
  });

  it("leaves a body alone when nothing matched, it is not JSON, or its type is not JSON", async () => {
    const redactor = new Redactor({ json: ["password"] });
    const input = exchange({ requestHeaders: [["content-type", "text/plain"]], requestBody: '{"password":"x"}', responseBody: "not json" });
    const out = await redactor.redact(input);
    expect(out.request.body).toBe(input.request.body);
    expect(out.response.body).toBe(input.response.body);
  });

  it("with a key, a redacted value becomes a keyed hash: equal values stay equal, the value cannot be read", async () => {
    const a = new Redactor({ key: "k1" });
    const b = new Redactor({ key: "k2" });
    const one = await a.replacement("Bearer abc");
    expect(one).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(await a.replacement("Bearer abc")).toBe(one);
    expect(await a.replacement("Bearer abd")).not.toBe(one);
    expect(await b.replacement("Bearer abc")).not.toBe(one);
    expect(() => new Redactor({ key: "" })).toThrow(ERR_REDACT_KEY);
  });

  it("refuses an exchange in which a configured secret is left: as is, URL-encoded or base64", async () => {
    const redactor = new Redactor({ secrets: ["p@ss word"] });
    await expect(redactor.redact(exchange({ responseBody: '{"echo":"p@ss word"}' }))).rejects.toThrow(/found in the response body/);
    await expect(redactor.redact(exchange({ url: `/x?k=${encodeURIComponent("p@ss word")}` }))).rejects.toThrow(/found in the request URL/);
    await expect(redactor.redact(exchange({ requestHeaders: [["x-token", btoa("p@ss word")]] }))).rejects.toThrow(/found in request header x-token/);
    const error = await redactor.redact(exchange({ responseBody: "p@ss word" })).catch((e) => e);
    expect(error).toBeInstanceOf(RedactionError);
    // Redacted first, then checked: a secret only in a redacted place passes.
    await expect(redactor.redact(exchange({ requestHeaders: [["authorization", "p@ss word"]] }))).resolves.toBeDefined();
  });

  it("knows JSON content types", () => {
    expect(isJsonType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonType("application/problem+json")).toBe(true);
    expect(isJsonType("text/json")).toBe(false);
    expect(isJsonType(undefined)).toBe(false);
  });
});
