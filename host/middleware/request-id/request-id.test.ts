// request-id on every host: a valid incoming id is reused, others replaced.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/request-id/request-id.fixture.ts"); });
afterAll(() => hosts.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestId", () => {
  it("reuses a valid incoming id: c.get, c.var and the response header agree", async () => {
    const answers = await hosts.ask({ path: "/std/id", headers: [["X-Request-Id", "abc-DEF_1="]] });
    for (const shape of Object.values(answers)) {
      expect(shape).toEqual({
        status: 200,
        headers: [["content-type", "application/json"], ["x-request-id", "abc-DEF_1="]],
        body: Buffer.from('{"get":"abc-DEF_1=","var":"abc-DEF_1="}'),
      });
    }
  });

  it.each([["none", undefined], ["invalid characters", "a b;c"], ["too long", "x".repeat(256)], ["empty", ""]])(
    "makes a UUID when the incoming id is %s", async (_, incoming) => {
      const answers = await hosts.ask({ path: "/std/id", headers: incoming === undefined ? [] : [["X-Request-Id", incoming]] });
      for (const [host, shape] of Object.entries(answers)) {
        const id = shape.headers.find(([n]) => n === "x-request-id")?.[1] ?? "";
        expect(id, host).toMatch(UUID);
        expect(JSON.parse(shape.body.toString()), host).toEqual({ get: id, var: id });
      }
    });

  it("takes its header name, length limit and generator from the options", async () => {
    const reused = await hosts.ask({ path: "/own/id", headers: [["Trace-Id", "12345678"]] });
    expect(reused.fetch).toEqual({ status: 200, headers: [["content-type", "text/plain; charset=UTF-8"], ["trace-id", "12345678"]], body: Buffer.from("12345678") });
    const replaced = await hosts.askSocket({ path: "/own/id", headers: [["Trace-Id", "123456789"]] });
    expect(replaced.raw.headers.find(([n]) => n.toLowerCase() === "trace-id")?.[1]).toMatch(/^gen-\d+$/);
  });
});
