// Response-shape rules (host/core/http-rules.ts, assembly/response/rules.ts) on
// both paths of one App: app.request and a real Node socket.
import { describe, expect, it } from "vitest";
import { App } from "../../host/index.js";
import { bothPaths } from "../support/both-paths.js";
import { header } from "../support/raw-http.js";

describe("bodyless statuses (RFC 9110 §15)", () => {
  it.each([204, 304])("%i: no body and no Content-Length on either path", async (status) => {
    const app = new App().get("/s", (c) => c.text("xyz", status));
    const both = await bothPaths(app, { path: "/s" });
    expect(both.fetch).toEqual({ status, headers: [["content-type", "text/plain; charset=UTF-8"]], body: "" });
    expect(both.socket.shape).toEqual(both.fetch);
    expect(header(both.socket.raw, "content-length")).toBeUndefined();
    expect(header(both.socket.raw, "transfer-encoding")).toBeUndefined();
  });

  it("205 Reset Content: no body, and Content-Length: 0 on the socket", async () => {
    const app = new App().get("/s", (c) => c.text("xyz", 205));
    const both = await bothPaths(app, { path: "/s" });
    expect(both.fetch).toEqual({ status: 205, headers: [["content-type", "text/plain; charset=UTF-8"]], body: "" });
    expect(both.socket.shape).toEqual(both.fetch);
    expect(header(both.socket.raw, "content-length")).toBe("0");
  });

  it("205 with a stream body: the stream is not sent", async () => {
    const app = new App().get("/s", (c) => c.body(new Response("xyz").body, 205));
    const both = await bothPaths(app, { path: "/s" });
    expect(both.socket.shape).toEqual({ status: 205, headers: [], body: "" });
    expect(both.fetch).toEqual(both.socket.shape);
    expect(header(both.socket.raw, "content-length")).toBe("0");
    expect(header(both.socket.raw, "transfer-encoding")).toBeUndefined();
  });

  it("HEAD: no body, but the Content-Length the GET would send", async () => {
    const app = new App().get("/t", (c) => c.text("hello"));
    const both = await bothPaths(app, { method: "HEAD", path: "/t" });
    expect(both.fetch).toEqual({ status: 200, headers: [["content-type", "text/plain; charset=UTF-8"]], body: "" });
    expect(both.socket.shape).toEqual(both.fetch);
    expect(header(both.socket.raw, "content-length")).toBe("5");
  });
});

describe("transport headers belong to the writer", () => {
  it("a handler's Connection, Keep-Alive, Transfer-Encoding, Content-Length and Date are dropped on both paths", async () => {
    const app = new App().get("/h", (c) => {
      c.header("Connection", "upgrade");
      c.header("Keep-Alive", "timeout=1");
      c.header("Transfer-Encoding", "gzip");
      c.header("Content-Length", "99");
      c.header("Date", "yesterday");
      c.header("X-Kept", "1");
      return c.text("body");
    });
    const both = await bothPaths(app, { path: "/h" });
    const fetched = await app.request("/h");
    for (const name of ["connection", "keep-alive", "transfer-encoding", "content-length", "date"]) {
      expect(fetched.headers.get(name), `fetch: ${name}`).toBeNull();
    }
    const { raw } = both.socket;
    expect(raw.headers.filter(([name]) => ["connection", "keep-alive", "transfer-encoding"].includes(name))).toEqual([]);
    expect(raw.headers.filter(([name]) => name === "content-length")).toEqual([["content-length", "4"]]);
    expect(raw.headers.filter(([name]) => name === "date").length).toBe(1);
    expect(header(raw, "date")).not.toBe("yesterday");
    expect(both.fetch).toEqual({ status: 200, headers: [["content-type", "text/plain; charset=UTF-8"], ["x-kept", "1"]], body: "body" });
    expect(both.socket.shape).toEqual(both.fetch);
  });
});
