// serve({ workers: 2 }) with /metrics (the sum over the workers, waiting
// TIMEOUT ms for them, default 1000), /metrics/own (this worker only) and
// /pid (the answering worker's process.pid). Prints the port; closes on a
// line on stdin.
import cluster from "node:cluster";
import { App, serve } from "../../dist/host/index.js";
import { metrics } from "../../dist/host/middleware/metrics/index.js";

const app = new App()
  .get("/metrics", metrics({ clusterTimeout: Number(process.env.TIMEOUT ?? 1000) }))
  .get("/metrics/own", metrics({ cluster: false }))
  .get("/pid", (c) => c.text(String(process.pid)));
const server = await serve(app, { port: 0, hostname: "127.0.0.1", workers: 2 });
if (cluster.isPrimary) {
  console.log(`listening on ${server.port}`);
  process.stdin.once("data", async () => {
    await server.close();
    process.exit(0);
  });
}
