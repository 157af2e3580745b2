// An app with logger() whose lines can be read back over HTTP (GET /log), so
// the same checks run on app.request, a Node socket and workerd.
import type { App } from "../../app/app.js";
import { logger } from "./index.js";

const lines: string[] = [];
const sink = { write: (line: string) => { lines.push(line); }, flush() {} };

export default (app: App) => app
  .get("/log", (c) => c.json(lines.splice(0)))
  .use("/app/*", async (c, next) => {
    const id = c.req.header("x-request-id");
    if (id) c.set("requestId", id);
    await next();
  })
  .use("/app/*", logger({ sink }))
  .use("/text/*", logger({ sink, format: "text" }))
  .get("/app/users/:id", (c) => c.json({ id: c.req.param("id") }))
  .get("/app/unicode", (c) => c.text("héllo €"))
  .get("/app/stream", (c) => c.body(new Response("streamed").body))
  .get("/app/boom", () => { throw new Error("boom in handler"); })
  .post("/app/created", (c) => c.text("", 201))
  .get("/text/plain", (c) => c.text("hi"));
