// The proxy over undici (./node.ts) through app.request and a real Node socket,
// to a real upstream on 127.0.0.1 (tests/support/upstream.ts).
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App } from "../../app/app.js";
import { serve, type Server } from "../../index.js";
import { HOP_BY_HOP_HEADERS, TRANSPORT_HEADERS, connectionListed } from "../../core/http-rules.js";
import { exchange, rawRequest } from "../../../tests/support/raw-http.js";
import { capturingErrors, loggedMessages } from "../../../tests/support/logged.js";
import { pattern, startUpstream, type Upstream } from "../../../tests/support/upstream.js";
import { routes } from "./proxy.fixture.js";
import { ERR_PROXY_CONNECT, ERR_PROXY_HEADERS_TIMEOUT, ERR_PROXY_RESET, joinUrl, proxy, proxyApp, proxyRequest, stripPrefix } from "./node.js";

let upstream: Upstream;
let app: App;
let server: Server;

beforeAll(async () => {
  upstream = await startUpstream();
  app = routes(new App(), { proxy, proxyRequest }, () => upstream.url);
  server = await serve(app, { port: 0, hostname: "127.0.0.1" });
});
afterAll(async () => { await server.close(); await upstream.close(); });

/** A request over a real socket with node:http (for bodies too large for raw-http's re-parsing). */
function download(port: number, path: string, method = "GET", body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function socket(method: string, path: string, headers: [string, string][] = [], body?: string | Buffer) {
  const { responses } = await exchange(server.port, [rawRequest(method, path, headers, body)], { timeoutMs: 10_000 });
  return responses[0];
}

describe("hop-by-hop list (host/core/http-rules.ts)", () => {
  it("is RFC 9110's, and holds every transport header but Content-Length and Date", () => {
    expect([...HOP_BY_HOP_HEADERS].sort()).toEqual(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "transfer-encoding", "upgrade"]);
    expect([...TRANSPORT_HEADERS].filter((n) => !HOP_BY_HOP_HEADERS.has(n)).sort()).toEqual(["content-length", "date"]);
  });
  it.each([
    [undefined, []], ["", []], ["close", ["close"]], [" Keep-Alive , X-A,,x-b ", ["keep-alive", "x-a", "x-b"]],
  ] as [string | undefined, string[]][])("connectionListed(%j) = %j", (value, names) => {
    expect(connectionListed(value)).toEqual(names);
  });
});

describe("prefix and URL joining", () => {
  it.each([
    ["/api/users?x=1", "/api", "/users?x=1"], ["/api", "/api", "/"], ["/api?x=1", "/api", "/?x=1"],
    ["/apix/y", "/api", "/apix/y"], ["/other", "/api", "/other"], ["/api/", "/api/", "/"], ["/a", undefined, "/a"],
  ] as [string, string | undefined, string][])("stripPrefix(%j, %j) = %j", (path, prefix, out) => {
    expect(stripPrefix(path, prefix)).toBe(out);
  });
  it.each([
    ["http://u:1/v1", "/users?x=1", "http://u:1/v1/users?x=1"], ["http://u:1/", "/users", "http://u:1/users"],
    ["http://u:1/v1/", "/", "http://u:1/v1/"], ["http://u:1", "", "http://u:1/"], ["http://u:1/v1?k=2", "/a?x=1", "http://u:1/v1/a?x=1&k=2"],
  ])("joinUrl(%j, %j) = %j", (base, rest, out) => {
    expect(joinUrl(new URL(base), rest).href).toBe(out);
  });
});

describe("proxy over undici, app.request and a Node socket", () => {
  it("forwards method, rewritten path, end-to-end headers, X-Forwarded-* and the body", async () => {
    const headers: [string, string][] = [["X-Forwarded-For", "10.0.0.1"], ["Connection", "keep-alive, X-Drop"], ["X-Drop", "1"],
      ["TE", "trailers"], ["Proxy-Authorization", "Basic x"], ["X-Keep", "yes"], ["Content-Type", "text/plain"]];
    const raw = await socket("POST", "/api/users?id=7", headers, "hello");
    expect(raw.status).toBe(200);
    const seen = JSON.parse(raw.body.toString());
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/v1/users?id=7");
    expect(seen.body).toBe("hello");
    const names = (seen.headers as [string, string][]).filter(([n]) => n !== "connection" && n !== "content-length");
    expect(names).toEqual([
      ["host", `127.0.0.1:${upstream.port}`], ["x-keep", "yes"], ["content-type", "text/plain"],
      ["x-forwarded-for", "10.0.0.1, 127.0.0.1"], ["x-forwarded-proto", "http"], ["x-forwarded-host", "localhost"],
    ]);
    expect(seen.headers).toContainEqual(["content-length", "5"]);
  });

  it("app.request: no peer address, so X-Forwarded-For is the client's only", async () => {
    const res = await app.request("/api/x", { headers: { "x-forwarded-for": "10.0.0.1", host: "a.example" } });
    const seen = await res.json() as { url: string; headers: [string, string][] };
    expect(seen.url).toBe("/v1/x");
    expect(seen.headers.filter(([n]) => n.startsWith("x-forwarded"))).toEqual([
      ["x-forwarded-for", "10.0.0.1"], ["x-forwarded-proto", "http"], ["x-forwarded-host", "a.example"],
    ]);
  });

  it("xForwarded: false sends none; preserveHost keeps the client's Host", async () => {
    const plain = JSON.parse((await socket("GET", "/plain/q", [["X-Forwarded-For", "1.2.3.4"]])).body.toString());
    expect(plain.url).toBe("/q");
    expect((plain.headers as [string, string][]).filter(([n]) => n.startsWith("x-forwarded"))).toEqual([["x-forwarded-for", "1.2.3.4"]]);
    const kept = JSON.parse((await socket("GET", "/host/q")).body.toString());
    expect((kept.headers as [string, string][]).filter(([n]) => n === "host" || n.startsWith("x-forwarded"))).toEqual([["host", "localhost"], ["x-forwarded-host", "localhost"]]);
  });

  it("strips hop-by-hop and Connection-listed response fields, keeps repeated Set-Cookie", async () => {
    const raw = await socket("GET", "/hop");
    expect(raw.status).toBe(200);
    const names = raw.headers.map(([n]) => n);
    for (const gone of ["x-secret-hop", "keep-alive", "proxy-authenticate"]) expect(names).not.toContain(gone);
    expect(raw.headers.filter(([n]) => n === "set-cookie" || n === "x-end-to-end")).toEqual([["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x-end-to-end", "kept"]]);
    expect(raw.body.toString()).toBe("hop");
  });

  it("the helper form records on c and lets the handler add headers", async () => {
    const res = await app.request("/helper/42");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-helper")).toBe("1");
    expect((await res.json() as { url: string }).url).toBe("/users/42?via=helper");
  });

  it("passes the upstream's status; a 204 has no body", async () => {
    expect((await socket("GET", "/status/404")).status).toBe(404);
    const res = await app.request("/status/204");
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("streams a 20 MiB request body through app.request (a stream both ways)", async () => {
    const body = pattern(20 * 1024 * 1024);
    const res = await app.request("/stream/up", { method: "POST", body: new Blob([new Uint8Array(body)]).stream(), duplex: "half" } as RequestInit);
    const back = Buffer.from(await res.arrayBuffer());
    expect(back.length).toBe(body.length);
    expect(back.equals(body)).toBe(true);
  }, 30_000);

  it("streams a 64 MiB response body over the socket", async () => {
    const { status, body } = await download(server.port, "/big?bytes=67108864");
    expect(status).toBe(200);
    expect(body.length).toBe(67108864);
    expect(body.equals(pattern(67108864))).toBe(true);
  }, 30_000);

  it("carries a request body as large as the Node host holds (1 MiB) over the socket", async () => {
    const body = pattern(1024 * 1024 - 1);
    const { status, body: back } = await download(server.port, "/stream/up", "POST", body);
    expect(status).toBe(200);
    expect(back.equals(body)).toBe(true);
  });

  it("502 when the upstream refuses the connection", async () => {
    const raw = await socket("GET", "/down/x");
    expect([raw.status, raw.body.toString()]).toEqual([502, `${ERR_PROXY_CONNECT}\n`]);
  });

  it("504 when the head does not come within timeouts.headers", async () => {
    const t0 = performance.now();
    const raw = await socket("GET", "/stall-headers");
    expect([raw.status, raw.body.toString()]).toEqual([504, `${ERR_PROXY_HEADERS_TIMEOUT}\n`]);
    expect(performance.now() - t0).toBeGreaterThan(250);
  });

  it("a slow answer within the timeout arrives", async () => {
    const raw = await socket("GET", "/slow?ms=100");
    expect(raw.status).toBe(200);
  });

  it("a body that stalls after the head ends the client's response unfinished", async () => {
    const { result, logged } = await capturingErrors(() =>
      exchange(server.port, [rawRequest("GET", "/stall-body")], { timeoutMs: 3000, waitForClose: true }));
    const { responses, closed, raw } = result;
    expect(loggedMessages(logged)).toEqual(["asedge: response stream failed: asedge proxy: the upstream's body stalled"]);
    expect(responses).toEqual([]); // no complete chunked message
    expect(closed).toBe(true);
    expect(raw.toString()).toContain("first");
  });

  it("retries an idempotent request once on a reset; not a POST, not with retry: false", async () => {
    const get = await socket("GET", "/reset-once?key=g");
    expect(get.status).toBe(200);
    const post = await socket("POST", "/reset-once?key=p", [], "x");
    expect([post.status, post.body.toString()]).toEqual([502, `${ERR_PROXY_RESET}\n`]);
    const off = await socket("GET", "/noretry/reset-once?key=n");
    expect(off.status).toBe(502);
    const always = await socket("GET", "/reset");
    expect(always.status).toBe(502);
  });

  it("keeps upstream connections alive between requests", async () => {
    const sockets = new Set<unknown>();
    const onConnection = (s: unknown) => sockets.add(s);
    upstream.server.on("connection", onConnection);
    const own = proxyApp(upstream.url);
    for (let i = 0; i < 10; i++) {
      const res = await own.request("/k");
      expect(res.status).toBe(200);
      await res.text(); // a body left unread keeps its connection busy
    }
    upstream.server.off("connection", onConnection);
    // The stream ends a moment before undici puts the socket back, so a request sent at once may open a second one.
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it("the dispatch hook sees each exchange and may answer without sending", async () => {
    const seen: string[] = [];
    const own = new App().all("/*", proxy(upstream.url, {
      dispatch: async ({ request }, send) => {
        seen.push(`${request.method} ${request.url.pathname}`);
        if (request.url.pathname === "/canned") return { status: 201, headers: [["x-canned", "1"]], body: null };
        return send(request);
      },
    }));
    const canned = await own.request("/canned");
    expect([canned.status, canned.headers.get("x-canned")]).toEqual([201, "1"]);
    expect((await own.request("/real")).status).toBe(200);
    expect(seen).toEqual(["GET /canned", "GET /real"]);
  });
});
