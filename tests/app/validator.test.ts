// validator(): schema validation middleware against the real .wasm, through
// app.request (a Web Request copied into an arena: the Workers path) and over
// a real socket (the Node host: the body is validated where it lies in the
// slot). Both must answer the same.
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { App, Core, serve, validator, type Infer, type Server } from "../../host/index.js";
import { instantiateCore } from "../../host/node/core-file.js";
import { NO_SLOT, Stat } from "../../host/core/abi.js";
import { ERR_SCHEMA_INVALID, ERR_SCHEMA_NOT_JSON } from "../../host/app/validator.js";
import { ERR_NOT_VALIDATED } from "../../host/app/request.js";
import { exchange, header, rawRequest } from "../support/raw-http.js";
import { bigJson } from "../conformance/big-json.js";

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

interface Answer {
  status: number;
  type: string | null | undefined;
  body: unknown;
}

async function viaFetch(app: App, method: string, target: string, headers: [string, string][], body?: string): Promise<Answer> {
  // Bytes, not a string: a string body would get Content-Type text/plain from the Request constructor.
  const res = await app.request(target, { method, headers, body: body === undefined ? undefined : new TextEncoder().encode(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}

const listening = new WeakMap<App, Promise<Server>>();

async function viaSocket(app: App, method: string, target: string, headers: [string, string][], body?: string): Promise<Answer> {
  let server = listening.get(app);
  if (!server) {
    server = serve(app, { port: 0, hostname: "127.0.0.1" });
    listening.set(app, server);
    servers.push(await server);
  }
  const { responses } = await exchange((await server).port, [rawRequest(method, target, headers, body)]);
  const res = responses[0];
  const text = res.body.toString("utf8");
  return { status: res.status, type: header(res, "content-type"), body: text ? JSON.parse(text) : null };
}

/** The same request on both paths; both answers must be equal. */
async function ask(app: App, method: string, target: string, headers: [string, string][] = [], body?: string): Promise<Answer> {
  const fetched = await viaFetch(app, method, target, headers, body);
  expect(await viaSocket(app, method, target, headers, body)).toEqual(fetched);
  return fetched;
}

const JSON_HEADERS: [string, string][] = [["content-type", "application/json"]];

const item = {
  type: "object",
  required: ["name", "price"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 20 },
    price: { type: "number", minimum: 0 },
    tags: { type: "array", items: { type: "string", enum: ["new", "sale"] } },
  },
} as const;

describe("validator(\"json\")", () => {
  const app = new App()
    .post("/items", validator("json", item), (c) => {
      const body = c.req.valid<Infer<typeof item>>("json");
      return c.json({ valid: body, text: body.name.length }, 201);
    })
    .post("/again", validator("json", item), async (c) => c.json({ valid: c.req.valid("json"), json: await c.req.json() }));

  it("hands the checked body to the handler", async () => {
    const body = '{"name":"pen","price":1.5,"tags":["new"],"extra":{"kept":true}}';
    expect(await ask(app, "POST", "/items", JSON_HEADERS, body)).toEqual({
      status: 201, type: "application/json", body: { valid: JSON.parse(body), text: 3 },
    });
  });

  it("leaves the body readable by the handler (c.req.json() after validation)", async () => {
    const answer = await ask(app, "POST", "/again", [["content-type", "application/vnd.api+json; charset=utf-8"]], '{"name":"a","price":0}');
    expect(answer.body).toEqual({ valid: { name: "a", price: 0 }, json: { name: "a", price: 0 } });
  });

  it("answers 400 with every issue as {path, message}", async () => {
    expect(await ask(app, "POST", "/items", JSON_HEADERS, '{"name":"","price":-1,"tags":["new","old",3]}')).toEqual({
      status: 400,
      type: "application/json",
      body: {
        error: "validation failed",
        target: "json",
        issues: [
          { path: "/name", message: "length must be >= 1" },
          { path: "/price", message: "must be >= 0" },
          { path: "/tags/1", message: "must be one of the allowed values" },
          { path: "/tags/2", message: "expected string" },
        ],
      },
    });
    expect((await ask(app, "POST", "/items", JSON_HEADERS, "[]")).body).toMatchObject({ issues: [{ path: "", message: "expected object" }] });
    expect((await ask(app, "POST", "/items", JSON_HEADERS, '{"price":"1"}')).body).toMatchObject({
      issues: [{ path: "/price", message: "expected number" }, { path: "/name", message: "is required" }],
    });
  });

  it("answers 400 for text that is not JSON, with the reader's reason and byte offset", async () => {
    expect(await ask(app, "POST", "/items", JSON_HEADERS, '{"name":"x",}')).toEqual({
      status: 400, type: "application/json",
      body: { error: "invalid JSON", target: "json", issues: [{ path: "", message: "trailing comma at byte 12" }] },
    });
    expect((await ask(app, "POST", "/items", JSON_HEADERS, "")).body).toMatchObject({ issues: [{ message: "empty input at byte 0" }] });
  });

  it("answers 415 to a body that says it is not JSON; a body without Content-Type is read as JSON", async () => {
    expect(await ask(app, "POST", "/items", [["content-type", "text/plain"]], '{"name":"a","price":1}')).toEqual({
      status: 415, type: "application/json", body: { error: "expected a JSON body", target: "json", issues: [] },
    });
    expect((await ask(app, "POST", "/items", [], '{"name":"a","price":1}')).status).toBe(201);
  });

  it("answers 413 when the request's arena has no room for the tape, and validates bodies that fit", async () => {
    const big = JSON.stringify({ name: "bulk", price: 1, tags: Array(8000).fill("new") }); // ≈ 56 KB: its tape needs ≈ 100 KB
    expect(await ask(app, "POST", "/items", JSON_HEADERS, big)).toEqual({
      status: 413, type: "application/json", body: { error: "too large to validate", target: "json", issues: [] },
    });
    const fits = JSON.stringify({ name: "bulk", price: 1, tags: Array(1000).fill("sale") });
    expect((await ask(app, "POST", "/items", JSON_HEADERS, fits)).status).toBe(201);
  });
});

describe("validator(\"query\" | \"param\" | \"header\") coerce strings", () => {
  const app = new App()
    .get("/search", validator("query", {
      type: "object", required: ["q"],
      properties: { q: { type: "string" }, page: { type: "integer", minimum: 1 }, exact: { type: "boolean" }, ids: { type: "array", items: { type: "integer" } } },
    }), (c) => c.json(c.req.valid("query")))
    .get("/items/:id/:flag?", validator("param", { type: "object", properties: { id: { type: "integer" }, flag: { type: "boolean" } } }),
      (c) => c.json(c.req.valid("param")))
    .get("/headers", validator("header", { type: "object", required: ["x-token"], properties: { "x-count": { type: "number", maximum: 10 } } }),
      (c) => c.json({ token: c.req.valid<Record<string, unknown>>("header")["x-token"], count: c.req.valid<Record<string, unknown>>("header")["x-count"] }));

  it("query: numbers, booleans and arrays from strings; names the schema does not know stay strings", async () => {
    expect(await ask(app, "GET", "/search?q=pen&page=2&exact=true&ids=7&other=x")).toEqual({
      status: 200, type: "application/json", body: { q: "pen", page: 2, exact: true, ids: [7], other: "x" },
    });
    expect((await ask(app, "GET", "/search?q=a%20b&ids=1&ids=22&tag=x&tag=y")).body).toEqual({ q: "a b", ids: [1, 22], tag: ["x", "y"] });
  });

  it("query: 400 for what does not coerce, and for a repeated name the schema wants once", async () => {
    expect(await ask(app, "GET", "/search?page=0&exact=yes&ids=1&ids=x")).toEqual({
      status: 400, type: "application/json",
      body: {
        error: "validation failed", target: "query",
        issues: [
          { path: "/page", message: "must be >= 1" },
          { path: "/exact", message: "expected boolean" },
          { path: "/ids/1", message: "expected integer" },
          { path: "/q", message: "is required" },
        ],
      },
    });
    expect((await ask(app, "GET", "/search?q=a&q=b")).body).toMatchObject({ issues: [{ path: "/q", message: "expected string" }] });
  });

  it("param: coerced route params", async () => {
    expect((await ask(app, "GET", "/items/42/false")).body).toEqual({ id: 42, flag: false });
    expect((await ask(app, "GET", "/items/42")).body).toEqual({ id: 42 });
    expect(await ask(app, "GET", "/items/4x2")).toMatchObject({ status: 400, body: { target: "param", issues: [{ path: "/id", message: "expected integer" }] } });
  });

  it("header: lower-case names, coerced values", async () => {
    expect((await ask(app, "GET", "/headers", [["X-Token", "t"], ["X-Count", "2.5"]])).body).toEqual({ token: "t", count: 2.5 });
    expect(await ask(app, "GET", "/headers", [["X-Count", "11"]])).toMatchObject({
      status: 400,
      body: { target: "header", issues: [{ path: "/x-count", message: "must be <= 10" }, { path: "/x-token", message: "is required" }] },
    });
  });
});

describe("validator(\"json\") on a body over the arena", () => {
  it("validates in the Node host's large slot (its JSON room); a fetch host's small slot answers 413", async () => {
    const app = new App().post("/records", validator("json", { type: "object", required: ["records"] }), (c) => c.json({ ok: true }));
    const body = bigJson(900 * 1024); // near the 1 MiB limit: the tape needs the JSON room
    expect(await viaSocket(app, "POST", "/records", JSON_HEADERS, body)).toEqual({ status: 200, type: "application/json", body: { ok: true } });
    expect(await viaFetch(app, "POST", "/records", JSON_HEADERS, body))
      .toEqual({ status: 413, type: "application/json", body: { error: "too large to validate", target: "json", issues: [] } });
  });
});

describe("fetch hosts: a slot only for the validation call", () => {
  it("gives the slot back whatever the outcome", async () => {
    const core = new Core(instantiateCore(), { slots: 2 });
    const app = new App().post("/i", validator("json", item), (c) => c.json(c.req.valid("json")));
    app.bind(core);
    const bodies = ['{"name":"a","price":1}', '{"name":1}', "{", JSON.stringify({ name: "x", price: 1, tags: Array(9000).fill("new") })];
    const statuses = [];
    for (const body of bodies) statuses.push((await viaFetch(app, "POST", "/i", JSON_HEADERS, body)).status);
    expect(statuses).toEqual([200, 400, 400, 413]);
    expect(core.exports.stat(Stat.IN_USE)).toBe(0);
  });

  it("answers 503 when no slot is free for the call", async () => {
    const core = new Core(instantiateCore(), { slots: 2 });
    const held: number[] = [];
    const app = new App().post("/i", async (c, next) => {
      for (let slot = core.exports.acquire(); slot !== NO_SLOT; slot = core.exports.acquire()) held.push(slot);
      try {
        await next();
      } finally {
        for (const slot of held.splice(0)) core.exports.release(slot);
      }
    }, validator("json", item), (c) => c.text("unreachable"));
    app.bind(core);
    expect(await viaFetch(app, "POST", "/i", JSON_HEADERS, '{"name":"a","price":1}')).toEqual({
      status: 503, type: "application/json", body: { error: "server busy", target: "json", issues: [] },
    });
    expect(core.exports.stat(Stat.IN_USE)).toBe(0);
  });
});

describe("schemas: compiled once per core, checked at start-up where possible", () => {
  it("compiles a validator's schema once per core that serves it", async () => {
    const exports = instantiateCore();
    let compiles = 0;
    const counting = { ...exports, schemaCompile: (ptr: number, len: number) => (compiles++, exports.schemaCompile(ptr, len)) };
    const app = new App().get("/n/:n", validator("param", { type: "object", properties: { n: { type: "integer" } } }), (c) => c.json(c.req.valid("param")));
    app.bind(new Core(counting));
    for (let n = 0; n < 5; n++) expect(await (await app.request(`/n/${n}`)).json()).toEqual({ n });
    expect(compiles).toBe(1);
    // Another core (the Node server's own) compiles its own copy and answers the same.
    expect((await viaSocket(app, "GET", "/n/7", [])).body).toEqual({ n: 7 });
    expect(compiles).toBe(1);
  });

  it("refuses a schema that is not a JSON object when the validator is made", () => {
    expect(() => validator("json", [] as never)).toThrow(ERR_SCHEMA_NOT_JSON);
    expect(() => validator("json", { type: "object", minimum: 1n } as never)).toThrow(TypeError);
  });

  it("a schema the core cannot compile fails its route with a clear error (500 through onError)", async () => {
    const errors: string[] = [];
    const app = new App().get("/x", validator("query", { type: "strnig" } as never), (c) => c.text("unreachable"))
      .onError((error, c) => { errors.push(error.message); return c.text("schema error", 500); });
    expect((await app.request("/x")).status).toBe(500);
    expect(errors[0]).toContain(ERR_SCHEMA_INVALID);
  });

  it("c.req.valid() without a validator for that target throws", async () => {
    const errors: string[] = [];
    const app = new App().get("/v", validator("query", { type: "object" }), (c) => c.json(c.req.valid("json")))
      .onError((error, c) => { errors.push(error.message); return c.text("no", 500); });
    expect((await app.request("/v")).status).toBe(500);
    expect(errors).toEqual([`${ERR_NOT_VALIDATED}: json`]);
  });

  it("Infer<S> types the validated value", () => {
    type Item = Infer<typeof item>;
    expectTypeOf<Item["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Item["price"]>().toEqualTypeOf<number>();
    expectTypeOf<Item["tags"]>().toEqualTypeOf<("new" | "sale")[] | undefined>();
  });
});
