// HeaderDefaults on every host: each header only where the response has none of that name, the set's own values shared but never changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../tests/support/every-host.js";
import { ERR_HEADER_NAME, ERR_HEADER_VALUE } from "./header-check.js";
import { HeaderDefaults } from "./header-defaults.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/app/header-defaults.fixture.ts"); });
afterAll(() => hosts.close());

const TEXT = ["content-type", "text/plain; charset=UTF-8"] as [string, string];

describe("HeaderDefaults", () => {
  it("adds the whole set to a response that has no headers, in order on the wire", async () => {
    const expected = { status: 200, headers: [["cache-control", "no-store"], TEXT, ["x-region", "eu"], ["x-served-by", "edge"]], body: Buffer.from("none") };
    expect(await hosts.ask({ path: "/d/none" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
    const { raw } = await hosts.askSocket({ path: "/d/none" });
    const names = raw.headers.map(([name]) => name);
    expect(names.indexOf("x-served-by")).toBeLessThan(names.indexOf("cache-control"));
    expect(names.indexOf("cache-control")).toBeLessThan(names.indexOf("x-region"));
  });

  it("keeps a header the handler set (any case) and adds the rest after the handler's", async () => {
    const expected = {
      status: 200,
      headers: [["cache-control", "max-age=60"], TEXT, ["x-mine", "1"], ["x-region", "eu"], ["x-served-by", "edge"]],
      body: Buffer.from("some"),
    };
    expect(await hosts.ask({ path: "/d/some" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
    const { raw } = await hosts.askSocket({ path: "/d/some" });
    expect(raw.headers.filter(([name]) => name === "cache-control")).toEqual([["cache-control", "max-age=60"]]);
    const names = raw.headers.map(([name]) => name);
    expect(names.indexOf("x-mine")).toBeLessThan(names.indexOf("x-served-by"));
  });

  it("adds the missing ones to a Web Response's headers", async () => {
    const expected = {
      status: 200,
      // The platform's own Content-Type for a string body (no space after ";").
      headers: [["cache-control", "no-store"], ["content-type", "text/plain;charset=UTF-8"], ["x-region", "us"], ["x-served-by", "edge"]],
      body: Buffer.from("web"),
    };
    expect(await hosts.ask({ path: "/d/web" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("lets a later c.header replace a value of the set on that response only", async () => {
    const later = await hosts.ask({ path: "/d/later" });
    for (const shape of Object.values(later)) expect(shape.headers).toContainEqual(["x-region", "ap"]);
    // The shared entries were not changed: the next response gets the set's value again.
    const none = await hosts.ask({ path: "/d/none" });
    for (const shape of Object.values(none)) expect(shape.headers).toContainEqual(["x-region", "eu"]);
  });

  it("refuses a bad name or value when the set is made, not per request", () => {
    expect(() => new HeaderDefaults([["bad name", "x"]])).toThrow(`${ERR_HEADER_NAME}: "bad name"`);
    expect(() => new HeaderDefaults([["X-A", "a\r\nInjected: 1"]])).toThrow(`${ERR_HEADER_VALUE}: X-A`);
  });
});
