// The app host/helper/streaming/streaming.test.ts runs on every host.
import type { App } from "../../app/app.js";
import { stream, streamSSE, streamText } from "./index.js";

/** Stream ids whose onAbort ran, per isolate / process. */
const aborted = new Set<string>();
/** How many chunks the back-pressure producer got through. */
const progress = { written: 0, done: false };
export const BIG_CHUNK = 64 * 1024;
export const BIG_CHUNKS = 512; // 32 MiB: more than any socket buffer holds

export default (app: App) => app
  .get("/bytes", (c) => stream(c, async (s) => {
    await s.write(new Uint8Array([1, 2, 3]));
    await s.write("four");
    await s.writeln("");
  }))
  .get("/text", (c) => {
    c.header("X-Before", "kept");
    return streamText(c, async (s) => {
      await s.write("one ");
      await s.sleep(5);
      await s.writeln("two");
      await s.pipe(new Blob(["piped"]).stream());
    });
  })
  .get("/sse", (c) => streamSSE(c, async (s) => {
    await s.writeSSE({ data: "hello" });
    await s.writeSSE({ event: "multi", data: "a\nb\r\nc\rd", id: "1", retry: 2500 });
    await s.writeSSE({ data: "", id: "" });
  }))
  .get("/sse/throws", (c) => streamSSE(c, async (s) => {
    await s.writeSSE({ data: "before" });
    await s.writeSSE({ event: "bad\nevent: forged", data: "x" });
  }, async () => { /* the error event follows */ }))
  .get("/sse/forever/:id", (c) => {
    const id = c.req.param("id");
    return streamSSE(c, async (s) => {
      s.onAbort(() => { aborted.add(id); });
      for (let n = 0; !s.aborted; n++) {
        await s.writeSSE({ data: String(n) });
        await s.sleep(20);
      }
    });
  })
  .get("/sse/idle/:id", (c) => {
    const id = c.req.param("id");
    return streamSSE(c, async (s) => {
      const gone = new Promise<void>((resolve) => s.onAbort(() => { aborted.add(id); resolve(); }));
      await s.writeSSE({ data: "0" });
      await Promise.race([gone, s.sleep(10_000)]); // writes nothing more: only the host can tell
    });
  })
  .get("/aborted/:id", (c) => c.json({ aborted: aborted.has(c.req.param("id")) }))
  .get("/big", (c) => {
    progress.written = 0;
    progress.done = false;
    return stream(c, async (s) => {
      const chunk = new Uint8Array(BIG_CHUNK).fill(120);
      for (let i = 0; i < BIG_CHUNKS && !s.aborted; i++) {
        await s.write(chunk);
        progress.written++;
      }
      progress.done = true;
    });
  })
  .get("/progress", (c) => c.json(progress));
