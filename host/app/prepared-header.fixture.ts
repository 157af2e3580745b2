// The app host/app/prepared-header.test.ts asks on every host.
import type { App } from "./app.js";
import { afterNext } from "./compose.js";
import { PreparedHeader } from "./prepared-header.js";

const region = new PreparedHeader("X-Region", "eu");

export default (app: App) => app
  .use("/p/*", (c, next) => afterNext(next(), () => region.setOn(c)))
  .get("/p/none", (c) => c.text("none"))
  // The route's own value of the header (any case, even twice) is replaced; its other headers stay.
  .get("/p/replaced", (c) => {
    c.header("x-region", "us");
    c.header("X-REGION", "ap", { append: true });
    return c.text("replaced", 200, { "X-Mine": "1" });
  })
  .get("/p/web", () => new Response("web", { headers: { "x-region": "us", "x-mine": "1" } }));
