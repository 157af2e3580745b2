// Hono's compress (CompressionStream: gzip, deflate; threshold 1024) on @hono/node-server serving the 16 KB JSON body.
import { Hono } from "hono";
import { compress } from "hono/compress";
import { serve } from "@hono/node-server";
import { RECORDS } from "./compress-body.mjs";

const app = new Hono();
app.use(compress());
app.get("/json", (c) => c.json(RECORDS));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
