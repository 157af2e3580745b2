// serveStatic on Node (app.request and a socket): files from the directory
// the test names in SERVE_STATIC_ROOT. /admin/* is guarded, as in the apps of
// the published traversal advisories: its files must never be reached another way.
// workerd runs serve-static.worker.fixture.ts (the assets binding) instead.
import type { App } from "../../app/app.js";
import { serveStatic } from "./index.js";

export default (app: App) => app
  .use("/admin/*", (c) => c.text("forbidden", 403))
  .use("/*", serveStatic({ root: process.env.SERVE_STATIC_ROOT ?? "/nonexistent", cacheFileBytes: 64 * 1024 }))
  .all("/*", (c) => c.text("no such file", 404));
