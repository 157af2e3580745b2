// serveStatic in workerd: the same routes as serve-static.fixture.ts, files
// from the static-assets binding ASSETS (the test points it at a copy of the root).
import type { App } from "../../app/app.js";
import { serveStatic } from "./worker.js";

export default (app: App) => app
  .use("/admin/*", (c) => c.text("forbidden", 403))
  .use("/*", serveStatic())
  .all("/*", (c) => c.text("no such file", 404));
