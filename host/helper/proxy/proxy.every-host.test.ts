// The fetch transport (./index.ts, what Workers get) on every host: app.request,
// a Node socket and real workerd, each reaching a real upstream on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { startUpstream, type Upstream } from "../../../tests/support/upstream.js";
import { ERR_PROXY_CONNECT, ERR_PROXY_HEADERS_TIMEOUT } from "./index.js";

let upstream: Upstream;
let hosts: EveryHost;
beforeAll(async () => {
  upstream = await startUpstream();
  process.env.PROXY_UPSTREAM = upstream.url;
  hosts = await everyHost("host/helper/proxy/proxy.fixture.ts", { worker: { bindings: { UPSTREAM: upstream.url } } });
});
afterAll(async () => { await hosts.close(); await upstream.close(); });

describe("proxy over fetch, on every host", () => {
  it("forwards the rewritten path, end-to-end headers and the body; every host alike", async () => {
    const answers = await hosts.ask({ method: "POST", path: "/api/users?id=7", body: "hello",
      headers: [["Content-Type", "text/plain"], ["Connection", "X-Drop"], ["X-Drop", "1"], ["X-Keep", "yes"], ["X-Forwarded-For", "10.0.0.1"]] });
    for (const [host, shape] of Object.entries(answers)) {
      expect(shape.status, host).toBe(200);
      const seen = JSON.parse(shape.body.toString());
      expect([seen.method, seen.url, seen.body], host).toEqual(["POST", "/v1/users?id=7", "hello"]);
      const names = (seen.headers as [string, string][]).map(([n]) => n);
      expect(names, host).not.toContain("x-drop");
      expect(seen.headers, host).toContainEqual(["x-keep", "yes"]);
      expect(seen.headers, host).toContainEqual(["x-forwarded-proto", "http"]);
      // workerd (miniflare) sets CF-Connecting-IP, which the fetch transport appends; the others have none.
      expect(seen.headers, host).toContainEqual(["x-forwarded-for", host === "workerd" ? "10.0.0.1, 127.0.0.1" : "10.0.0.1"]);
      expect(shape.headers.filter(([n]) => n === "x-upstream"), host).toEqual([["x-upstream", "1"]]);
    }
  });

  it("strips hop-by-hop and Connection-listed response fields", async () => {
    const answers = await hosts.ask({ path: "/hop" });
    const expected = { status: 200, body: Buffer.from("hop"), headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-end-to-end", "kept"]] };
    for (const [host, shape] of Object.entries(answers)) {
      expect({ ...shape, headers: shape.headers.filter(([n]) => n !== "content-type") }, host).toEqual(expected);
    }
  });

  it("502 on a refused connection, 504 on a head that does not come", async () => {
    const down = await hosts.ask({ path: "/down/x" });
    const stalled = await hosts.ask({ path: "/stall-headers" });
    for (const host of ["fetch", "socket", "workerd"] as const) {
      expect([down[host].status, down[host].body.toString()], host).toEqual([502, `${ERR_PROXY_CONNECT}\n`]);
      expect([stalled[host].status, stalled[host].body.toString()], host).toEqual([504, `${ERR_PROXY_HEADERS_TIMEOUT}\n`]);
    }
  }, 20_000);

  it("streams a 4 MiB response body", async () => {
    const answers = await hosts.ask({ path: "/big?bytes=4194304" });
    for (const [host, shape] of Object.entries(answers)) expect([shape.status, shape.body.length], host).toEqual([200, 4194304]);
  }, 30_000);
});
