/**
 * The reference app: the embedded default `npm start` serves, and the
 * contract that tests, benchmarks and outside checks call on every host.
 * Keep these routes exactly as specified (README, "Reference app").
 */
import { App } from "../app/app.js";
import { canonicalJson } from "../app/json-canonical.js";
import { singleOrAll } from "../app/query.js";
import type { Context } from "../app/context.js";

const HELLO = "Hello, World!";

/** GET/any /echo: the request as JSON (see README). */
async function echo(c: Context) {
  return c.json({
    method: c.req.method,
    url: c.req.target,
    path: c.req.path,
    query: singleOrAll(c.req.queries()),
    headers: c.req.headerList(),
    body: await c.req.text(),
  });
}

const ITEMS = [
  { id: "1", name: "apple", price: 1.25 },
  { id: "2", name: "bread", price: 2.5 },
  { id: "3", name: "cheese", price: 7.75 },
];

export function createReferenceApp(): App {
  const app = new App();

  app.get("/plaintext", (c) => c.text(HELLO));
  app.get("/json", (c) => c.json({ message: HELLO }));
  app.get("/users/:id", (c) => {
    const id = c.req.param("id");
    return c.json({ id, name: `user-${id}` });
  });
  app.all("/echo", echo);
  app.all("/echo/*", echo);
  app.post("/json/canonical", async (c) => {
    const result = await canonicalJson(c.req);
    if (!result.ok) return c.json({ error: result.error, offset: result.offset }, result.status);
    return c.jsonBytes(result.json);
  });

  // A realistic table around the contract routes: params, regex params,
  // optional params, wildcards, middleware, every common method.
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("X-Api-Version", "1");
  });
  app.get("/api/v1/items", (c) => c.json({ items: ITEMS }));
  app.post("/api/v1/items", async (c) => c.json({ created: true, length: (await c.req.text()).length }, 201));
  app.get("/api/v1/items/:id", (c) => c.json({ id: c.req.param("id"), kind: "item" }));
  app.put("/api/v1/items/:id", (c) => c.json({ id: c.req.param("id"), updated: true }));
  app.patch("/api/v1/items/:id", (c) => c.json({ id: c.req.param("id"), patched: true }));
  app.delete("/api/v1/items/:id", (c) => c.body(null, 204));
  app.options("/api/v1/items", (c) => c.body(null, 204, { Allow: "GET, POST, OPTIONS" }));
  app.get("/api/v1/orders/:orderId", (c) => c.json({ orderId: c.req.param("orderId") }));
  app.get("/api/v1/orders/:orderId/lines/:lineId", (c) =>
    c.json({ orderId: c.req.param("orderId"), lineId: c.req.param("lineId") }));
  app.get("/api/v1/users/:userId/posts/:postId/comments", (c) =>
    c.json({ userId: c.req.param("userId"), postId: c.req.param("postId"), comments: [] }));
  app.get("/api/v2/*/health", (c) => c.text("ok"));
  app.get("/static/*", (c) => c.text(`static:${c.req.path.slice("/static/".length)}`));
  app.get("/files/:name{[a-z0-9_-]+\\.(txt|md)}", (c) => c.text(`file:${c.req.param("name")}`));
  app.get("/teams/:team/members/:member?", (c) =>
    c.json({ team: c.req.param("team"), member: c.req.param("member") ?? null }));
  app.get("/status/:code{[0-9]{3}}", (c) => {
    const code = c.req.param("code");
    const status = Number(code);
    // The route's regex admits 000–999; a response can only carry 200–599.
    if (status < 200 || status > 599) return c.text(`invalid status ${code}`, 400);
    return c.text(`status ${code}`, status);
  });
  app.get("/search", (c) => c.json({ q: c.req.query("q") ?? null, tags: c.req.queries("tag") ?? [] }));
  app.get("/html", (c) => c.html("<!doctype html><h1>Hello</h1>"));
  app.get("/redirect", (c) => c.redirect("/json"));
  app.get("/async/json", async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return c.json({ message: HELLO, async: true });
  });
  app.get("/error", () => {
    throw new Error("reference app: deliberate failure");
  });

  return app;
}

/** The shared instance the CLI and the Worker entry serve. */
export const referenceApp = createReferenceApp();
export default referenceApp;
