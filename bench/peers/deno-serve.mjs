// Peer: Deno.serve with hand routing (the path sliced out of the URL, no URL
// object), serving the reference app's benchmark routes. Run with deno.
const HELLO = "Hello, World!";
const TEXT = { "content-type": "text/plain; charset=UTF-8" };
const JSON_TYPE = { "content-type": "application/json" };
Deno.serve({ port: Number(Deno.env.get("PORT")), hostname: "127.0.0.1", onListen() {} }, (req) => {
  const url = req.url;
  const start = url.indexOf("/", url.indexOf(":") + 3);
  const query = url.indexOf("?", start);
  const path = query === -1 ? url.slice(start) : url.slice(start, query);
  if (path === "/plaintext") return new Response(HELLO, { headers: TEXT });
  if (path === "/json") return Response.json({ message: HELLO });
  if (path.startsWith("/users/")) {
    const id = decodeURIComponent(path.slice(7));
    return new Response(JSON.stringify({ id, name: `user-${id}` }), { headers: JSON_TYPE });
  }
  return new Response("Not Found", { status: 404 });
});
