// The app host/middleware/etag/etag.test.ts asks on every host.
import type { App } from "../../app/app.js";
import { etag } from "./index.js";

const strong = etag();
const LARGE = "x".repeat(20_000);

export default (app: App) => app
  .use("/weak/*", etag({ weak: true }))
  .use("/*", async (c, next) => (c.req.path.startsWith("/weak/") ? next() : strong(c, next)))
  .get("/text", (c) => c.text("hello", 200, { "Cache-Control": "max-age=60", Vary: "Accept", "X-Other": "dropped on 304" }))
  .get("/bytes", (c) => c.body(new Uint8Array([1, 2, 3]), 200, { "Content-Type": "application/octet-stream" }))
  .get("/large", (c) => c.text(LARGE))
  .get("/weak/text", (c) => c.text("hello"))
  .get("/own", (c) => c.text("mine", 200, { ETag: '"v1"' }))
  .get("/dated", (c) => c.text("dated", 200, { "Last-Modified": "Wed, 02 Dec 2026 10:00:00 GMT" }))
  .get("/stream", (c) => c.body(new ReadableStream({ start(s) { s.enqueue(new TextEncoder().encode("streamed")); s.close(); } })))
  .get("/stream-tagged", (c) => c.body(new ReadableStream({ start(s) { s.enqueue(new TextEncoder().encode("streamed")); s.close(); } }), 200, { ETag: '"s1"' }))
  .get("/missing", (c) => c.text("no", 404))
  .put("/text", (c) => c.text("put"));
