// The app host/middleware/cors/cors.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { cors } from "./index.js";

export default (app: App) => app
  .use("/star/*", cors())
  .use("/list/*", cors({
    origin: ["https://a.example", /^https:\/\/[a-z]+\.b\.example$/],
    credentials: true, maxAge: 600, exposeHeaders: ["X-Total", "X-Page"], allowHeaders: ["Content-Type", "X-Key"],
    allowMethods: ["GET", "POST"],
  }))
  .use("/fn/*", cors({ origin: async (origin) => (origin.endsWith(".c.example") ? origin : null) }))
  .use("/fixed/*", cors({ origin: "https://a.example" }))
  .get("/star/data", (c) => c.json({ ok: true }))
  .get("/list/data", (c) => c.text("listed", 200, { Vary: "Accept-Encoding", "X-Total": "3" }))
  .options("/list/data", (c) => c.text("ordinary options"))
  .get("/fn/data", (c) => c.text("fn"))
  .get("/fixed/data", (c) => c.text("fixed"));
