// Peer for bench/static.bench.ts: Hono's serveStatic on @hono/node-server (files from STATIC_ROOT).
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";

const app = new Hono();
app.use("/*", serveStatic({ root: process.env.STATIC_ROOT }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
