// Opens <count> keep-alive connections to 127.0.0.1:<port>, each making one
// request, spread over several loopback source addresses (one address has
// only ~28k ephemeral ports). Reports {open, failed} over IPC, then holds them.
import net from "node:net";

const [port, count] = process.argv.slice(2).map(Number);
const PER_ADDRESS = 20_000;
const sockets = [];
let failed = 0;

function open(i) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: `127.0.0.${2 + Math.floor(i / PER_ADDRESS)}` });
    socket.once("data", () => { sockets.push(socket); resolve(); });
    socket.once("error", () => { failed++; resolve(); });
    socket.write("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
  });
}

for (let i = 0; i < count; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, k) => open(i + k)));
}
process.send({ open: sockets.length, failed });
process.on("message", () => process.exit(0));
