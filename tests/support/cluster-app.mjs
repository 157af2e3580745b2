// serve({ workers: 2 }) through the API (no CLI signal handlers), for the
// shutdown test: prints the port, closes when a line arrives on stdin.
import cluster from "node:cluster";
import { App, serve } from "../../dist/host/index.js";

const app = new App().get("/slow", async (c) => {
  console.log("slow request started");
  await new Promise((resolve) => setTimeout(resolve, 400));
  return c.text("slow and complete");
});

const server = await serve(app, { port: 0, hostname: "127.0.0.1", workers: 2 });
if (cluster.isPrimary) {
  console.log(`listening on ${server.port}`);
  process.stdin.once("data", async () => {
    await server.close();
    console.log("primary closed");
    process.exit(0);
  });
}
