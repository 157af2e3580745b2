// serve({ workers: 2 }) whose workers exit with code 3 at start-up: the
// primary restarts them with backoff until the crash-loop bound, then serve()
// rejects; this prints the rejection and exits 1.
import cluster from "node:cluster";
import { App, serve } from "../../dist/host/index.js";

if (cluster.isWorker) process.exit(3);
try {
  await serve(new App().get("/", (c) => c.text("never")), { port: 0, hostname: "127.0.0.1", workers: 2 });
  console.log("serve resolved");
} catch (error) {
  console.log(`serve rejected: ${error.message}`);
  process.exit(1);
}
