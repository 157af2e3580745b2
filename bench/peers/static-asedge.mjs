// Peer for bench/static.bench.ts: asedge's serveStatic (files from STATIC_ROOT, the content cache on).
import { App, serve } from "../../dist/host/index.js";
import { serveStatic } from "../../dist/host/middleware/serve-static/index.js";

const app = new App().use("/*", serveStatic({ root: process.env.STATIC_ROOT }));
await serve(app, { port: Number(process.env.PORT), hostname: "127.0.0.1" });
