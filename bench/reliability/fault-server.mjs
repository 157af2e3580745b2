// The reference app plus routes for the faults bench: /__trap makes the WASM
// core trap for real (its router reads past the end of its memory),
// /__stats answers server.stats(), /__slow answers after 500 ms (a request
// that is surely in flight when a signal comes). SIGTERM closes gracefully,
// as the CLI does. PORT from the environment.
import { serve } from "../../dist/host/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";

const app = createReferenceApp();
let server;
app.get("/__trap", (c) => {
  const core = c.req.core.exports;
  core.routeMatch(1, 0, 0, core.memory.buffer.byteLength - 4, 64, 1024, 256);
  return c.text("the core did not trap", 500);
});
app.get("/__stats", (c) => c.json(server.stats()));
app.get("/__slow", async (c) => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  return c.json({ slow: true });
});
server = await serve(app, { port: Number(process.env.PORT), hostname: "127.0.0.1" });
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
