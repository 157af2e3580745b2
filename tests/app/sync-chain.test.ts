// A middleware chain stays synchronous where it can (host/app/compose.ts):
// next() returns the shared DONE promise when the rest of the chain ran
// synchronously, a middleware returning it (`return next()`, afterNext) is
// synchronous too, and app.serverFetch then answers with a Response, not a
// promise. Anything asynchronous on the way makes the answer a promise with
// the same result; errors and ordering keep Hono's rules.
import { describe, expect, it } from "vitest";
import { afterNext, App } from "../../host/index.js";
import { cors } from "../../host/middleware/cors/index.js";
import { secureHeaders } from "../../host/middleware/secure-headers/index.js";
import { etag } from "../../host/middleware/etag/index.js";
import { DONE } from "../../host/app/compose.js";

const request = (path: string, headers: Record<string, string> = {}) => new Request(`http://localhost${path}`, { headers });

async function shape(answer: Response | Promise<Response>) {
  const response = await answer;
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  return { status: response.status, headers, body: await response.text() };
}

describe("a synchronous chain", () => {
  it("answers pass-through middleware and a synchronous route with a Response, in order", async () => {
    const order: string[] = [];
    const app = new App()
      .use((c, next) => { order.push("first"); c.header("X-First", "1"); return next(); })
      .use((c, next) => afterNext(next(), () => { order.push("after"); c.header("X-After", "1"); }))
      .get("/", (c) => { order.push("route"); return c.text("hi"); });
    const answer = app.serverFetch(request("/"));
    expect(answer).toBeInstanceOf(Response);
    expect(order).toEqual(["first", "route", "after"]);
    expect(await shape(answer)).toEqual({
      status: 200, body: "hi",
      headers: [["content-type", "text/plain; charset=UTF-8"], ["x-after", "1"], ["x-first", "1"]],
    });
  });

  it("gives next() the shared DONE when the rest ran synchronously, and a promise of its own when it did not", async () => {
    const seen: boolean[] = [];
    const app = new App()
      .use((c, next) => { const done = next(); seen.push(done === DONE); return done; })
      .get("/sync", (c) => c.text("s"))
      .get("/async", async (c) => { await Promise.resolve(); return c.text("a"); });
    expect(app.serverFetch(request("/sync"))).toBeInstanceOf(Response);
    const later = app.serverFetch(request("/async"));
    expect(later).toBeInstanceOf(Promise);
    expect((await shape(later)).body).toBe("a");
    expect(seen).toEqual([true, false]);
  });

  it("runs afterNext's work after an asynchronous route, and answers the same", async () => {
    const app = new App()
      .use((c, next) => afterNext(next(), () => c.header("X-After", "yes")))
      .get("/", async (c) => { await new Promise((resolve) => setTimeout(resolve, 1)); return c.json({ late: true }); });
    const answer = app.serverFetch(request("/"));
    expect(answer).toBeInstanceOf(Promise);
    expect(await shape(answer)).toEqual({ status: 200, body: '{"late":true}', headers: [["content-type", "application/json"], ["x-after", "yes"]] });
  });

  it("answers a synchronous throw in the route through onError, synchronously, and the middleware sees the error response", async () => {
    const app = new App()
      .use((c, next) => afterNext(next(), () => c.header("X-Saw", String(c.error?.message))))
      .get("/", () => { throw new Error("boom"); })
      .onError((error, c) => c.text(`handled ${error.message}`, 500));
    const answer = app.serverFetch(request("/"));
    expect(answer).toBeInstanceOf(Response);
    expect(await shape(answer)).toEqual({
      status: 500, body: "handled boom", headers: [["content-type", "text/plain; charset=UTF-8"], ["x-saw", "boom"]],
    });
  });

  it("waits for afterNext's work when it returns a promise, and answers after it", async () => {
    const app = new App()
      .use((c, next) => afterNext(next(), () => Promise.resolve().then(() => c.header("X-Late", "1"))))
      .get("/", (c) => c.text("hi"));
    const answer = app.serverFetch(request("/"));
    expect(answer).toBeInstanceOf(Promise);
    expect(await shape(answer)).toEqual({ status: 200, body: "hi", headers: [["content-type", "text/plain; charset=UTF-8"], ["x-late", "1"]] });
  });

  it("skips afterNext's work when the rest of the chain rejects, and onError answers", async () => {
    let ran = false;
    const app = new App()
      .use((c, next) => afterNext(next().then(() => { throw new Error("late failure"); }), () => { ran = true; }))
      .get("/", (c) => c.text("ok"))
      .onError((error, c) => c.text(error.message, 500));
    expect(await shape(app.serverFetch(request("/")))).toMatchObject({ status: 500, body: "late failure" });
    expect(ran).toBe(false);
  });

  it("answers a throw inside afterNext's work through onError", async () => {
    const app = new App()
      .use((c, next) => afterNext(next(), () => { throw new Error("after failed"); }))
      .get("/", (c) => c.text("ok"))
      .onError((error, c) => c.text(error.message, 500));
    const answer = app.serverFetch(request("/"));
    expect(answer).toBeInstanceOf(Response);
    expect(await shape(answer)).toMatchObject({ status: 500, body: "after failed" });
  });

  it("answers not found synchronously when the last middleware's next() runs out of handlers", async () => {
    const app = new App()
      .use((c, next) => next())
      .use((c, next) => afterNext(next(), () => c.header("X-After", "1")))
      .get("/other", (c) => c.text("other"));
    const answer = app.serverFetch(request("/missing"));
    expect(answer).toBeInstanceOf(Response);
    expect(await shape(answer)).toMatchObject({ status: 404, headers: expect.arrayContaining([["x-after", "1"]]) });
  });

  it("still refuses a second next() call", async () => {
    const app = new App()
      .use(async (c, next) => { await next(); await next(); })
      .get("/", (c) => c.text("ok"))
      .onError((error, c) => c.text(error.message, 500));
    expect(await shape(app.serverFetch(request("/")))).toMatchObject({ status: 500, body: "asedge: next() called multiple times" });
  });
});

describe("built-in middleware in a synchronous chain", () => {
  it("cors + secureHeaders in front of a synchronous route answer with a Response, their headers set", async () => {
    const app = new App()
      .use(cors({ origin: ["https://a.example"] }), secureHeaders())
      .get("/json", (c) => { c.header("Vary", "Accept"); return c.json({ ok: true }); });
    const answer = app.serverFetch(request("/json", { Origin: "https://a.example" }));
    expect(answer).toBeInstanceOf(Response);
    const { headers, body } = await shape(answer);
    expect(body).toBe('{"ok":true}');
    const byName = new Map(headers);
    expect(byName.get("access-control-allow-origin")).toBe("https://a.example");
    expect(byName.get("vary")).toBe("Accept, Origin"); // the route's Vary merged, not overwritten
    expect(byName.get("x-content-type-options")).toBe("nosniff");
  });

  it("cors with an asynchronous origin function answers with a promise of the same answer", async () => {
    const app = new App()
      .use(cors({ origin: async (origin) => (origin.endsWith(".example") ? origin : null) }))
      .get("/json", (c) => c.json({ ok: true }));
    const answer = app.serverFetch(request("/json", { Origin: "https://b.example" }));
    expect(answer).toBeInstanceOf(Promise);
    expect(new Map((await shape(answer)).headers).get("access-control-allow-origin")).toBe("https://b.example");
  });

  it("etag tags a small body and answers its 304 synchronously; a large body (Web Crypto) with a promise", async () => {
    const app = new App().use(etag())
      .get("/small", (c) => c.text("hello"))
      .get("/large", (c) => c.text("x".repeat(20_000)));
    const first = app.serverFetch(request("/small"));
    expect(first).toBeInstanceOf(Response);
    const tag = (first as Response).headers.get("etag")!;
    expect(tag).toMatch(/^"5-[0-9a-f]+"$/);
    const again = app.serverFetch(request("/small", { "If-None-Match": tag }));
    expect(again).toBeInstanceOf(Response);
    expect((again as Response).status).toBe(304);
    const large = app.serverFetch(request("/large"));
    expect(large).toBeInstanceOf(Promise);
    expect((await large).headers.get("etag")).toMatch(/^"4e20-[0-9a-f]{16}"$/);
  });
});
