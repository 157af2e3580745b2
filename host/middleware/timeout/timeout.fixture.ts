// The app host/middleware/timeout/timeout.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { timeout } from "./index.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default (app: App) => app
  .use(async (c, next) => { c.header("X-Outer", "kept"); await next(); })
  .use("/slow/*", timeout(50))
  .use("/custom/*", timeout(50, { onTimeout: (c) => c.json({ error: "too slow" }, 503) }))
  .get("/slow/answer", async (c) => {
    c.header("X-Route", "dropped");
    await sleep(150);
    return c.text("late");
  })
  .get("/slow/throw", async () => {
    await sleep(150);
    throw new Error("late failure");
  })
  .get("/slow/req", async (c) => {
    await sleep(150);
    return c.text(c.req.path); // on the Node host the request is released by now
  })
  .get("/slow/fast", (c) => c.text("in time"))
  .get("/custom/answer", async (c) => { await sleep(150); return c.text("late"); });
