// The app host/app/header-defaults.test.ts asks on every host.
import type { App } from "./app.js";
import { afterNext } from "./compose.js";
import { HeaderDefaults } from "./header-defaults.js";

const defaults = new HeaderDefaults([["X-Served-By", "edge"], ["Cache-Control", "no-store"], ["X-Region", "eu"]]);

export default (app: App) => app
  // Registered first, so its after-part runs last: it replaces a value the set added, on this response only.
  .use("/d/later", (c, next) => afterNext(next(), () => c.header("X-Region", "ap")))
  .use("/d/*", (c, next) => afterNext(next(), () => defaults.addMissing(c)))
  .get("/d/none", (c) => c.text("none"))
  // Set before: kept, whatever its case; the others follow it.
  .get("/d/some", (c) => c.text("some", 200, { "cache-control": "max-age=60", "X-Mine": "1" }))
  // A Web Response is the response: the set goes onto its headers, where missing.
  .get("/d/web", () => new Response("web", { headers: { "x-region": "us" } }))
  .get("/d/later", (c) => c.text("later"));
