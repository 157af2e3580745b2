// The reference app served through the API, for the shutdown and restart
// tests: `workers` from WORKERS (default 2; 1 = this process only). Prints
// the port; closes gracefully on a line on stdin (server.close()) or on
// SIGTERM (what the CLI does): prints "closing" once close() has begun, then
// "primary closed", and exits 0.
//
// Extra routes: /slow (400 ms), /pid (the worker's process.pid). While
// HOLD is set, /async/json requests are held before the reference handler
// runs, each printing "held <pid>", until shutdown starts: the test knows
// they are all in flight when it asks for the shutdown.
import cluster from "node:cluster";
import { App, serve } from "../../dist/host/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";
import { SHUTDOWN_MESSAGE } from "../../dist/host/node/cluster.js";

let release;
const shutdownStarted = new Promise((resolve) => { release = resolve; });

const app = new App();
if (process.env.HOLD) {
  app.use("/async/json", async (c, next) => {
    console.log(`held ${process.pid}`);
    await shutdownStarted;
    await next();
  });
}
app
  .get("/slow", async (c) => {
    console.log(`slow request started ${process.pid}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    return c.text("slow and complete");
  })
  .get("/pid", (c) => c.text(String(process.pid)))
  .route("/", createReferenceApp());

const workers = Number(process.env.WORKERS ?? 2);
// 256 slots: 200 held requests fit in one process.
const server = await serve(app, { port: 0, hostname: "127.0.0.1", workers, slots: 256 });
// serve() registered its own shutdown listener first, so close() has begun when the held requests go on.
if (cluster.isWorker) process.on("message", (message) => { if (message === SHUTDOWN_MESSAGE) release(); });
if (cluster.isPrimary) {
  console.log(`listening on ${server.port}`);
  const stop = async () => {
    const closing = server.close();
    console.log("closing");
    release();
    await closing;
    console.log("primary closed");
    process.exit(0);
  };
  process.stdin.once("data", stop);
  process.once("SIGTERM", stop);
}
