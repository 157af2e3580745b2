// Same-process A/B of the Node host's whole per-read path, the kernel aside:
// a Connection of each tree's NodeServer (its built dist/) gets the request
// bytes as a socket read would deliver them, parses, routes and answers
// through the reference app, and writes to a socket stand-in that only
// counts bytes. Two trees side by side (this one and another checkout with
// `npm run build` done), alternating per round, so machine noise hits both
// alike. What a socket costs (the write syscall, Node's stream machinery) is
// not in it: this is the JS and WASM work the host adds per request.
// Plain node, not vite-node: its module runner would sit between the modules.
//   node bench/ab/connection-path.mjs /path/to/other/checkout
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";

const other = process.argv[2];
if (!other) throw new Error("usage: node bench/ab/connection-path.mjs <other checkout>");

const ROUNDS = 7;
const READS = 100_000;
const PIPELINE_DEPTH = 16;
const head = (path) => `GET ${path} HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: wrk\r\n\r\n`;
const READS_OF = {
  "/plaintext": Buffer.from(head("/plaintext"), "latin1"),
  "/json": Buffer.from(head("/json"), "latin1"),
  "/users/:id": Buffer.from(head("/users/42"), "latin1"),
  "/plaintext ×16 in one read": Buffer.from(head("/plaintext").repeat(PIPELINE_DEPTH), "latin1"),
};

/** A socket stand-in: every write succeeds at once; only the byte count is kept. */
function countingWire() {
  let bytes = 0;
  const wire = {
    destroyed: false, remoteAddress: "127.0.0.1",
    write(chunk) { bytes += chunk.length; return true; },
    pause() {}, resume() {}, end() {}, destroy() {},
  };
  return { wire, written: () => bytes };
}

async function tree(name, root) {
  const url = (path) => pathToFileURL(`${root}/dist/host/${path}`).href;
  const { NodeServer } = await import(url("node/server.js"));
  const { default: app } = await import(url("reference/app.js"));
  const server = new NodeServer(app, {});
  const { wire, written } = countingWire();
  const connection = server.accept(wire); // protected in TypeScript; what the listener does per socket
  return { name, read: (bytes) => connection.onData(bytes), written, close: () => server.close() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const trees = [await tree("this tree", new URL("../..", import.meta.url).pathname.replace(/\/$/, "")), await tree("other", other)];
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}; ${ROUNDS} rounds × ${READS} reads, alternating`);
for (const [route, bytes] of Object.entries(READS_OF)) {
  const perRequest = {};
  const requestsPerRead = route.includes("×") ? PIPELINE_DEPTH : 1;
  for (const t of trees) for (let i = 0; i < 20_000; i++) t.read(bytes); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...trees].reverse() : trees) {
      const before = t.written();
      const start = performance.now();
      for (let i = 0; i < READS; i++) t.read(bytes);
      (perRequest[t.name] ??= []).push(((performance.now() - start) * 1e6) / (READS * requestsPerRead));
      if (t.written() === before) throw new Error(`${t.name}: no response`);
    }
  }
  const [a, b] = trees.map((t) => median(perRequest[t.name]));
  console.log(`${route.padEnd(28)} this tree ${a.toFixed(0)} ns/request, other ${b.toFixed(0)} ns/request: this/other ${(a / b).toFixed(3)}`);
}
for (const t of trees) await t.close();
