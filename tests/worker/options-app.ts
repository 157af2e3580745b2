/**
 * A Worker whose core is configured through toWorker's options: one arena
 * slot and 1 KiB request bodies. Transpiled and loaded by ./miniflare.ts.
 */
import { App, toWorker } from "../../worker/index.js";
import { Stat } from "../../host/core/abi.js";

const app = new App()
  .post("/body", async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)))
  .get("/wait/:id", async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return c.text(c.req.param("id"));
  })
  .get("/slots", (c) => {
    const stat = c.req.core.exports.stat;
    return c.json({ capacity: stat(Stat.CAPACITY), highWater: stat(Stat.HIGH_WATER), exhausted: stat(Stat.EXHAUSTED) });
  });

export default toWorker(app, { core: { slots: 1, maxBodyBytes: 1024 } });
