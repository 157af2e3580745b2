// A user's Hono Worker on the WASM router, importing the package by name as a
// user would. Bundled by wrangler in ./hono-platforms.test.ts (the `workerd`
// export condition of asedge/hono: the core as a precompiled module).
import { Hono } from "hono";
import { WasmRouter } from "asedge/hono";

const app = new Hono({ router: new WasmRouter() });
app.use("*", async (c, next) => {
  await next();
  c.header("x-router", app.router.name);
});
app.get("/users/:id{[0-9]+}", (c) => c.json({ id: c.req.param("id") }));
app.get("/files/*", (c) => c.text(`file ${c.req.path}`));

export default app;
