// serve({ workers: 2 }) whose workers crash: with CRASH=start-up (default)
// each exits with code 3 before serving, so serve() rejects once the primary
// gives up (printed, exit 1); with CRASH=serving each exits with code 4 50 ms
// after it listens, so serve() resolves and the primary gives up on both
// slots later.
import cluster from "node:cluster";
import { App, serve } from "../../dist/host/index.js";

const serving = process.env.CRASH === "serving";
if (cluster.isWorker && !serving) process.exit(3);
try {
  await serve(new App().get("/", (c) => c.text("soon gone")), { port: 0, hostname: "127.0.0.1", workers: 2 });
  if (cluster.isWorker) setTimeout(() => process.exit(4), 50);
  else console.log("serve resolved");
} catch (error) {
  console.log(`serve rejected: ${error.message}`);
  process.exit(1);
}
