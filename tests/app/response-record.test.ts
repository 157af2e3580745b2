// The response record (host/app/response.ts) on both paths of one App:
// middleware reads and edits it without a Web Response; `c.res` builds one
// when asked, edits to it count, and a later body keeps its headers (Hono's
// rule), so Hono's own middleware works on an asedge App.
import { describe, expect, it } from "vitest";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { App, type Handler } from "../../host/index.js";
import { bothPaths } from "../support/both-paths.js";

const TEXT = ["content-type", "text/plain; charset=UTF-8"] as const;

describe("the record, read and edited by middleware", () => {
  it("responseHeader() sees the kind's Content-Type, headers set so far and several values joined", async () => {
    const seen: (string | undefined)[] = [];
    const app = new App()
      .use(async (c, next) => {
        await next();
        seen.push(c.responseHeader("Content-Type"), c.responseHeader("x-a"), c.responseHeader("x-none"));
        c.header("X-After", String(c.statusCode));
      })
      .get("/r", (c) => {
        c.header("X-A", "1");
        c.header("X-A", "2", { append: true });
        return c.json({ ok: true }, 201);
      });
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({
      status: 201,
      headers: [["content-type", "application/json"], ["x-a", "1, 2"], ["x-after", "201"]],
      body: '{"ok":true}',
    });
    // Web Headers join repeated fields; the socket sends each line as set.
    expect(both.socket.shape).toEqual({ ...both.fetch, headers: [["content-type", "application/json"], ["x-a", "1"], ["x-a", "2"], ["x-after", "201"]] });
    expect(seen).toEqual(["application/json", "1, 2", undefined, "application/json", "1, 2", undefined]);
  });

  it("a body recorded by middleware after next() replaces the handler's and keeps its headers", async () => {
    const app = new App()
      .use(async (c, next) => {
        await next();
        if (typeof c.bodyValue === "string") c.text(c.bodyValue.toUpperCase());
      })
      .get("/r", (c) => c.text("quiet", 200, { "X-Kept": "yes" }));
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({ status: 200, headers: [TEXT, ["x-kept", "yes"]].sort() as never, body: "QUIET" });
    expect(both.socket.shape).toEqual(both.fetch);
  });
});

describe("c.res: built when asked, then the response", () => {
  it("header edits on c.res after next() reach both paths", async () => {
    const app = new App()
      .use(async (c, next) => {
        await next();
        c.res.headers.set("X-Res", "edited");
        c.res.headers.append("Vary", "Origin");
      })
      .get("/r", (c) => c.text("hi"));
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({ status: 200, headers: [TEXT, ["vary", "Origin"], ["x-res", "edited"]], body: "hi" });
    expect(both.socket.shape).toEqual(both.fetch);
  });

  it("headers set on c.res before next() survive the handler's c.text() (all but Content-Type)", async () => {
    const app = new App()
      .use(async (c, next) => {
        c.res.headers.set("X-Early", "1");
        c.res.headers.set("Content-Type", "application/x-early");
        await next();
      })
      .get("/r", (c) => c.text("body"));
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({ status: 200, headers: [TEXT, ["x-early", "1"]], body: "body" });
    expect(both.socket.shape).toEqual(both.fetch);
  });

  it("a Web Response returned by a handler keeps the headers set before it, except Content-Type; Set-Cookie adds up", async () => {
    const app = new App()
      .use(async (c, next) => {
        c.header("X-Mw", "mw");
        c.header("Content-Type", "text/x-mw");
        c.header("Set-Cookie", "a=1");
        await next();
      })
      .get("/r", () => new Response("raw", { status: 202, headers: { "content-type": "text/x-raw", "x-mw": "handler", "set-cookie": "b=2" } }));
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({
      status: 202,
      headers: [["content-type", "text/x-raw"], ["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-mw", "mw"]],
      body: "raw",
    });
    expect(both.socket.shape).toEqual(both.fetch);
  });

  it("c.res = new Response(…) after next() replaces the body (Hono's etag/compress pattern)", async () => {
    const app = new App()
      .use(async (c, next) => {
        await next();
        const text = await c.res.text();
        c.res = new Response(`[${text}]`, { status: 203, headers: { "content-type": "text/x-wrapped" } });
      })
      .get("/r", (c) => c.text("inner", 200, { "X-Inner": "1" }));
    const both = await bothPaths(app, { path: "/r" });
    expect(both.fetch).toEqual({ status: 203, headers: [["content-type", "text/x-wrapped"], ["x-inner", "1"]], body: "[inner]" });
    expect(both.socket.shape).toEqual(both.fetch);
  });
});

describe("Hono's own middleware on an asedge App", () => {
  // Hono types its middleware against its own Context; at run time it uses the
  // part of the API asedge shares (c.req.header, c.header, c.res, c.body, next).
  const asAsedge = (middleware: unknown) => middleware as Handler;

  it("hono/cors: a simple request gets Access-Control-Allow-Origin and Vary on both paths", async () => {
    const app = new App().use(asAsedge(cors({ origin: "https://a.example" }))).get("/api", (c) => c.json({ ok: 1 }));
    const both = await bothPaths(app, { path: "/api", headers: [["Origin", "https://a.example"]] });
    expect(both.fetch.headers).toContainEqual(["access-control-allow-origin", "https://a.example"]);
    expect(both.fetch.headers).toContainEqual(["vary", "Origin"]);
    expect(both.fetch.body).toBe('{"ok":1}');
    expect(both.socket.shape).toEqual(both.fetch);
  });

  it("hono/cors: a preflight answers 204 with the allowed methods", async () => {
    const app = new App().use(asAsedge(cors({ origin: "https://a.example", allowMethods: ["GET", "PUT"] }))).get("/api", (c) => c.text(""));
    const both = await bothPaths(app, {
      method: "OPTIONS", path: "/api", headers: [["Origin", "https://a.example"], ["Access-Control-Request-Method", "PUT"]],
    });
    expect(both.fetch.status).toBe(204);
    expect(both.fetch.headers).toContainEqual(["access-control-allow-methods", "GET,PUT"]);
    expect(both.socket.shape).toEqual(both.fetch);
  });

  it("hono/secure-headers: its headers are on the handler's response on both paths", async () => {
    const app = new App().use(asAsedge(secureHeaders())).get("/p", (c) => c.text("safe"));
    const both = await bothPaths(app, { path: "/p" });
    expect(both.fetch.headers).toContainEqual(["x-content-type-options", "nosniff"]);
    expect(both.fetch.headers).toContainEqual(["x-frame-options", "SAMEORIGIN"]);
    expect(both.fetch.body).toBe("safe");
    expect(both.socket.shape).toEqual(both.fetch);
  });
});

describe("errors are answered where they are thrown (Hono's compose rule)", () => {
  it("middleware sees the onError response after await next(), on both paths", async () => {
    const app = new App()
      .use(async (c, next) => {
        await next();
        c.header("X-Status-Seen", String(c.statusCode));
        c.header("X-Error-Seen", c.error?.message ?? "none");
      })
      .get("/boom", () => { throw new Error("boom"); })
      .onError((error, c) => c.text(`handled: ${error.message}`, 500));
    const both = await bothPaths(app, { path: "/boom" });
    expect(both.fetch).toEqual({ status: 500, headers: [TEXT, ["x-error-seen", "boom"], ["x-status-seen", "500"]], body: "handled: boom" });
    expect(both.socket.shape).toEqual(both.fetch);
  });
});
