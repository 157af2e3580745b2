// The ceiling of the Workers benchmark: a Worker with no framework, answering
// the three routes by hand (bench/worker.bench.ts). No framework can beat it.
const HELLO = "Hello, World!";
const TEXT = { "content-type": "text/plain; charset=UTF-8" };
const JSON_TYPE = { "content-type": "application/json" };

export default {
  fetch(request: Request): Response {
    const url = request.url;
    const path = url.slice(url.indexOf("/", url.indexOf(":") + 3));
    if (path === "/plaintext") return new Response(HELLO, { headers: TEXT });
    if (path === "/json") return new Response(JSON.stringify({ message: HELLO }), { headers: JSON_TYPE });
    if (path.startsWith("/users/")) {
      const id = path.slice("/users/".length);
      return new Response(JSON.stringify({ id, name: `user-${id}` }), { headers: JSON_TYPE });
    }
    return new Response("404 Not Found", { status: 404, headers: TEXT });
  },
};
