// Peer: node:http serving the reference app's benchmark routes.
import http from "node:http";

const HELLO = "Hello, World!";
http.createServer((req, res) => {
  const url = req.url;
  if (url === "/plaintext") {
    res.writeHead(200, { "content-type": "text/plain; charset=UTF-8" });
    return res.end(HELLO);
  }
  if (url === "/json") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ message: HELLO }));
  }
  if (url.startsWith("/users/")) {
    const id = decodeURIComponent(url.slice(7));
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ id, name: `user-${id}` }));
  }
  res.writeHead(404).end();
}).listen(Number(process.env.PORT), "127.0.0.1");
