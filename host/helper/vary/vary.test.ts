// mergeVary: field names added once (case-insensitive), "*" left alone.
import { describe, expect, it } from "vitest";
import { App } from "../../index.js";
import { mergeVary, vary } from "./index.js";

describe("mergeVary", () => {
  it.each([
    [undefined, ["Origin"], "Origin"],
    ["", ["Origin"], "Origin"],
    [undefined, ["Origin", "origin", "Accept"], "Origin, Accept"],
    ["Accept-Encoding", ["Origin"], "Accept-Encoding, Origin"],
    ["Accept-Encoding, origin", ["Origin"], "Accept-Encoding, origin"],
    ["accept-encoding,Origin", ["Origin", "Accept-Encoding"], "accept-encoding,Origin"],
    ["Accept", ["Origin", "Accept-Encoding"], "Accept, Origin, Accept-Encoding"],
    ["*", ["Origin"], "*"],
    ["Accept, *", ["Origin"], "Accept, *"],
    ["Accept", ["*"], "*"],
  ] as const)("%j + %j → %j", (existing, fields, expected) => {
    expect(mergeVary(existing, ...fields)).toBe(expected);
  });
});

describe("vary(c, …)", () => {
  it("merges into the record and into c.res alike", async () => {
    const app = new App()
      .use(async (c, next) => { await next(); vary(c, "Origin"); vary(c, "origin", "Accept-Language"); })
      .get("/record", (c) => c.text("r", 200, { Vary: "Accept-Encoding" }))
      .get("/res", (c) => new Response("r", { headers: { Vary: "Accept-Encoding" } }));
    expect((await app.request("/record")).headers.get("vary")).toBe("Accept-Encoding, Origin, Accept-Language");
    expect((await app.request("/res")).headers.get("vary")).toBe("Accept-Encoding, Origin, Accept-Language");
  });
});
