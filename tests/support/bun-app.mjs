// The reference app on the Bun host, as shipped (dist/host/bun), for the
// Bun tests, which run in Node and drive this process over real sockets.
// Options for serve() come as JSON in BUN_SERVE_OPTIONS. Prints
// "listening on <port>"; on a line on stdin prints "closing", awaits
// server.close(), prints "closed" and exits 0.
//
// Extra routes: /slow (300 ms, then text), /stats (server.stats() as JSON),
// /stream (a chunked body of three parts), /big (a 4 MiB body: more than a
// socket buffer takes in one write), /hang (never answers), /trap (makes
// the server's core trap for real: its router reads past its memory's end).
import { App, serve } from "../../dist/host/bun/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";

const BIG = new Uint8Array(4 * 1024 * 1024).fill(97);

let server;
const app = new App()
  .get("/slow", async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return c.text("slow and complete");
  })
  .get("/stats", (c) => c.json(server.stats()))
  .get("/stream", (c) => c.body(new ReadableStream({
    start(controller) {
      for (const part of ["one ", "two ", "three"]) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  })))
  .get("/big", (c) => c.body(BIG))
  .get("/hang", () => new Promise(() => {}))
  .get("/trap", () => {
    const core = server.core.exports;
    core.routeMatch(1, 0, 0, core.memory.buffer.byteLength - 4, 64, 1024, 256);
    throw new Error("the core did not trap");
  })
  .route("/", createReferenceApp());

server = await serve(app, { port: 0, hostname: "127.0.0.1", ...JSON.parse(process.env.BUN_SERVE_OPTIONS ?? "{}") });
console.log(`listening on ${server.port}`);
process.stdin.once("data", async () => {
  const closing = server.close();
  console.log("closing");
  await closing;
  console.log("closed");
  process.exit(0);
});
