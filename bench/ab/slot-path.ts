// Same-process A/B of the slot path (what the Node host does per request,
// sockets aside): copy the request into a slot, parse (routes it), answer
// through the App, copy the response out. Two trees side by side: this one
// and another checkout given as the first argument (built with
// `npm run build:wasm` there), alternating per round, so machine noise hits
// both alike.
//   npx vite-node bench/ab/slot-path.ts -- /path/to/other/checkout [--no-clock]
// --no-clock stubs performance.now() (the metrics' two readings per request)
// in both trees, to tell the clock's cost from the rest.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { answerInSlot } from "../support.js";

const other = process.argv[2];
/** The bench's own clock, kept before --no-clock stubs the one the trees use. */
const clock = performance.now.bind(performance);
if (process.argv.includes("--no-clock")) performance.now = () => 0;
if (!other) throw new Error("usage: vite-node bench/ab/slot-path.ts -- <other checkout>");

interface Tree { name: string; answer: (request: Buffer) => number }

const REQUESTS: Record<string, Buffer> = {
  "/plaintext": Buffer.from("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wrk\r\n\r\n", "latin1"),
  "/json": Buffer.from("GET /json HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wrk\r\n\r\n", "latin1"),
  "/users/:id": Buffer.from("GET /users/12345 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: wrk\r\n\r\n", "latin1"),
};

async function tree(name: string, root: string): Promise<Tree> {
  const url = (path: string) => pathToFileURL(`${root}/${path}`).href;
  const { Core } = await import(url("host/core/core.ts")).catch(() => import(url("host/core.ts")));
  const { App } = await import(url("host/app/app.ts"));
  const adapterModule = await import(url("host/slot/app-adapter.ts")).catch(() => undefined);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`${root}/build/asedge.wasm`)), {}).exports;
  const core = new Core(exports);
  const app = new App()
    .get("/plaintext", (c: { text(t: string): unknown }) => c.text("Hello, World!"))
    .get("/json", (c: { json(v: unknown): unknown }) => c.json({ message: "Hello, World!" }))
    .get("/users/:id", (c: { json(v: unknown): unknown; req: { param(n: string): string } }) => c.json({ id: c.req.param("id") }));
  const slotApp = adapterModule ? new adapterModule.AppSlotAdapter(app) : app;
  slotApp.bind(core);
  return { name, answer: (request) => answerInSlot(core, slotApp, request) };
}

const trees = [await tree("this tree", new URL("../..", import.meta.url).pathname.replace(/\/$/, "")), await tree("other", other)];
const ROUNDS = 7;
const N = 200_000;
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}; ${ROUNDS} rounds × ${N} requests, alternating`);
for (const [route, request] of Object.entries(REQUESTS)) {
  const times: Record<string, number[]> = {};
  for (const t of trees) for (let i = 0; i < 20_000; i++) t.answer(request); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...trees].reverse() : trees) {
      const start = clock();
      let bytes = 0;
      for (let i = 0; i < N; i++) bytes += t.answer(request);
      (times[t.name] ??= []).push(((clock() - start) * 1e6) / N);
      if (bytes === 0) throw new Error("no response");
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [a, b] = trees.map((t) => median(times[t.name]));
  console.log(`${route.padEnd(12)} this tree ${a.toFixed(0)} ns/request, other ${b.toFixed(0)} ns/request: this/other ${(a / b).toFixed(3)}`);
}
