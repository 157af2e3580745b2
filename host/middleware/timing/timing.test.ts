// timing on every host: Server-Timing with the total and the route's marks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/timing/timing.fixture.ts"); });
afterAll(() => hosts.close());

const METRICS = /^edge;dur=1, db;dur=(\d+\.\d);desc="a \\"query\\"", cache;desc="miss", region;dur=1\.25, open;dur=\d+\.\d, total;dur=(\d+\.\d);desc="Total Response Time"$/;

describe("timing", () => {
  it("sends the marks and the total after a header the handler set", async () => {
    const answers = await hosts.ask({ path: "/t/work" });
    for (const [host, shape] of Object.entries(answers)) {
      const headers = Object.fromEntries(shape.headers);
      expect(Object.keys(headers), host).toEqual(["content-type", "server-timing", "timing-allow-origin"]);
      expect(headers["timing-allow-origin"], host).toBe("https://a.example");
      const match = METRICS.exec(headers["server-timing"]);
      expect(match, `${host}: ${headers["server-timing"]}`).not.toBeNull();
      // The 30 ms wait is I/O, so the clock moves on Workers too.
      expect(Number(match![1]), host).toBeGreaterThanOrEqual(25);
      expect(Number(match![2]), host).toBeGreaterThanOrEqual(Number(match![1]));
    }
  });

  it("sends nothing when disabled", async () => {
    const answers = await hosts.ask({ path: "/off/work" });
    for (const shape of Object.values(answers)) expect(shape.headers).toEqual([["content-type", "text/plain; charset=UTF-8"]]);
  });
});
