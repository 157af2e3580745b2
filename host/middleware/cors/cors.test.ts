// cors on every host (app.request, a Node socket, workerd): preflights,
// ordinary requests, Vary only when the answer depends on Origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost, type HostRequest, type Shape } from "../../../tests/support/every-host.js";
import { App } from "../../index.js";
import { cors, ERR_CORS_ORIGIN, ERR_CORS_WILDCARD_CREDENTIALS } from "./index.js";
import { ERR_HEADER_VALUE } from "../../app/header-check.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/cors/cors.fixture.ts"); });
afterAll(() => hosts.close());

/** Every host's answer, which must be the same; returned as status, headers and body text. */
async function ask(request: HostRequest): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const answers = await hosts.ask(request);
  expect(answers.socket, "socket").toEqual(answers.fetch);
  expect(answers.workerd, "workerd").toEqual(answers.fetch);
  const shape: Shape = answers.fetch;
  return { status: shape.status, headers: shape.headers, body: shape.body.toString() };
}

const TEXT: [string, string] = ["content-type", "text/plain; charset=UTF-8"];
const preflight = (path: string, origin: string, extra: [string, string][] = []): HostRequest => ({
  method: "OPTIONS", path, headers: [["Origin", origin], ["Access-Control-Request-Method", "POST"], ...extra],
});

describe("cors: origin \"*\" (the default)", () => {
  it("allows every origin on an ordinary request, with no Vary", async () => {
    expect(await ask({ path: "/star/data", headers: [["Origin", "https://x.example"]] })).toEqual({
      status: 200, headers: [["access-control-allow-origin", "*"], ["content-type", "application/json"]], body: '{"ok":true}',
    });
  });

  it("answers a preflight 204 with the default methods, echoing the requested headers (and varying on them)", async () => {
    expect(await ask(preflight("/star/data", "https://x.example", [["Access-Control-Request-Headers", "x-a, content-type"]]))).toEqual({
      status: 204,
      headers: [
        ["access-control-allow-headers", "x-a, content-type"],
        ["access-control-allow-methods", "GET, HEAD, PUT, POST, DELETE, PATCH"],
        ["access-control-allow-origin", "*"],
        ["vary", "Access-Control-Request-Headers"],
      ],
      body: "",
    });
  });
});

describe("cors: a list of origins and patterns, credentials", () => {
  it("echoes a listed origin, adds credentials and exposed headers, and merges Vary with the handler's", async () => {
    expect(await ask({ path: "/list/data", headers: [["Origin", "https://a.example"]] })).toEqual({
      status: 200,
      headers: [
        ["access-control-allow-credentials", "true"],
        ["access-control-allow-origin", "https://a.example"],
        ["access-control-expose-headers", "X-Total, X-Page"],
        TEXT,
        ["vary", "Accept-Encoding, Origin"],
        ["x-total", "3"],
      ],
      body: "listed",
    });
  });

  it("echoes an origin a RegExp in the list matches", async () => {
    const answer = await ask({ path: "/list/data", headers: [["Origin", "https://app.b.example"]] });
    expect(answer.headers.find(([n]) => n === "access-control-allow-origin")).toEqual(["access-control-allow-origin", "https://app.b.example"]);
  });

  it("sends no CORS headers to an origin not listed, but still Vary: Origin", async () => {
    expect(await ask({ path: "/list/data", headers: [["Origin", "https://evil.example"]] })).toEqual({
      status: 200, headers: [TEXT, ["vary", "Accept-Encoding, Origin"], ["x-total", "3"]], body: "listed",
    });
  });

  it("varies on Origin even when a request has none (a cached answer must not serve a cross-origin one)", async () => {
    expect(await ask({ path: "/list/data" })).toEqual({
      status: 200, headers: [TEXT, ["vary", "Accept-Encoding, Origin"], ["x-total", "3"]], body: "listed",
    });
  });

  it("answers a preflight with the configured methods, headers, max-age and credentials", async () => {
    expect(await ask(preflight("/list/data", "https://a.example", [["Access-Control-Request-Headers", "x-other"]]))).toEqual({
      status: 204,
      headers: [
        ["access-control-allow-credentials", "true"],
        ["access-control-allow-headers", "Content-Type, X-Key"],
        ["access-control-allow-methods", "GET, POST"],
        ["access-control-allow-origin", "https://a.example"],
        ["access-control-max-age", "600"],
        ["vary", "Origin"],
      ],
      body: "",
    });
  });

  it("answers a preflight from an origin not allowed 204 with no CORS headers (the browser refuses)", async () => {
    expect(await ask(preflight("/list/data", "https://evil.example"))).toEqual({ status: 204, headers: [["vary", "Origin"]], body: "" });
  });

  it("treats an OPTIONS without Access-Control-Request-Method as an ordinary request", async () => {
    expect(await ask({ method: "OPTIONS", path: "/list/data", headers: [["Origin", "https://a.example"]] })).toEqual({
      status: 200,
      headers: [
        ["access-control-allow-credentials", "true"],
        ["access-control-allow-origin", "https://a.example"],
        ["access-control-expose-headers", "X-Total, X-Page"],
        TEXT,
        ["vary", "Origin"],
      ],
      body: "ordinary options",
    });
  });
});

describe("cors: a function and a fixed origin", () => {
  it("allows what an (async) function returns and varies on Origin", async () => {
    expect(await ask({ path: "/fn/data", headers: [["Origin", "https://z.c.example"]] })).toEqual({
      status: 200, headers: [["access-control-allow-origin", "https://z.c.example"], TEXT, ["vary", "Origin"]], body: "fn",
    });
    expect(await ask({ path: "/fn/data", headers: [["Origin", "https://z.d.example"]] })).toEqual({
      status: 200, headers: [TEXT, ["vary", "Origin"]], body: "fn",
    });
  });

  it("sends a fixed origin to everyone, with no Vary (the answer does not depend on Origin)", async () => {
    for (const origin of ["https://a.example", "https://other.example"]) {
      expect(await ask({ path: "/fixed/data", headers: [["Origin", origin]] })).toEqual({
        status: 200, headers: [["access-control-allow-origin", "https://a.example"], TEXT], body: "fixed",
      });
    }
  });
});

describe("cors: a RegExp with the g flag", () => {
  it("matches every request alike (no lastIndex carried between requests)", async () => {
    const app = new App().use(cors({ origin: /^https:\/\/a\.example$/g })).get("/", (c) => c.text("x"));
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) seen.push((await app.request("/", { headers: { Origin: "https://a.example" } })).headers.get("access-control-allow-origin"));
    expect(seen).toEqual(["https://a.example", "https://a.example", "https://a.example"]);
  });
});

describe("cors: configuration errors at registration", () => {
  it("refuses origin \"*\" with credentials, alone or in a list", () => {
    expect(() => cors({ credentials: true })).toThrow(ERR_CORS_WILDCARD_CREDENTIALS);
    expect(() => cors({ origin: "*", credentials: true })).toThrow(ERR_CORS_WILDCARD_CREDENTIALS);
    expect(() => cors({ origin: ["https://a.example"], credentials: true })).not.toThrow();
    expect(() => cors({ origin: ["https://a.example", "*"], credentials: true })).toThrow(ERR_CORS_WILDCARD_CREDENTIALS);
  });

  it("refuses an origin of another type", () => {
    expect(() => cors({ origin: 42 as never })).toThrow(ERR_CORS_ORIGIN);
  });

  it("refuses an origin or exposed header that is no valid header value (checked once, not per request)", () => {
    expect(() => cors({ origin: "https://a.example\r\nSet-Cookie: a=1" })).toThrow(`${ERR_HEADER_VALUE}: Access-Control-Allow-Origin`);
    expect(() => cors({ origin: ["https://ok.example", "https://b.example\n"] })).toThrow(`${ERR_HEADER_VALUE}: Access-Control-Allow-Origin`);
    expect(() => cors({ exposeHeaders: ["X-A\n"] })).toThrow(`${ERR_HEADER_VALUE}: Access-Control-Expose-Headers`);
  });
});
