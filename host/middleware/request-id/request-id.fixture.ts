// The app host/middleware/request-id/request-id.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { requestId } from "./index.js";

let n = 0;
export default (app: App) => app
  .use("/own/*", requestId({ headerName: "Trace-Id", limitLength: 8, generator: () => `gen-${++n}` }))
  .use("/std/*", requestId())
  .get("/std/id", (c) => c.json({ get: c.get("requestId"), var: c.var.requestId }))
  .get("/own/id", (c) => c.text(String(c.var.requestId)));
