// Routes the runtime hosts' child apps (bun-app.mjs, deno-app.mjs) share:
// /slow (300 ms, then text), /stats (the server's stats() as JSON), /stream
// (a chunked body of three parts), /hang (never answers). `stats` is called
// per request: the server exists only once serve() has returned.
export function withHostTestRoutes(app, stats) {
  return app
    .get("/slow", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return c.text("slow and complete");
    })
    .get("/stats", (c) => c.json(stats()))
    .get("/stream", (c) => c.body(new ReadableStream({
      start(controller) {
        for (const part of ["one ", "two ", "three"]) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    })))
    .get("/hang", () => new Promise(() => {}));
}
