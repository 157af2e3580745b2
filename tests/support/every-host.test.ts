// The every-host harness itself: one fixture, the same answers from app.request,
// a Node socket and workerd.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "./every-host.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("tests/support/every-host.fixture.ts"); });
afterAll(() => hosts.close());

describe("everyHost", () => {
  it("asks the fetch path, a Node socket and workerd, and they answer alike", async () => {
    const answers = await hosts.ask({ path: "/hello/w%C3%B6rld" });
    const expected = { status: 200, headers: [["content-type", "text/plain; charset=UTF-8"], ["x-seen", "GET"]], body: Buffer.from("hello wörld") };
    expect(answers).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("carries a body each way", async () => {
    const body = new Uint8Array([0, 1, 2, 255]);
    const answers = await hosts.ask({ method: "POST", path: "/echo", body, headers: [["Content-Type", "application/octet-stream"]] });
    for (const shape of Object.values(answers)) {
      expect(shape).toEqual({ status: 201, headers: [["content-type", "application/octet-stream"], ["x-seen", "POST"]], body: Buffer.from(body) });
    }
  });
});
