// Your app: routes and handlers. `npm start` serves it on Node (asedge serve
// src/app.ts); src/worker.ts is the same app as a Cloudflare Worker.
// "asedge/worker" is the App API for both: on Node it reads the core from disk,
// bundled for Workers it imports the core as a precompiled module.
import { App } from "asedge/worker";

const app = new App()
  .get("/", (c) => c.text("Hello from asedge!"))
  .get("/users/:id", (c) => c.json({ id: c.req.param("id") }));

export default app;
