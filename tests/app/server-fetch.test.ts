// app.serverFetch, the fetch a server platform calls (Deno.serve): a
// synchronous handler's answer is a Response, not a promise; an
// asynchronous one, a promise; errors answer as on app.fetch; a HEAD keeps
// the GET's body for the platform to frame by and drop. Each answer is
// counted once in the core's metrics, as app.fetch counts it.
import { describe, expect, it } from "vitest";
import { App } from "../../host/index.js";

const request = (path: string, method = "GET") => new Request(`http://localhost${path}`, { method });

function app(): App {
  return new App()
    .get("/sync", (c) => c.text("now"))
    .get("/async", async (c) => { await Promise.resolve(); return c.json({ later: true }); })
    .get("/throws", () => { throw new Error("sync failure"); })
    .get("/rejects", async () => { throw new Error("async failure"); })
    .onError((error, c) => c.text(`handled: ${error.message}`, 500));
}

describe("app.serverFetch", () => {
  it("answers a synchronous handler with a Response, not a promise", async () => {
    const answer = app().serverFetch(request("/sync"));
    expect(answer).toBeInstanceOf(Response);
    expect(await (answer as Response).text()).toBe("now");
  });

  it("answers an asynchronous handler with a promise of the same Response app.fetch gives", async () => {
    const served = app();
    const answer = served.serverFetch(request("/async"));
    expect(answer).toBeInstanceOf(Promise);
    expect(await (await answer).json()).toEqual({ later: true });
    expect(await (await served.fetch(request("/async"))).json()).toEqual({ later: true });
  });

  it("answers a throwing handler through onError: synchronously when it threw synchronously", async () => {
    const served = app();
    const thrown = served.serverFetch(request("/throws"));
    expect(thrown).toBeInstanceOf(Response);
    expect([(thrown as Response).status, await (thrown as Response).text()]).toEqual([500, "handled: sync failure"]);
    const rejected = await served.serverFetch(request("/rejects"));
    expect([rejected.status, await rejected.text()]).toEqual([500, "handled: async failure"]);
  });

  it("keeps the GET's body on a HEAD answer (app.fetch empties it)", async () => {
    const served = app();
    expect(await (await served.serverFetch(request("/sync", "HEAD"))).text()).toBe("now");
    expect(await (await served.fetch(request("/sync", "HEAD"))).text()).toBe("");
  });

  it("counts each answer once under its route, and a not-found one under none", async () => {
    const served = app();
    served.serverFetch(request("/sync"));
    await served.serverFetch(request("/async"));
    served.serverFetch(request("/nope"));
    const routes = Object.fromEntries(served.stats().routes.map((r) => [r.route, r.requests]));
    expect(routes).toEqual({ "/sync": 1, "/async": 1, "(none)": 1 });
  });
});
