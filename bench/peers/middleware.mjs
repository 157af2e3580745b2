// Peers for bench/middleware.bench.ts: /json with no middleware, with CORS
// (an origin list, so Vary: Origin) + a header set after the handler, or with
// CORS + ETag, or CORS + secure headers (asedge and Hono), in asedge, Hono on
// @hono/node-server and Fastify.
// PEER=asedge|hono|fastify, MIDDLEWARE=none|cors+secure-headers|cors+header|cors+after|cors+etag
// (cors+after, asedge only: the same header middleware written with afterNext, as asedge's README writes one).
const HELLO = "Hello, World!";
const ORIGINS = ["https://a.example"];
const port = Number(process.env.PORT);
const middleware = process.env.MIDDLEWARE ?? "none";
if (!["none", "cors+secure-headers", "cors+header", "cors+after", "cors+etag"].includes(middleware)) throw new Error(`MIDDLEWARE=${middleware}: none, cors+secure-headers, cors+header, cors+after or cors+etag`);

if (process.env.PEER === "asedge") {
  const { App, afterNext, serve } = await import("../../dist/host/index.js");
  const { cors } = await import("../../dist/host/middleware/cors/index.js");
  const { etag } = await import("../../dist/host/middleware/etag/index.js");
  const { secureHeaders } = await import("../../dist/host/middleware/secure-headers/index.js");
  const app = new App();
  if (middleware === "cors+secure-headers") app.use(cors({ origin: ORIGINS }), secureHeaders());
  if (middleware === "cors+header") app.use(cors({ origin: ORIGINS }), async (c, next) => { await next(); c.header("X-Bench", "1"); });
  if (middleware === "cors+after") app.use(cors({ origin: ORIGINS }), (c, next) => afterNext(next(), () => c.header("X-Bench", "1")));
  if (middleware === "cors+etag") app.use(cors({ origin: ORIGINS }), etag());
  app.get("/json", (c) => c.json({ message: HELLO }));
  await serve(app, { port, hostname: "127.0.0.1" });
} else if (process.env.PEER === "hono") {
  const { Hono } = await import("hono");
  const { cors } = await import("hono/cors");
  const { etag } = await import("hono/etag");
  const { secureHeaders } = await import("hono/secure-headers");
  const { serve } = await import("@hono/node-server");
  const app = new Hono();
  if (middleware === "cors+secure-headers") app.use(cors({ origin: ORIGINS }), secureHeaders());
  if (middleware === "cors+header") app.use(cors({ origin: ORIGINS }), async (c, next) => { await next(); c.header("X-Bench", "1"); });
  if (middleware === "cors+etag") app.use(cors({ origin: ORIGINS }), etag());
  app.get("/json", (c) => c.json({ message: HELLO }));
  serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
} else {
  const { default: Fastify } = await import("fastify");
  const app = Fastify({ logger: false });
  if (middleware !== "none") await app.register((await import("@fastify/cors")).default, { origin: ORIGINS });
  if (middleware === "cors+header") app.addHook("onSend", (request, reply, payload, done) => { reply.header("X-Bench", "1"); done(null, payload); });
  if (middleware === "cors+etag") await app.register((await import("@fastify/etag")).default);
  app.get("/json", (req, reply) => { reply.send({ message: HELLO }); });
  await app.listen({ port, host: "127.0.0.1" });
}
