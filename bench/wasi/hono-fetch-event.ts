// The WASI benchmark's idiomatic Hono component (bench/wasi.bench.ts): the
// Workers Hono app (bench/worker/hono.ts) behind StarlingMonkey's fetch event.
// ComponentizeJS attaches the fetch event to wasi:http/incoming-handler when
// the world exports it. StarlingMonkey keeps one FetchEvent per instance, so a
// component built this way answers one request per instance: it serves under
// `jco serve --isolate-requests instance` (and `wasmtime serve`, which makes an
// instance per request), not under plain `jco serve`, which reuses one instance.
import app from "../worker/hono.js";

interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

addEventListener("fetch", (event) => {
  const fetchEvent = event as FetchEvent;
  fetchEvent.respondWith(app.fetch(fetchEvent.request));
});
