// The reference app on the Bun host, as shipped (dist/host/bun), for the
// Bun tests, which run in Node and drive this process over real sockets.
// Options for serve() come as JSON in BUN_SERVE_OPTIONS. Prints
// "listening on <port>"; on a line on stdin prints "closing", awaits
// server.close(), prints "closed" and exits 0.
//
// Extra routes: those of ./host-test-routes.mjs (/slow, /stats, /stream,
// /hang), /big (a 4 MiB body: more than a socket buffer takes in one
// write), /trap (makes the server's core trap for real: its router reads
// past its memory's end).
import { App, serve } from "../../dist/host/bun/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";
import { withHostTestRoutes } from "./host-test-routes.mjs";

const BIG = new Uint8Array(4 * 1024 * 1024).fill(97);

let server;
const app = withHostTestRoutes(new App(), () => server.stats())
  .get("/big", (c) => c.body(BIG))
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
