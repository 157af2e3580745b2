// Peer: Bun.serve with its native routes, serving the reference app's benchmark routes. Run with bun.
const HELLO = "Hello, World!";
const TEXT = { "content-type": "text/plain; charset=UTF-8" };
const JSON_TYPE = { "content-type": "application/json" };
Bun.serve({
  port: Number(process.env.PORT),
  hostname: "127.0.0.1",
  routes: {
    "/plaintext": () => new Response(HELLO, { headers: TEXT }),
    "/json": () => Response.json({ message: HELLO }),
    "/users/:id": (req) => new Response(JSON.stringify({ id: req.params.id, name: `user-${req.params.id}` }), { headers: JSON_TYPE }),
  },
  fetch: () => new Response("Not Found", { status: 404 }),
});
