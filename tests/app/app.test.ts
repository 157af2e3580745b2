// The App API through app.request (the fetch path) and, where the Node host
// writes differently, over a real socket.
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { App, BodyTooLargeError, canonicalJson, serve, type Server } from "../../host/index.js";
import { ERR_ROUTES_FROZEN } from "../../host/app/app.js";
import { ERR_HEADER_NAME, ERR_HEADER_VALUE, ERR_STATUS } from "../../host/app/context.js";
import { ERR_NEXT_TWICE } from "../../host/app/compose.js";
import { ERR_NO_FREE_SLOT } from "../../host/app/json-canonical.js";
import { exchange, header, rawRequest } from "../support/raw-http.js";
import { capturingErrors, loggedMessages } from "../support/logged.js";

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function overSocket(app: App, request: Buffer) {
  const server = await serve(app, { port: 0, hostname: "127.0.0.1" });
  servers.push(server);
  return (await exchange(server.port, [request])).responses[0];
}

describe("routing and composition", () => {
  it("runs middleware and handlers in registration order around next()", async () => {
    const order: string[] = [];
    const app = new App()
      .use(async (c, next) => { order.push("a>"); await next(); order.push("<a"); })
      .use("/x/*", async (c, next) => { order.push("b>"); await next(); order.push("<b"); c.header("X-B", "1"); })
      .get("/x/y", (c) => { order.push("h"); return c.text("y"); });
    const res = await app.request("/x/y");
    expect(await res.text()).toBe("y");
    expect(res.headers.get("x-b")).toBe("1");
    expect(order).toEqual(["a>", "b>", "h", "<b", "<a"]);
  });

  it("gives each handler its own route's params", async () => {
    const seen: Record<string, string>[] = [];
    const app = new App()
      .use("/org/:org/*", async (c, next) => { seen.push(c.req.param()); await next(); })
      .get("/org/:name/repo/:repo", (c) => { seen.push(c.req.param()); return c.text("ok"); });
    await app.request("/org/acme/repo/web");
    expect(seen).toEqual([{ org: "acme" }, { name: "acme", repo: "web" }]);
  });

  it("mounts sub-apps under a prefix, with their own onError", async () => {
    const api = new App().get("/items/:id", (c) => c.text(`item ${c.req.param("id")}`)).get("/boom", () => { throw new Error("sub"); })
      .onError((error, c) => c.text(`sub handled ${error.message}`, 418));
    const app = new App().route("/api", api).get("/", (c) => c.text("root"));
    expect(await (await app.request("/api/items/3")).text()).toBe("item 3");
    const boom = await app.request("/api/boom");
    expect([boom.status, await boom.text()]).toEqual([418, "sub handled sub"]);
    expect(await (await app.request("/")).text()).toBe("root");
  });

  it("on() registers several methods and paths; all() every method", async () => {
    const app = new App().on(["PUT", "PATCH"], ["/a", "/b"], (c) => c.text(c.req.method)).all("/any", (c) => c.text(`any ${c.req.method}`));
    expect(await (await app.request("/b", { method: "PATCH" })).text()).toBe("PATCH");
    expect((await app.request("/a", { method: "GET" })).status).toBe(404);
    expect(await (await app.request("/any", { method: "DELETE" })).text()).toBe("any DELETE");
  });

  it("uses notFound and onError, and answers 500 when onError itself throws", async () => {
    const app = new App().get("/e", () => { throw new Error("x"); })
      .notFound((c) => c.json({ missing: c.req.path }, 404))
      .onError(() => { throw new Error("handler of handlers"); });
    expect(await (await app.request("/nope")).json()).toEqual({ missing: "/nope" });
    const { result: res, logged } = await capturingErrors(() => app.request("/e"));
    expect([res.status, await res.text()]).toEqual([500, "Internal Server Error"]);
    expect(loggedMessages(logged)).toEqual(["asedge: error handler failed: handler of handlers"]);
  });

  it("rejects next() called twice", async () => {
    const app = new App()
      .use(async (c, next) => { await next(); await next(); })
      .get("/", (c) => c.text("x"))
      .onError((error, c) => c.text(error.message, 500));
    expect(await (await app.request("/")).text()).toBe(ERR_NEXT_TWICE);
  });

  it("is served by two servers at once, each from its own core, and by fetch", async () => {
    const app = new App().get("/who/:n", (c) => c.text(`n=${c.req.param("n")}`));
    const [one, two] = await Promise.all([serve(app, { port: 0, hostname: "127.0.0.1" }), serve(app, { port: 0, hostname: "127.0.0.1" })]);
    servers.push(one, two);
    const batch = (n: number) => Buffer.concat(Array.from({ length: 20 }, (_, i) => rawRequest("GET", `/who/${n}-${i}`)));
    const [a, b] = await Promise.all([exchange(one.port, [batch(1)], { expect: 20 }), exchange(two.port, [batch(2)], { expect: 20 })]);
    expect(a.responses.map((r) => r.body.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `n=1-${i}`));
    expect(b.responses.map((r) => r.body.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `n=2-${i}`));
    expect(await (await app.request("/who/3")).text()).toBe("n=3");
  });

  it("refuses routes added after it started serving", async () => {
    const app = new App().get("/", (c) => c.text("x"));
    await app.request("/");
    expect(() => app.get("/late", (c) => c.text("late"))).toThrow(ERR_ROUTES_FROZEN);
  });
});

describe("context", () => {
  it("shares values with set/get and reads query, headers and body lazily", async () => {
    const app = new App()
      .use(async (c, next) => { c.set("user", { id: 7 }); await next(); })
      .post("/q", async (c) => c.json({
        user: c.get<{ id: number }>("user"),
        first: c.req.query("a"),
        all: c.req.queries("a"),
        missing: c.req.query("zz") ?? null,
        header: c.req.header("X-Case"),
        body: await c.req.json(),
      }));
    const res = await app.request("/q?a=1&a=2", { method: "POST", headers: { "x-case": "Mixed" }, body: '{"k":true}' });
    expect(await res.json()).toEqual({ user: { id: 7 }, first: "1", all: ["1", "2"], missing: null, header: "Mixed", body: { k: true } });
  });

  it("sets status and headers, appends, removes, redirects", async () => {
    const app = new App()
      .get("/h", (c) => {
        c.status(201);
        c.header("X-One", "1");
        c.header("Set-Cookie", "a=1", { append: true });
        c.header("Set-Cookie", "b=2", { append: true });
        c.header("X-Gone", "x");
        c.header("X-Gone", undefined);
        return c.text("made");
      })
      .get("/r", (c) => c.redirect("/target", 301));
    const viaFetch = await app.request("/h");
    expect(viaFetch.status).toBe(201);
    expect(viaFetch.headers.get("x-one")).toBe("1");
    expect(viaFetch.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(viaFetch.headers.get("x-gone")).toBeNull();
    const viaSocket = await overSocket(app, rawRequest("GET", "/h"));
    expect(viaSocket.status).toBe(201);
    expect(viaSocket.headers.filter(([n]) => n === "set-cookie").map(([, v]) => v)).toEqual(["a=1", "b=2"]);
    expect(header(viaSocket, "x-gone")).toBeUndefined();
    const redirect = await app.request("/r");
    expect([redirect.status, redirect.headers.get("location")]).toEqual([301, "/target"]);
  });

  it("refuses header names and values that would break the response", async () => {
    const app = new App()
      .get("/name", (c) => { c.header("Bad Name", "x"); return c.text("no"); })
      .get("/value", (c) => { c.header("X-Injected", "a\r\nSet-Cookie: evil=1"); return c.text("no"); })
      .onError((error, c) => c.text(error.message, 500));
    expect(await (await app.request("/name")).text()).toContain(ERR_HEADER_NAME);
    const viaSocket = await overSocket(app, rawRequest("GET", "/value"));
    expect(viaSocket.status).toBe(500);
    expect(viaSocket.body.toString()).toContain(ERR_HEADER_VALUE);
    expect(header(viaSocket, "set-cookie")).toBeUndefined();
  });

  it("lets a handler's Content-Type win and drops headers the writer owns", async () => {
    const app = new App().get("/t", (c) => c.text("x", 200, { "Content-Type": "text/csv", "Content-Length": "999", Connection: "upgrade" }));
    const response = await overSocket(app, rawRequest("GET", "/t"));
    expect(header(response, "content-type")).toBe("text/csv");
    expect(header(response, "content-length")).toBe("1");
    expect(response.headers.filter(([n]) => n === "content-type")).toHaveLength(1);
    expect(header(response, "connection")).toBeUndefined();
  });

  it("accepts a Web Response from a handler, and c.res replacement", async () => {
    const app = new App()
      .get("/web", () => new Response("from web", { status: 202, headers: { "x-web": "1" } }))
      .use("/wrapped", async (c, next) => { await next(); c.res = new Response(`wrapped ${c.res.status}`); })
      .get("/wrapped", (c) => c.text("inner", 203));
    for (const answer of [await app.request("/web"), await overSocket(app, rawRequest("GET", "/web"))]) {
      const body = answer instanceof Response ? await answer.text() : answer.body.toString();
      expect([answer.status, body]).toEqual([202, "from web"]);
    }
    expect(await (await app.request("/wrapped")).text()).toBe("wrapped 203");
  });

  it("keeps params readable after the handler returned on fetch hosts (they were copied out of WASM memory)", async () => {
    const app = new App().get("/late/:id", (c) => c.body(new ReadableStream({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(c.req.param("id")));
        controller.close();
      },
    }, { highWaterMark: 0 }))); // pulled only when the body is read, after the handler returned
    const [one, two] = await Promise.all([app.request("/late/one"), app.request("/late/two%20x")]);
    expect([await one.text(), await two.text()]).toEqual(["one", "two x"]);
  });

  it("sends pre-serialized JSON with c.jsonBytes as application/json", async () => {
    const app = new App().get("/j", (c) => c.jsonBytes(new TextEncoder().encode('{"a":1}'), 201));
    const viaFetch = await app.request("/j");
    expect([viaFetch.status, viaFetch.headers.get("content-type"), await viaFetch.text()]).toEqual([201, "application/json", '{"a":1}']);
    const viaSocket = await overSocket(app, rawRequest("GET", "/j"));
    expect([viaSocket.status, header(viaSocket, "content-type"), viaSocket.body.toString()]).toEqual([201, "application/json", '{"a":1}']);
  });

  it("reads query names that are Object.prototype keys as plain names", async () => {
    const app = new App().get("/q", (c) => c.json({
      first: c.req.query(), all: c.req.queries(), proto: c.req.query("__proto__"), absent: c.req.query("toString") ?? null,
    }));
    const want = { first: { ["__proto__"]: "1", constructor: "2" }, all: { ["__proto__"]: ["1"], constructor: ["2"] }, proto: "1", absent: null };
    expect(await (await app.request("/q?__proto__=1&constructor=2")).json()).toEqual(want);
    expect(JSON.parse((await overSocket(app, rawRequest("GET", "/q?__proto__=1&constructor=2"))).body.toString())).toEqual(want);
  });

  it("decodes params and keeps undecodable escapes as written", async () => {
    const app = new App().get("/p/:v", (c) => c.text(c.req.param("v")));
    expect(await (await app.request("/p/%E2%9C%93")).text()).toBe("✓");
    expect(await (await app.request("/p/100%25")).text()).toBe("100%");
    expect(await (await app.request("/p/%FFok")).text()).toBe("%FFok");
  });
});

describe("status codes", () => {
  const app = new App()
    .get("/status/:code", (c) => { c.status(Number(c.req.param("code"))); return c.text("set"); })
    .get("/text/:code", (c) => c.text("sent", Number(c.req.param("code"))))
    .get("/redirect/:code", (c) => c.redirect("/elsewhere", Number(c.req.param("code"))))
    .onError((error, c) => c.text(`${error.name}: ${error.message}`, 500));

  it.each(["999", "600", "99", "101", "199", "200.5", "NaN"])("refuses %s with a RangeError that onError answers (fetch)", async (code) => {
    for (const route of ["status", "text", "redirect"]) {
      const response = await app.request(`/${route}/${code}`);
      expect(response.status, route).toBe(500);
      expect(await response.text(), route).toBe(`RangeError: ${ERR_STATUS}: ${Number(code)}`);
      expect(response.headers.has("location"), route).toBe(false);
    }
  });

  it("answers a refused status with onError's 500 on the Node host, not a closed socket or a fake 1xx", async () => {
    for (const code of ["999", "101", "600"]) {
      const response = await overSocket(app, rawRequest("GET", `/text/${code}`));
      expect([response.status, response.body.toString()], code).toEqual([500, `RangeError: ${ERR_STATUS}: ${code}`]);
    }
    const accepted = await overSocket(app, rawRequest("GET", "/status/599"));
    expect([accepted.status, accepted.body.toString()]).toEqual([599, "set"]);
  });

  it("accepts 200 to 599 and answers without a body where the status has none", async () => {
    for (const [code, body] of [["200", "sent"], ["204", ""], ["304", ""], ["599", "sent"]]) {
      const response = await app.request(`/text/${code}`);
      expect([response.status, await response.text()], code).toEqual([Number(code), body]);
    }
  });

  it("the Node host answers 500 and closes when a response cannot be written, instead of closing silently", async () => {
    const broken = new App()
      .get("/field", (c) => { c.statusCode = 999; return c.text("bypassed c.status"); }) // no check on a raw field write
      .get("/huge-header", (c) => { c.header("X-Big", "a".repeat(100 * 1024)); return c.text("too big for the arena"); });
    const server = await serve(broken, { port: 0, hostname: "127.0.0.1" });
    servers.push(server);
    const cannotWrite = "asedge: the response could not be written; answered 500 and closing the connection";
    for (const path of ["/field", "/huge-header"]) {
      const { result: { responses, closed }, logged } = await capturingErrors(() => exchange(server.port, [rawRequest("GET", path)], { waitForClose: true }));
      expect(responses.map((r) => [r.status, r.body.toString(), header(r, "connection")]), path).toEqual([[500, "Internal Server Error", "close"]]);
      expect(closed, path).toBe(true);
      expect(loggedMessages(logged), path).toEqual([cannotWrite]);
    }
    const { result: head, logged } = await capturingErrors(() => exchange(server.port, [rawRequest("HEAD", "/huge-header")], { waitForClose: true, headRequests: new Set([0]) }));
    expect(loggedMessages(logged)).toEqual([cannotWrite]);
    expect(head.responses.map((r) => r.status)).toEqual([500]);
    expect(head.raw.toString("latin1").endsWith("\r\n\r\n"), "no body after a HEAD answer").toBe(true);
  });
});

describe("request bodies on fetch hosts", () => {
  const limit = 1024 * 1024;
  const app = new App()
    .post("/size", async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)))
    .post("/twice", async (c) => c.json({ json: await c.req.json(), text: await c.req.text() }));
  const post = (path: string, body: BodyInit, init: RequestInit = {}) => app.request(path, { method: "POST", body, ...init });
  const chunks = (count: number, bytes: number) => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === count) controller.close();
        else controller.enqueue(new Uint8Array(bytes));
      },
    });
  };

  it("enforce maxBodyBytes like the Node host: up to 1 MiB passes, more is 413 with the same answer", async () => {
    expect(await (await post("/size", new Uint8Array(limit))).text()).toBe(String(limit));
    const viaFetch = await post("/size", new Uint8Array(limit + 1));
    const viaSocket = await overSocket(app, rawRequest("POST", "/size", [], Buffer.alloc(limit + 1)));
    expect([viaFetch.status, await viaFetch.text()]).toEqual([413, "body too large"]);
    expect([viaSocket.status, viaSocket.body.toString()]).toEqual([413, "body too large"]);
  });

  it("count a streamed body without Content-Length as it arrives", async () => {
    expect(await (await post("/size", chunks(16, 64 * 1024), { duplex: "half" } as RequestInit)).text()).toBe(String(limit));
    const over = await post("/size", chunks(17, 64 * 1024), { duplex: "half" } as RequestInit);
    expect([over.status, await over.text()]).toEqual([413, "body too large"]);
  });

  it("refuse a declared Content-Length over the limit before reading", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull(controller) { pulled++; controller.enqueue(new Uint8Array(1)); } });
    const request = new Request("http://localhost/size", { method: "POST", body, headers: { "content-length": String(limit + 1) }, duplex: "half" } as RequestInit);
    const response = await app.fetch(request);
    expect([response.status, await response.text()]).toEqual([413, "body too large"]);
    expect(pulled).toBeLessThanOrEqual(1); // at most the stream's own start-up pull
  });

  it("hand a custom onError a BodyTooLargeError", async () => {
    const custom = new App().post("/size", async (c) => c.text(await c.req.text()))
      .onError((error, c) => c.json({ tooLarge: error instanceof BodyTooLargeError, status: (error as BodyTooLargeError).status }, 400));
    expect(await (await custom.request("/size", { method: "POST", body: "x".repeat(limit + 1) })).json()).toEqual({ tooLarge: true, status: 413 });
  });

  it("read the body once and keep it for later reads", async () => {
    expect(await (await post("/twice", '{"a":1}')).json()).toEqual({ json: { a: 1 }, text: '{"a":1}' });
  });
});

describe("the fetch path and arena slots", () => {
  it("holds a slot only while routing: 300 concurrent requests awaiting timers all succeed", async () => {
    const app = new App().get("/slow/:id", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return c.text(c.req.param("id"));
    });
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    const answers = await Promise.all(ids.map(async (id) => {
      const response = await app.request(`/slow/${id}`);
      return `${response.status} ${await response.text()}`;
    }));
    expect(answers).toEqual(ids.map((id) => `200 ${id}`));
  });

  it("answers 503 when the core it shares with a Node server has no free slot; canonicalJson says so too", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    let release!: () => void;
    const holding = new Promise<void>((resolve) => { release = resolve; });
    let routed!: () => void;
    const inHandler = new Promise<void>((resolve) => { routed = resolve; });
    const app = new App()
      .get("/hold", async (c) => { await holding; return c.text("held"); })
      .get("/probe", (c) => c.text("routed"))
      .post("/canonical", async (c) => {
        routed();
        await gate;
        const result = await canonicalJson(c.req);
        return result.ok ? c.jsonBytes(result.json) : c.json(result, 400);
      })
      .onError((error, c) => c.text(error.message, 500));
    const server = await serve(app, { port: 0, hostname: "127.0.0.1", slots: 1, maxSlots: 1 });
    servers.push(server);
    const canonical = app.request("/canonical", { method: "POST", body: "[1]" }); // routed, then waits holding no slot
    await inHandler;
    const holder = exchange(server.port, [rawRequest("GET", "/hold")]); // takes the only slot
    let busy = 200;
    for (let i = 0; i < 100 && busy !== 503; i++) {
      busy = (await app.request("/probe")).status;
      if (busy !== 503) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(busy).toBe(503);
    open();
    const answer = await canonical;
    expect([answer.status, await answer.text()]).toEqual([500, ERR_NO_FREE_SLOT]);
    release();
    expect((await holder).responses[0].body.toString()).toBe("held");
    expect(await (await app.request("/canonical", { method: "POST", body: "[1, 2]" })).text()).toBe("[1,2]");
  });
});

describe("types", () => {
  it("checks param names against the path at compile time (npm run typecheck)", async () => {
    const app = new App().get("/users/:id/posts/:post{[0-9]+}/:tab?", (c) => {
      const joined: string = c.req.param("id") + c.req.param("post") + (c.req.param("tab") ?? "-");
      // @ts-expect-error "nope" is not a param of this path
      const unknown = c.req.param("nope");
      return c.text(`${joined} ${unknown}`);
    });
    expect(await (await app.request("/users/u1/posts/42/files")).text()).toBe("u142files undefined");
    expect(await (await app.request("/users/u1/posts/42")).text()).toBe("u142- undefined");
  });

  it("types an optional param as string | undefined and a required one as string (npm run typecheck)", async () => {
    const app = new App().get("/teams/:team/members/:member?", (c) => {
      expectTypeOf(c.req.param("team")).toEqualTypeOf<string>();
      expectTypeOf(c.req.param("member")).toEqualTypeOf<string | undefined>();
      // @ts-expect-error an optional param may be absent: not assignable to string
      const member: string = c.req.param("member");
      return c.text(`${c.req.param("team")}:${member ?? "-"}`);
    });
    new App().get("/files/:name{[a-z]+\\.txt}?", (c) => {
      expectTypeOf(c.req.param("name")).toEqualTypeOf<string | undefined>();
      return c.text("typed");
    });
    expect(await (await app.request("/teams/red/members")).text()).toBe("red:-");
    expect(await (await app.request("/teams/red/members/ann")).text()).toBe("red:ann");
  });
});
