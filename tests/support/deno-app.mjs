// The reference app on the Deno host, as shipped (dist/host/deno), for the
// Deno tests, which run in Node and drive this process over real sockets.
// Options for serve() come as JSON in DENO_SERVE_OPTIONS. Prints
// "listening on <port>" (from onListen) and "finished" once the server has
// stopped; on a line on stdin prints "closing", awaits server.close(),
// prints "closed" and exits 0. GET /abort aborts the signal given to serve().
//
// Extra routes: those of ./host-test-routes.mjs (/slow, /stats, /stream, /hang),
// /remote (c.env.remoteAddr: Deno's info is the env), /locked-body (a body
// stream already locked: no Response can carry it, so the app's fetch itself fails).
import { App, serve } from "../../dist/host/deno/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";
import { withHostTestRoutes } from "./host-test-routes.mjs";

let server;
const aborter = new AbortController();
const app = withHostTestRoutes(new App(), () => server.stats())
  .get("/abort", (c) => {
    aborter.abort();
    return c.text("aborted");
  })
  .get("/remote", (c) => c.json({ hostname: c.env.remoteAddr.hostname, port: c.env.remoteAddr.port }))
  .get("/locked-body", (c) => {
    const stream = new ReadableStream();
    stream.getReader();
    return c.body(stream);
  })
  .route("/", createReferenceApp());

server = await serve(app, {
  port: 0, hostname: "127.0.0.1", ...JSON.parse(Deno.env.get("DENO_SERVE_OPTIONS") ?? "{}"),
  signal: aborter.signal, onListen: ({ port }) => console.log(`listening on ${port}`),
});
server.finished.then(() => console.log("finished"));
for await (const _line of Deno.stdin.readable) {
  const closing = server.close();
  console.log("closing");
  await closing;
  console.log("closed");
  Deno.exit(0);
}
