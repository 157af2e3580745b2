// The slot pool grows when every slot is busy (requests the app is still
// answering), up to maxSlots, then answers 503; grown slots are reused.
import { describe, expect, it } from "vitest";
import { App, serve, type ServeOptions } from "../../host/index.js";
import { exchange, rawRequest } from "../support/raw-http.js";
import { lineSink } from "../support/logged.js";

/** An app whose /hold answers once `release()` is called; counts requests inside the handler. */
function holdingApp() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let inside = 0;
  const app = new App()
    .get("/hold/:n", async (c) => { inside++; await gate; return c.text(`done ${c.req.param("n")}`); })
    .get("/fast", (c) => c.text("fast"));
  return { app, release: () => release(), inside: () => inside };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

async function hold(options: ServeOptions, count: number) {
  const { app, release, inside } = holdingApp();
  const server = await serve(app, { port: 0, hostname: "127.0.0.1", ...options });
  const answers = Array.from({ length: count }, (_, i) => exchange(server.port, [rawRequest("GET", `/hold/${i}`)], { timeoutMs: 10_000 }));
  return { server, release, inside, answers };
}

describe("slot pool growth", () => {
  it("serves 200 requests in flight at once with the defaults (64 slots laid out at start)", async () => {
    const { server, release, inside, answers } = await hold({}, 200);
    try {
      await until(() => inside() === 200);
      expect(inside()).toBe(200);
      release();
      const done = await Promise.all(answers);
      expect(done.map((e) => e.responses[0]?.body.toString())).toEqual(Array.from({ length: 200 }, (_, i) => `done ${i}`));
    } finally {
      await server.close();
    }
  });

  it("answers 503 past maxSlots, and serves again once slots are free", async () => {
    const { lines: logged, sink } = lineSink();
    const log = { sink };
    const { server, release, inside, answers } = await hold({ slots: 2, maxSlots: 4, log }, 4);
    try {
      await until(() => inside() === 4);
      const busy = await exchange(server.port, [rawRequest("GET", "/fast")], { waitForClose: true });
      expect(busy.responses.map((r) => r.status)).toEqual([503]);
      expect(logged).toEqual(["asedge: no request slot free: answered 503 (1 since the last such line; raise maxSlots or arenaBytes)"]);
      release();
      expect((await Promise.all(answers)).map((e) => e.responses[0]?.status)).toEqual([200, 200, 200, 200]);
      const after = await exchange(server.port, [rawRequest("GET", "/fast")]);
      expect(after.responses[0]?.body.toString()).toBe("fast");
    } finally {
      await server.close();
    }
  });

  it("rejects maxSlots below slots with the pool error", async () => {
    await expect(serve(new App(), { port: 0, slots: 8, maxSlots: 4 })).rejects.toThrow(/invalid pool size/);
  });
});
