// The fixture tests/support/every-host.test.ts runs on every host.
import type { App } from "../../host/app/app.js";

export default (app: App) => app
  .use(async (c, next) => {
    await next();
    c.header("X-Seen", c.req.method);
  })
  .get("/hello/:name", (c) => c.text(`hello ${c.req.param("name")}`))
  .post("/echo", async (c) => c.body(new Uint8Array(await c.req.arrayBuffer()), 201, { "Content-Type": "application/octet-stream" }));
