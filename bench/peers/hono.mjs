// Peer: Hono on @hono/node-server serving the reference app's benchmark routes.
import { Hono } from "hono";
import { serve } from "@hono/node-server";

const HELLO = "Hello, World!";
const app = new Hono();
app.get("/plaintext", (c) => c.text(HELLO));
app.get("/json", (c) => c.json({ message: HELLO }));
app.get("/users/:id", (c) => { const id = c.req.param("id"); return c.json({ id, name: `user-${id}` }); });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
