// Ceiling, not a peer: a raw node:net server that answers every request with
// a canned response, without parsing HTTP beyond counting the blank lines
// that end request heads (the benchmark sends GETs without bodies) and one
// byte of the first target to pick the benchmark route's body
// ("GET /plaintext", "GET /json", "GET /users/42"). Whatever a Node server
// does per request costs on top of this.
import net from "node:net";

const reply = (type, body) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
const PLAINTEXT = reply("text/plain; charset=UTF-8", "Hello, World!");
const JSON_REPLY = reply("application/json", '{"message":"Hello, World!"}');
const USER = reply("application/json", '{"id":"42","name":"user-42"}');
const TARGET_BYTE = 5; // "GET /?": p, j or u

net.createServer({ noDelay: true }, (socket) => {
  socket.on("data", (chunk) => {
    let count = 0;
    for (let at = chunk.indexOf("\r\n\r\n"); at !== -1; at = chunk.indexOf("\r\n\r\n", at + 4)) count++;
    const byte = chunk[TARGET_BYTE];
    const canned = byte === 0x6a ? JSON_REPLY : byte === 0x75 ? USER : PLAINTEXT;
    if (count === 1) socket.write(canned);
    else if (count > 1) socket.write(Buffer.concat(Array(count).fill(canned)));
  });
  socket.on("error", () => {});
}).listen(Number(process.env.PORT), "127.0.0.1");
