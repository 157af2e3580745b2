// A whole Hono app on the WASM router, through app.request().
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { WasmRouter } from "../../host/hono/index.js";

function makeApp() {
  const app = new Hono({ router: new WasmRouter() });
  const seen: string[] = [];
  app.use("*", async (c, next) => { seen.push(`mw ${c.req.path}`); await next(); });
  app.get("/", (c) => c.text("home"));
  app.get("/users/:id{[0-9]+}", (c) => c.json({ id: c.req.param("id") }));
  app.get("/users/:name", (c) => c.text(`name=${c.req.param("name")}`));
  app.post("/users", async (c) => c.json(await c.req.json(), 201));
  app.get("/files/*", (c) => c.text("file"));
  app.get("/repos/:owner/:repo/issues/:number?", (c) => c.json(c.req.param()));
  app.on("PURGE", "/cache", (c) => c.text("purged"));
  return { app, seen };
}

describe("new Hono({ router: new WasmRouter() })", () => {
  it("routes, runs middleware first and passes params", async () => {
    const { app, seen } = makeApp();
    expect(await (await app.request("/")).text()).toBe("home");
    expect(await (await app.request("/users/42")).json()).toEqual({ id: "42" });
    expect(await (await app.request("/users/ann")).text()).toBe("name=ann");
    expect(await (await app.request("/files/a/b.txt")).text()).toBe("file");
    expect(await (await app.request("/repos/honojs/hono/issues/7")).json())
      .toEqual({ owner: "honojs", repo: "hono", number: "7" });
    expect(await (await app.request("/repos/honojs/hono/issues")).json()).toEqual({ owner: "honojs", repo: "hono" });
    expect(seen).toEqual(["mw /", "mw /users/42", "mw /users/ann", "mw /files/a/b.txt",
      "mw /repos/honojs/hono/issues/7", "mw /repos/honojs/hono/issues"]);
  });

  it("decodes params lazily the way Hono does", async () => {
    const { app } = makeApp();
    expect(await (await app.request("/users/caf%C3%A9")).text()).toBe("name=café");
    expect(await (await app.request("/users/a%2Fb")).text()).toBe("name=a/b");
    expect(await (await app.request("/users/100%25")).text()).toBe("name=100%");
  });

  it("answers other methods, HEAD through GET, and 404", async () => {
    const { app } = makeApp();
    const created = await app.request("/users", { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ a: 1 });
    expect(await (await app.request("/cache", { method: "PURGE" })).text()).toBe("purged");
    const head = await app.request("/users/42", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await app.request("/nope")).status).toBe(404);
    expect((await app.request("/users", { method: "DELETE" })).status).toBe(404);
  });

  it("refuses routes added after the first request, like RegExpRouter", async () => {
    const { app } = makeApp();
    await app.request("/");
    expect(() => app.get("/late", (c) => c.text("late"))).toThrow(/already built/);
  });
});
