// timeout on every host: 504 after the deadline; the late answer (or failure) goes nowhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { ERR_TIMEOUT_MS, timeout } from "./index.js";
import { capturingErrors, loggedMessages } from "../../../tests/support/logged.js";
import { ERR_REQUEST_RELEASED } from "../../slot/request.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/timeout/timeout.fixture.ts"); });
afterAll(() => hosts.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TEXT: [string, string] = ["content-type", "text/plain; charset=UTF-8"];

describe("timeout", () => {
  // What the default onError logs of the late end on the Node hosts (the answer went out as 504 already).
  const LATE_LOGS: Record<string, string | undefined> = {
    "/slow/answer": undefined,
    "/slow/throw": "late failure",
    "/slow/req": ERR_REQUEST_RELEASED,
  };

  it.each(Object.keys(LATE_LOGS))("%s: 504 after the deadline, the route's headers dropped, the outer ones kept", async (path) => {
    const { logged } = await capturingErrors(async () => {
      const started = performance.now();
      const answers = await hosts.ask({ path });
      expect(performance.now() - started).toBeLessThan(140);
      const expected = { status: 504, headers: [TEXT, ["x-outer", "kept"]], body: Buffer.from("Gateway Timeout") };
      expect(answers).toEqual({ fetch: expected, socket: expected, workerd: expected });
      await sleep(150); // the late ends run here: a stray rejection would fail this test file
    });
    const late = LATE_LOGS[path];
    const messages = loggedMessages(logged);
    if (late === undefined) expect(messages).toEqual([]);
    else {
      expect(messages.length).toBeGreaterThanOrEqual(1);
      expect(new Set(messages)).toEqual(new Set([late]));
    }
  });

  it("lets a route in time answer", async () => {
    const expected = { status: 200, headers: [TEXT, ["x-outer", "kept"]], body: Buffer.from("in time") };
    expect(await hosts.ask({ path: "/slow/fast" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("records onTimeout's answer", async () => {
    const expected = { status: 503, headers: [["content-type", "application/json"], ["x-outer", "kept"]], body: Buffer.from('{"error":"too slow"}') };
    expect(await hosts.ask({ path: "/custom/answer" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("keeps serving after a timed-out request", async () => {
    await hosts.ask({ path: "/slow/answer" });
    await sleep(150);
    expect((await hosts.ask({ path: "/slow/fast" })).socket.status).toBe(200);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s ms at registration", (ms) => {
    expect(() => timeout(ms)).toThrow(`${ERR_TIMEOUT_MS}: ${ms}`);
  });
});
