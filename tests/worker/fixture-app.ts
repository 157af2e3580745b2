/**
 * A Worker for the Workers-specific tests: env bindings, waitUntil, streamed
 * bodies both ways, slot accounting. Served as `export default app` (the
 * reference Worker uses toWorker), so both default-export shapes run in workerd.
 * Transpiled and loaded by ./miniflare.ts; it imports the built asedge/worker.
 */
import { App, validator, type Context } from "../../worker/index.js";
import { Stat } from "../../host/core/abi.js";

interface Kv {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

export interface FixtureEnv {
  GREETING: string;
  KV: Kv;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pool counters of the core serving this request. */
function slots(c: Context) {
  const stat = c.req.core.exports.stat;
  return { inUse: stat(Stat.IN_USE), capacity: stat(Stat.CAPACITY), highWater: stat(Stat.HIGH_WATER), exhausted: stat(Stat.EXHAUSTED) };
}

/** Chunks "part-0\n" … "part-(n-1)\n", one per timer tick; fails after `failAt` chunks when given. */
function numberedStream(n: number, failAt = -1): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await wait(2);
      if (i === failAt) return controller.error(new Error("fixture: stream failed on purpose"));
      if (i === n) return controller.close();
      controller.enqueue(encoder.encode(`part-${i++}\n`));
    },
  });
}

const app = new App<FixtureEnv>();

app.get("/env", (c) => c.json({ greeting: c.env.GREETING }));
app.get("/wait/:key", (c) => {
  const key = c.req.param("key");
  c.executionCtx.waitUntil(wait(20).then(() => c.env.KV.put(key, "done after the response")));
  return c.text("answered");
});
app.get("/kv/:key", async (c) => c.json({ value: await c.env.KV.get(c.req.param("key")) }));
app.get("/stream/:n", (c) => c.body(numberedStream(Number(c.req.param("n"))), 200, { "content-type": "text/plain" }));
app.get("/broken-stream", (c) => c.body(numberedStream(10, 3), 200, { "content-type": "text/plain" }));
app.post("/body/size", async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) % 65521;
  return c.json({ length: bytes.length, sum });
});
app.post("/body/chunks", async (c) => {
  const reader = c.req.raw.body!.getReader();
  let length = 0;
  let chunks = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    length += next.value.length;
    chunks++;
  }
  return c.json({ length, chunks });
});
app.get("/slow/:id", async (c) => {
  const id = c.req.param("id");
  await wait(5 + (Number(id) % 7));
  return c.json({ id, again: c.req.param("id") });
});
app.get("/reject", async () => {
  await wait(1);
  throw new Error("fixture: async failure");
});
app.get("/slots", (c) => c.json(slots(c)));
app.post("/validated/:id", validator("param", { type: "object", properties: { id: { type: "integer" } } }),
  validator("json", { type: "object", required: ["name"], properties: { name: { type: "string" } } }),
  async (c) => c.json({ param: c.req.valid("param"), json: c.req.valid("json"), text: await c.req.text() }));

export default app;
