// Attacker for the slowloris bench: opens slow-head, slow-body and idle
// keep-alive connections to 127.0.0.1:<port> and keeps them trickling.
// Talks to its parent over IPC: sends {ready, open} once every connection is
// up, and {open, kinds: {<kind>: {closedByServer, statuses}}, trickles} when asked
// ("report"; "reset" zeroes the trickle count).
//
//   node bench/reliability/slow-clients.mjs <port> <heads> <bodies> <idle> <intervalMs>
import net from "node:net";

const [port, heads, bodies, idle, intervalMs] = process.argv.slice(2).map(Number);
const sockets = new Set();
/** Per kind: connections closed by the server, and the statuses of what it answered. */
const kinds = {};
/** Trickle writes sent since the last report. */
let trickles = 0;

function open(kind, first, trickle) {
  const figures = (kinds[kind] ??= { closedByServer: 0, statuses: {} });
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    socket.on("connect", () => {
      socket.write(first);
      sockets.add(socket);
      resolve();
    });
    socket.on("data", (data) => {
      for (const [, status] of data.toString("latin1").matchAll(/HTTP\/1\.1 (\d{3}) /g)) {
        figures.statuses[status] = (figures.statuses[status] ?? 0) + 1;
      }
    });
    socket.on("error", () => resolve());
    socket.on("close", () => {
      if (sockets.delete(socket)) figures.closedByServer++;
    });
    socket.trickle = trickle;
  });
}

// A head that never ends: one more header line now and then.
const SLOW_HEAD = "GET /plaintext HTTP/1.1\r\nHost: a\r\n";
// A body that never ends: one byte now and then of a 1 MB body.
const SLOW_BODY = "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\nx";
// Idle keep-alive: one complete request, then nothing.
const IDLE = "GET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n";

async function openMany(kind, count, first, trickle) {
  for (let i = 0; i < count; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => open(kind, first, trickle)));
  }
}

await openMany("slow head", heads, SLOW_HEAD, "X-a: b\r\n");
await openMany("slow body", bodies, SLOW_BODY, "x");
await openMany("idle keep-alive", idle, IDLE, null);
process.send({ ready: true, open: sockets.size });

// Each trickling socket sends a little every intervalMs, spread over the interval.
setInterval(() => {
  for (const socket of sockets) {
    if (!socket.trickle) continue;
    setTimeout(() => {
      if (socket.destroyed) return;
      socket.write(socket.trickle);
      trickles++;
    }, Math.random() * intervalMs);
  }
}, intervalMs);

process.on("message", (message) => {
  if (message === "report") process.send({ open: sockets.size, kinds, trickles });
  if (message === "reset") trickles = 0;
});
