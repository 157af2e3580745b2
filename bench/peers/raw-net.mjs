// Ceiling, not a peer: a raw node:net server that answers every request with
// one canned /plaintext response, without parsing HTTP beyond counting the
// blank lines that end request heads (the benchmark sends GETs without
// bodies). Whatever a Node server does per request costs on top of this.
import net from "node:net";

const REPLY = Buffer.from("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 13\r\n\r\nHello, World!");

net.createServer({ noDelay: true }, (socket) => {
  socket.on("data", (chunk) => {
    let count = 0;
    for (let at = chunk.indexOf("\r\n\r\n"); at !== -1; at = chunk.indexOf("\r\n\r\n", at + 4)) count++;
    if (count === 1) socket.write(REPLY);
    else if (count > 1) socket.write(Buffer.concat(Array(count).fill(REPLY)));
  });
  socket.on("error", () => {});
}).listen(Number(process.env.PORT), "127.0.0.1");
