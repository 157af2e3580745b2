// An app with /metrics and a few routes, for the same checks on app.request,
// a Node socket and workerd.
import type { App } from "../../app/app.js";
import { metrics } from "./index.js";

export default (app: App) => app
  .get("/metrics", metrics())
  .use("/api/*", async (_c, next) => { await next(); })
  .get("/api/users/:id", (c) => c.json({ id: c.req.param("id") }))
  .get("/api/wait", async (c) => { await new Promise((done) => setTimeout(done, 5)); return c.text("waited"); })
  .post("/api/items", async (c) => c.text(await c.req.text(), 201))
  .get('/api/odd/"quoted"\\path', (c) => c.text("odd"))
  .get("/api/boom", () => { throw new Error("boom"); })
  .onError((_e, c) => c.text("failed", 500));
