// The reference app on the Node host for bench/metrics.bench.ts. With
// CORE=<path to a .wasm> it serves from that core (the bench's build with the
// metrics call compiled out of respond()); with CLOCK=off, performance.now()
// returns 0 in this process, so the two clock readings per request the
// latency histogram needs cost a stub call instead. Port from PORT. With
// STATS_PORT, a second listener on 127.0.0.1 answers server.stats() as JSON
// (the bench reads what the server counted; the app under load is untouched).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { serve } from "../../dist/host/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";
import { toSlotApp } from "../../dist/host/slot/app-adapter.js";
import { instantiateCoreModule } from "../../dist/host/core/registry.js";

if (process.env.CLOCK === "off") performance.now = () => 0;
const app = toSlotApp(createReferenceApp());
if (process.env.CORE) {
  const module = new WebAssembly.Module(readFileSync(process.env.CORE));
  app.instantiate = () => instantiateCoreModule(module);
}
const server = await serve(app, { port: Number(process.env.PORT), hostname: "127.0.0.1" });
if (process.env.STATS_PORT) {
  createServer((_request, response) => response.end(JSON.stringify(server.stats()))).listen(Number(process.env.STATS_PORT), "127.0.0.1");
}
