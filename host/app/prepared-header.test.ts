// PreparedHeader on every host: setOn is c.header(name, value) with the checks done once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../tests/support/every-host.js";
import { ERR_HEADER_NAME, ERR_HEADER_VALUE } from "./header-check.js";
import { ERR_PREPARED_TRANSPORT, PreparedHeader } from "./prepared-header.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/app/prepared-header.fixture.ts"); });
afterAll(() => hosts.close());

describe("PreparedHeader", () => {
  it("sets the header on a response that has none", async () => {
    const expected = { status: 200, headers: [["content-type", "text/plain; charset=UTF-8"], ["x-region", "eu"]], body: Buffer.from("none") };
    expect(await hosts.ask({ path: "/p/none" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("replaces every value of that name the route set, whatever its case, and keeps the rest", async () => {
    const expected = {
      status: 200,
      headers: [["content-type", "text/plain; charset=UTF-8"], ["x-mine", "1"], ["x-region", "eu"]],
      body: Buffer.from("replaced"),
    };
    expect(await hosts.ask({ path: "/p/replaced" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
    const { raw } = await hosts.askSocket({ path: "/p/replaced" });
    expect(raw.headers.filter(([name]) => name === "x-region")).toEqual([["x-region", "eu"]]);
  });

  it("sets it on a Web Response's headers", async () => {
    const expected = {
      status: 200,
      headers: [["content-type", "text/plain;charset=UTF-8"], ["x-mine", "1"], ["x-region", "eu"]],
      body: Buffer.from("web"),
    };
    expect(await hosts.ask({ path: "/p/web" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("refuses what c.header() would refuse or drop, when made", () => {
    expect(() => new PreparedHeader("bad name", "x")).toThrow(`${ERR_HEADER_NAME}: "bad name"`);
    expect(() => new PreparedHeader("X-A", "a\nb")).toThrow(`${ERR_HEADER_VALUE}: X-A`);
    expect(() => new PreparedHeader("Connection", "close")).toThrow(`${ERR_PREPARED_TRANSPORT}: Connection`);
  });
});
