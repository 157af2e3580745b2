// Hono's own middleware on an asedge App: tests/app/hono-middleware.test.ts asks it on every host.
import type { App } from "../../host/app/app.js";
import type { Handler } from "../../host/app/types.js";
import * as hono from "./hono-kit.js";

/** Hono's MiddlewareHandler type names Hono's Context; at run time it gets asedge's. */
const use = (middleware: unknown) => middleware as Handler;
const logged: string[] = [];

export default (app: App) => app
  .use("/cors/*", use(hono.cors({ origin: ["https://a.example"], credentials: true, exposeHeaders: ["X-Total"] })))
  .use("/etag/*", use(hono.etag()))
  .use("/secure/*", use(hono.secureHeaders()))
  .use("/log/*", use(hono.logger((line: string) => { logged.push(line.replace(/\x1b\[\d+m/g, "")); })))
  .use("/basic/*", use(hono.basicAuth({ username: "user", password: "pass" })))
  .use("/bearer/*", use(hono.bearerAuth({ token: "t0ken" })))
  .use("/jwt/*", use(hono.jwt({ secret: "s3cret", alg: "HS256" })))
  .use("/rid/*", use(hono.requestId()))
  .use("/timing/*", use(hono.timing()))
  .use("/limit/*", use(hono.bodyLimit({ maxSize: 8 })))
  .use("/pretty/*", use(hono.prettyJSON()))
  .use("/compress/*", use(hono.compress()))
  .use("/powered/*", use(hono.poweredBy()))
  .use("/csrf/*", use(hono.csrf({ origin: "https://a.example" })))
  .use("/timeout/*", use(hono.timeout(50)))
  .use("/ctx/*", use(hono.contextStorage()))
  .get("/cors/data", (c) => c.text("cors"))
  .get("/etag/data", (c) => c.text("etag me"))
  .get("/secure/data", (c) => c.text("secure"))
  .get("/log/data", (c) => c.text("logged"))
  .get("/log/lines", (c) => c.json(logged))
  .get("/basic/data", (c) => c.text("basic ok"))
  .get("/bearer/data", (c) => c.text("bearer ok"))
  .get("/jwt/data", (c) => c.json(c.get("jwtPayload")))
  .get("/rid/data", (c) => c.text(String(c.var.requestId)))
  .get("/timing/data", async (c) => {
    hono.startTime(c as never, "work");
    await new Promise((resolve) => setTimeout(resolve, 5));
    hono.endTime(c as never, "work");
    return c.text("timed");
  })
  .post("/limit/data", async (c) => c.text(`got ${(await c.req.text()).length}`))
  .get("/pretty/data", (c) => c.json({ a: [1, 2] }))
  .get("/compress/data", (c) => c.text("compress me ".repeat(200)))
  .get("/powered/data", (c) => c.text("powered"))
  .post("/csrf/data", (c) => c.text("csrf ok"))
  .get("/timeout/slow", async (c) => { await new Promise((resolve) => setTimeout(resolve, 200)); return c.text("late"); })
  .get("/ctx/data", (c) => c.text(`path from getContext(): ${(hono.getContext() as unknown as { req: { path: string } }).req.path}`));
