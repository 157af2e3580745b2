// The app host/middleware/timing/timing.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { endTime, setMetric, startTime, timing } from "./index.js";

export default (app: App) => app
  .use("/t/*", timing({ crossOrigin: "https://a.example" }))
  .use("/off/*", timing({ enabled: false }))
  .get("/t/work", async (c) => {
    startTime(c, "db", 'a "query"');
    await new Promise((resolve) => setTimeout(resolve, 30));
    endTime(c, "db");
    setMetric(c, "cache", "miss");
    setMetric(c, "region", 1.25, undefined, 2);
    startTime(c, "open"); // ended by autoEnd
    return c.text("ok", 200, { "Server-Timing": "edge;dur=1" });
  })
  .get("/off/work", (c) => c.text("off"));
