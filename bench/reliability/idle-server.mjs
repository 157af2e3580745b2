// A server for the idle-connections bench: asedge (reference app) or
// node:http, with idle keep-alive connections kept open (the bench measures
// what they cost, not the timeout). PORT from the environment.
//
//   node bench/reliability/idle-server.mjs asedge|node:http
import http from "node:http";
import { serve } from "../../dist/host/index.js";
import { createReferenceApp } from "../../dist/host/reference/app.js";

const port = Number(process.env.PORT);
const HOUR = 3_600_000;
if (process.argv[2] === "asedge") {
  await serve(createReferenceApp(), { port, hostname: "127.0.0.1", keepAliveTimeout: HOUR, headersTimeout: HOUR });
} else {
  const server = http.createServer((req, res) => res.end("Hello, World!"));
  server.keepAliveTimeout = HOUR;
  server.headersTimeout = HOUR;
  server.requestTimeout = 0;
  server.listen(port, "127.0.0.1");
}
