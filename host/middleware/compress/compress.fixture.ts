// The app every compress test asks, on app.request, a Node socket and workerd.
import type { App } from "../../app/app.js";
import { compress } from "./index.js";

/** A 16 KB-ish JSON list of records (compresses well) and a text of known bytes. */
export const RECORDS = Array.from({ length: 150 }, (_, i) => ({ id: i, name: `user-${i}`, email: `user${i}@example.com`, active: i % 3 === 0 }));
export const TEXT = "asedge compresses text. ".repeat(100); // 2400 bytes
export const SHORT = "x".repeat(1023); // one byte under the threshold
export const CHUNKS = ["first part ".repeat(20), "second part ".repeat(20), "third part ".repeat(20)];
/** How long the stream route waits between its chunks. */
export const CHUNK_GAP_MS = 400;

const bytes = (text: string) => new TextEncoder().encode(text);
/** `?type=` picks the Content-Type of the rule routes (default text/plain). */
const type = (c: { req: { query(name: string): string | undefined } }) => c.req.query("type") ?? "text/plain; charset=UTF-8";

export default (app: App) => app
  .use(compress())
  .get("/json", (c) => c.json(RECORDS))
  .get("/text", (c) => c.body(TEXT, 200, { "Content-Type": type(c) }))
  .get("/short", (c) => c.body(SHORT, 200, { "Content-Type": type(c), ETag: "\"s1\"" }))
  .get("/at-threshold", (c) => c.body(`${SHORT}y`, 200, { "Content-Type": type(c) }))
  .get("/bytes", (c) => c.body(bytes(TEXT), 200, { "Content-Type": "application/xml; charset=utf-8" }))
  .get("/image", (c) => c.body(bytes(TEXT), 200, { "Content-Type": "image/png" }))
  .get("/untyped", (c) => c.body(bytes(TEXT)))
  .get("/sse", (c) => c.body(TEXT, 200, { "Content-Type": "text/event-stream" }))
  .get("/no-transform", (c) => c.body(TEXT, 200, { "Content-Type": type(c), "Cache-Control": "public, No-Transform" }))
  .get("/encoded", async (c) => {
    const deflated = await new Response(new Blob([TEXT]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer();
    return c.body(deflated, 200, { "Content-Type": "text/plain", "Content-Encoding": "deflate" });
  })
  .get("/status/:code", (c) => c.body(TEXT, Number(c.req.param("code")) as 200, { "Content-Type": type(c), "Content-Range": "bytes 0-2399/4800" }))
  .get("/strong-etag", (c) => c.text(TEXT, 200, { ETag: "\"v1\"" }))
  .get("/weak-etag", (c) => c.text(TEXT, 200, { ETag: "W/\"v1\"" }))
  .get("/vary", (c) => c.text(TEXT, 200, { Vary: "Origin" }))
  .get("/vary-star", (c) => c.text(TEXT, 200, { Vary: "*" }))
  .get("/vary-has", (c) => c.text(TEXT, 200, { Vary: "origin, accept-encoding" }))
  .get("/response", () => new Response(TEXT, { headers: { "Content-Type": "text/html; charset=UTF-8", ETag: "\"r1\"" } }))
  .get("/stream", (c) => {
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, CHUNK_GAP_MS));
        if (i === CHUNKS.length) controller.close();
        else controller.enqueue(bytes(CHUNKS[i++]));
      },
    });
    return c.body(stream, 200, { "Content-Type": type(c) });
  });
