// The app host/middleware/body-limit/body-limit.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { bodyLimit } from "./index.js";

export default (app: App) => app
  .post("/small", bodyLimit({ maxSize: 16 }), async (c) => c.text(`got ${(await c.req.arrayBuffer()).byteLength}`))
  .post("/custom", bodyLimit({ maxSize: 4, onError: (c) => c.json({ error: "too big" }, 413) }), async (c) => c.text(await c.req.text()));
