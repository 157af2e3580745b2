// Every exported ERR_* constant of host/ and worker/, each with a test that
// triggers it and checks the exact message. The list of constants is derived
// from the modules (and the modules from the sources), so a new ERR_ without a
// trigger here fails, and so does a trigger for a constant that is gone.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as app from "../../host/app/app.js";
import * as compose from "../../host/app/compose.js";
import * as context from "../../host/app/context.js";
import * as headerCheck from "../../host/app/header-check.js";
import * as headerDefaults from "../../host/app/header-defaults.js";
import * as preparedHeader from "../../host/app/prepared-header.js";
import * as fetchMatch from "../../host/app/fetch-match.js";
import * as jsonCanonical from "../../host/app/json-canonical.js";
import * as params from "../../host/app/params.js";
import * as registry from "../../host/core/registry.js";
import * as request from "../../host/app/request.js";
import * as slotRequest from "../../host/slot/request.js";
import * as loggerModule from "../../host/middleware/logger/index.js";
import * as routes from "../../host/app/routes.js";
import * as validatorModule from "../../host/app/validator.js";
import * as core from "../../host/core/core.js";
import * as wasmAppExports from "../../host/wasm-app/exports.js";
import * as form from "../../host/app/form.js";
import * as cookie from "../../host/helper/cookie/cookie.js";
import * as cookieSigned from "../../host/helper/cookie/signed.js";
import * as sse from "../../host/helper/streaming/sse.js";
import * as missingHono from "../../host/hono/missing-hono.js";
import * as compressModule from "../../host/middleware/compress/index.js";
import * as corsModule from "../../host/middleware/cors/index.js";
import * as timeoutModule from "../../host/middleware/timeout/index.js";
import * as bodyLimitModule from "../../host/middleware/body-limit/index.js";
import * as serveStaticWorker from "../../host/middleware/serve-static/worker.js";
import * as proxyCore from "../../host/helper/proxy/core.js";
import * as fingerprint from "../../host/helper/replay/fingerprint.js";
import * as bunHost from "../../host/bun/serve.js";
import * as denoHost from "../../host/deno/serve.js";
import * as denoOptions from "../../host/deno/options.js";
import { proxyApp } from "../../host/helper/proxy/node.js";
import * as replayFormat from "../../host/helper/replay/format.js";
import * as replayFile from "../../host/helper/replay/file.js";
import * as replayHar from "../../host/helper/replay/har.js";
import * as replayMiddleware from "../../host/helper/replay/replay.js";
import * as replayRedact from "../../host/helper/replay/redact.js";
import * as replayMiss from "../../host/helper/replay/miss.js";
import { replay as replayOnNode } from "../../host/helper/replay/index.js";
import type { RecordedExchange } from "../../host/helper/replay/types.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { crc32 } from "node:zlib";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { App } from "../../host/app/app.js";
import type { Context } from "../../host/app/context.js";
import type { Handler, Next } from "../../host/app/types.js";
import { canonicalJson } from "../../host/app/json-canonical.js";
import { validator } from "../../host/app/validator.js";
import { Core, type CoreOptions } from "../../host/core/core.js";
import { serve, type Server } from "../../host/node/server.js";
import { coreModule as compiledCore, instantiateCore } from "../../host/node/core-file.js";
import { JsonError } from "../../host/core/abi.js";
import { exchange, rawRequest } from "../support/raw-http.js";

/** The modules that export ERR_ constants, by source path (checked against the sources below). */
const MODULES: Record<string, Record<string, unknown>> = {
  "host/app/app.ts": app,
  "host/app/compose.ts": compose,
  "host/app/context.ts": context,
  "host/app/header-check.ts": headerCheck,
  "host/app/header-defaults.ts": headerDefaults,
  "host/app/prepared-header.ts": preparedHeader,
  "host/app/fetch-match.ts": fetchMatch,
  "host/app/json-canonical.ts": jsonCanonical,
  "host/app/params.ts": params,
  "host/core/registry.ts": registry,
  "host/app/request.ts": request,
  "host/app/routes.ts": routes,
  "host/app/validator.ts": validatorModule,
  "host/middleware/logger/index.ts": loggerModule,
  "host/slot/request.ts": slotRequest,
  "host/core/core.ts": core,
  "host/wasm-app/exports.ts": wasmAppExports,
  "host/app/form.ts": form,
  "host/helper/cookie/cookie.ts": cookie,
  "host/helper/cookie/signed.ts": cookieSigned,
  "host/helper/streaming/sse.ts": sse,
  "host/hono/missing-hono.ts": missingHono,
  "host/middleware/compress/index.ts": compressModule,
  "host/middleware/cors/index.ts": corsModule,
  "host/middleware/timeout/index.ts": timeoutModule,
  "host/middleware/body-limit/index.ts": bodyLimitModule,
  "host/middleware/serve-static/worker.ts": serveStaticWorker,
  "host/helper/proxy/core.ts": proxyCore,
  "host/helper/replay/fingerprint.ts": fingerprint,
  "host/helper/replay/format.ts": replayFormat,
  "host/helper/replay/file.ts": replayFile,
  "host/helper/replay/har.ts": replayHar,
  "host/helper/replay/replay.ts": replayMiddleware,
  "host/helper/replay/redact.ts": replayRedact,
  "host/helper/replay/miss.ts": replayMiss,
  "host/bun/serve.ts": bunHost,
  "host/deno/serve.ts": denoHost,
  "host/deno/options.ts": denoOptions,
};

const ROOT = new URL("../../", import.meta.url).pathname;

/** Source files under host/ and worker/ that export an ERR_ constant. */
function sourcesWithErrors(): string[] {
  const found: string[] = [];
  for (const dir of ["host", "worker"]) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const path = join(entry.parentPath ?? entry.path, entry.name);
      if (/^export const ERR_/m.test(readFileSync(path, "utf8"))) found.push(relative(ROOT, path));
    }
  }
  return found.sort();
}

/** ERR_ name → message, from the modules. */
const ERRORS: Record<string, string> = {};
for (const module of Object.values(MODULES)) {
  for (const [name, value] of Object.entries(module)) if (name.startsWith("ERR_")) ERRORS[name] = value as string;
}

const servers: Server[] = [];
const RECORDING_DIR = mkdtempSync(`${tmpdir()}/asedge-errors-`);
afterAll(() => Promise.all(servers.map((s) => s.close())));
afterAll(() => rmSync(RECORDING_DIR, { recursive: true, force: true }));

function newCore(options?: CoreOptions): Core {
  return new Core(instantiateCore(), options);
}

/** The message of what `run` throws (or rejects with), or what it returns. */
async function observed(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return (error as Error).message;
  }
}

/** The message of the error `handler` throws, seen by onError on the fetch path. */
async function thrownByHandler(handler: (c: Context, next: Next) => unknown, init?: RequestInit, options?: CoreOptions, path = "/x"): Promise<string> {
  let message = "(no error)";
  const a = new App().use(handler as Handler).all("/*", (c) => c.text("")).onError((error, c) => {
    message = (error as Error).message;
    return c.text("", 500);
  });
  a.bind(newCore(options));
  await a.request(path, init);
  return message;
}

/** What `read` throws when run on a Node-host request after its response was sent. */
async function readAfterAnswer(read: (c: Context) => unknown): Promise<string> {
  let late!: Promise<unknown>;
  const a = new App().get("/p/:id", (c) => {
    late = new Promise((resolve) => setTimeout(() => resolve(observed(() => read(c))), 20));
    return c.text("ok");
  });
  a.bind(newCore());
  const server = await serve(a, { port: 0, hostname: "127.0.0.1" });
  servers.push(server);
  await exchange(server.port, [rawRequest("GET", "/p/1")]);
  return (await late) as string;
}

/** A module with handle/handleFailed exports and APP_ABI_VERSION = `version`. */
function fakeAppModule(version: number): WebAssembly.Module {
  const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];
  const name = (text: string) => [text.length, ...new TextEncoder().encode(text)];
  const I32 = 0x7f;
  return new WebAssembly.Module(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 2, I32, I32, 1, I32]), // type 0: (i32, i32) → i32
    ...section(3, [2, 0, 0]), // two functions of type 0
    ...section(6, [1, I32, 0, 0x41, version, 0x0b]), // immutable i32 global = version
    ...section(7, [3, ...name("handle"), 0, 0, ...name("handleFailed"), 0, 1, ...name("APP_ABI_VERSION"), 3, 0]),
    ...section(10, [2, 4, 0, 0x41, 0, 0x0b, 4, 0, 0x41, 0, 0x0b]), // both return 0
  ]));
}

/** A core whose schemaValidateText answers `code` (an error the reader never returns for bad JSON). */
function coreFailingValidation(code: number): Core {
  const exports = { ...instantiateCore(), schemaValidateText: () => -code };
  return new Core(exports as never);
}

/** One recorded exchange, for the recording-format errors. */
function recorded(body: Uint8Array = new Uint8Array(0)): RecordedExchange {
  return {
    fingerprint: "0".repeat(32), occurrence: 0, session: "",
    request: { method: "GET", url: "/", headers: [], body: new Uint8Array(0) },
    response: { status: 200, headers: [], body, encoding: "" },
    startedAt: 0, durationMs: 0,
  };
}

/** A recording file of one entry whose last byte is flipped, and what the CRC error says of it. */
function damagedRecording(): { bytes: Uint8Array; detail: string } {
  const entry = replayFormat.encodeExchange(recorded(new Uint8Array([1])));
  const stored = new DataView(entry.buffer).getUint32(4, true);
  entry[entry.length - 1] ^= 0xff;
  const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
  return {
    bytes: new Uint8Array([...replayFormat.fileHeader(), ...entry]),
    detail: `the entry at offset 8 (stored ${hex(stored)}, computed ${hex(crc32(entry.subarray(8)))})`,
  };
}

interface Trigger {
  run: () => unknown;
  /** The exact message expected (default: the constant itself). */
  message?: (value: string) => string;
}

/** The body a proxy to `upstream` answers (trimmed), with a core bound. */
async function proxied(upstream: string, timeouts?: Partial<proxyCore.ProxyTimeouts>): Promise<string> {
  const a = proxyApp(upstream, { timeouts });
  a.bind(newCore());
  return (await (await a.request("/")).text()).trim();
}

/** Run `body` against a TCP server that treats every connection with `onSocket`. */
async function withTcp<T>(onSocket: (socket: import("node:net").Socket) => void, body: (url: string) => Promise<T>): Promise<T> {
  const server: TcpServer = createTcpServer((socket) => socket.once("data", () => onSocket(socket)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    return await body(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.close();
  }
}

/** Arena bytes small enough to fill from a test, large enough to route a short path. */
const SMALL_ARENA = 8192;
const LONG_PATTERN = `/${"a".repeat(5000)}`;

const TRIGGERS: Record<string, Trigger> = {
  ERR_ENCODING: { run: () => compressModule.compress({ encodings: ["zstd" as never] }), message: (m) => `${m}: ["zstd"]` },
  ERR_THRESHOLD: { run: () => compressModule.compress({ threshold: 1.5 }), message: (m) => `${m}: 1.5` },
  ERR_LEVEL: { run: () => compressModule.compress({ level: 10 }), message: (m) => `${m}: 10, 3` },
  ERR_CORE_LIMITS: { run: () => newCore({ maxHeaders: 70_000 }) },
  ERR_CORE_POOL: { run: () => newCore({ slots: 8, maxSlots: 4 }) },
  ERR_HEADER_NAME: { run: () => thrownByHandler((c) => c.header("bad name", "x")), message: (m) => `${m}: "bad name"` },
  ERR_HEADER_VALUE: { run: () => thrownByHandler((c) => c.header("x-a", "a\nb")), message: (m) => `${m}: x-a` },
  ERR_HEADER_DEFAULTS_REPEATED: { run: () => new headerDefaults.HeaderDefaults([["X-A", "1"], ["x-a", "2"]]), message: (m) => `${m}: x-a` },
  ERR_PREPARED_TRANSPORT: { run: () => new headerDefaults.HeaderDefaults([["Content-Length", "1"]]), message: (m) => `${m}: Content-Length` },
  ERR_NO_EXECUTION_CONTEXT: { run: () => thrownByHandler((c) => c.executionCtx) },
  ERR_VAR_READ_ONLY: { run: () => thrownByHandler((c) => { (c.var as Record<string, unknown>).x = 1; }) },
  ERR_NO_ASSETS_BINDING: { run: () => thrownByHandler(serveStaticWorker.serveStatic()), message: (m) => `${m}: ASSETS` },
  ERR_STATUS: { run: () => thrownByHandler((c) => c.text("", 99 as never)), message: (m) => `${m}: 99` },
  ERR_NO_FREE_SLOT: {
    run: () => thrownByHandler(async (c) => {
      const slot = c.req.core.exports.acquire(); // the only slot
      try {
        return await canonicalJson(c.req);
      } finally {
        c.req.core.exports.release(slot);
      }
    }, { method: "POST", body: "[1]" }, { slots: 1, maxSlots: 1 }),
  },
  ERR_JSON_TOO_LARGE: {
    run: async () => {
      // Over a small arena, and a large slot (sized to the body limit) has no room for its tape.
      const body = `[${"0,".repeat(SMALL_ARENA)}0]`;
      const a = new App().post("/", async (c) => c.json(await canonicalJson(c.req)));
      a.bind(newCore({ arenaBytes: SMALL_ARENA, maxBodyBytes: body.length }));
      return ((await (await a.request("/", { method: "POST", body })).json()) as { error: string }).error;
    },
  },
  ERR_SERVER_BUSY: {
    run: () => thrownByHandler(async (c) => {
      const api = c.req.core.exports;
      const large = api.moveToLarge(api.acquire(), 0); // the only large slot
      try {
        throw new Error((await canonicalJson(c.req) as { error: string }).error);
      } finally {
        api.release(large);
      }
    }, { method: "POST", body: `[${"1,".repeat(SMALL_ARENA)}1]` }, { arenaBytes: SMALL_ARENA, largeSlots: 1, maxLargeSlots: 1 }),
  },
  ERR_PARAMS_RELEASED: { run: () => readAfterAnswer((c) => c.req.param("id")) },
  ERR_REQUEST_RELEASED: { run: () => readAfterAnswer((c) => c.req.method) },
  ERR_LOG_FORMAT: { run: () => loggerModule.logger({ format: "xml" as never }), message: (m) => `${m}: "xml"` },
  ERR_NO_HELD_BODY: { run: () => thrownByHandler((c) => c.req.bodyView()) },
  ERR_NOT_VALIDATED: { run: () => thrownByHandler((c) => c.req.valid("json")), message: (m) => `${m}: json` },
  // The path's UTF-8 copy (3 bytes per char reserved) fills the arena, or leaves no room for the match table.
  ERR_PATH_TOO_LONG: { run: () => thrownByHandler((c) => c.text(""), undefined, { arenaBytes: SMALL_ARENA }, `/${"a".repeat(SMALL_ARENA / 2)}`) },
  ERR_MATCH_TABLE: { run: () => thrownByHandler((c) => c.text(""), undefined, { arenaBytes: SMALL_ARENA }, `/${"a".repeat(SMALL_ARENA / 4)}`) },
  ERR_SCHEMA_NOT_JSON: { run: () => validator("json", [] as never) },
  ERR_SCHEMA_INVALID: {
    run: () => thrownByHandler(validator("query", { type: "nope" } as never)),
    message: (m) => `${m} (invalid schema)`,
  },
  ERR_SCHEMA_NO_ROOM: {
    run: () => {
      const properties = Object.fromEntries(Array.from({ length: SMALL_ARENA / 16 }, (_, i) => [`field${i}`, { type: "string" as const }]));
      return thrownByHandler(validator("query", { type: "object", properties }), undefined, { arenaBytes: SMALL_ARENA });
    },
  },
  ERR_VALIDATE: {
    run: async () => {
      let message = "(no error)";
      const a = new App().get("/", validator("query", { type: "object" }), (c) => c.text("ok"))
        .onError((error, c) => { message = (error as Error).message; return c.text("", 500); });
      a.bind(coreFailingValidation(JsonError.INVALID_SLOT));
      await a.request("/");
      return message;
    },
    message: (m) => `${m}: invalid slot`,
  },
  ERR_ROUTE_PREFIX: {
    run: () => new App().get(LONG_PATTERN, (c) => c.text("")).bind(newCore()),
    message: (m) => `${m} GET ${LONG_PATTERN}: pattern longer than 4096 bytes`,
  },
  ERR_NO_CORE: { run: () => new App().get("/", (c) => c.text("")).request("/") },
  ERR_NEXT_TWICE: {
    run: () => thrownByHandler(async (_c, next) => { await next(); await next(); }),
  },
  ERR_ROUTES_FROZEN: {
    run: () => {
      const a = new App().get("/", (c) => c.text(""));
      a.bind(newCore());
      a.get("/late", (c) => c.text(""));
    },
  },
  ERR_NO_HANDLER: { run: () => new App().get("/") },
  ERR_NOT_AN_APP: { run: () => wasmAppExports.instantiateApp(compiledCore()) },
  ERR_CORS_WILDCARD_CREDENTIALS: { run: () => new App().use(corsModule.cors({ origin: "*", credentials: true })) },
  ERR_CORS_ORIGIN: { run: () => corsModule.cors({ origin: 42 as never }) },
  ERR_TIMEOUT_MS: { run: () => timeoutModule.timeout(0), message: (m) => `${m}: 0` },
  ERR_BODY_LIMIT_SIZE: { run: () => bodyLimitModule.bodyLimit({ maxSize: -1 }), message: (m) => `${m}: -1` },
  ERR_APP_ABI: { run: () => wasmAppExports.instantiateApp(fakeAppModule(wasmAppExports.APP_ABI_VERSION + 1)) },
  ERR_FORM_TYPE: { run: () => thrownByHandler((c) => c.req.formData(), { method: "POST", body: "a=1", headers: { "content-type": "text/plain" } }) },
  ERR_FORM_BOUNDARY: { run: () => thrownByHandler((c) => c.req.formData(), { method: "POST", body: "", headers: { "content-type": "multipart/form-data" } }) },
  ERR_FORM_MALFORMED: {
    run: () => thrownByHandler((c) => c.req.formData(), { method: "POST", body: "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx", headers: { "content-type": "multipart/form-data; boundary=b" } }),
  },
  ERR_FORM_PARTS: {
    run: () => thrownByHandler((c) => c.req.formData({ maxParts: 1 }), { method: "POST", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    message: (m) => `${m} (1)`,
  },
  ERR_FORM_FIELD_SIZE: {
    run: () => thrownByHandler((c) => c.req.formData({ maxFieldBytes: 1 }), { method: "POST", body: "a=12", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    message: (m) => `${m} (1)`,
  },
  ERR_FORM_FILE_SIZE: {
    run: () => {
      const fd = new FormData();
      fd.append("f", new File(["12"], "f.txt"));
      return thrownByHandler((c) => c.req.formData({ maxFileBytes: 1 }), { method: "POST", body: fd });
    },
    message: (m) => `${m} (1)`,
  },
  ERR_COOKIE_NAME: { run: () => cookie.serializeCookie("a b", "1"), message: (m) => `${m}: "a b"` },
  ERR_COOKIE_VALUE: { run: () => cookie.serializeCookie("a", "\ud800"), message: (m) => `${m}: a` },
  ERR_COOKIE_TOO_LONG: { run: () => cookie.serializeCookie("a", "x".repeat(4096)), message: (m) => `${m}: a` },
  ERR_COOKIE_ATTRIBUTE: { run: () => cookie.serializeCookie("a", "1", { path: "/;x" }), message: (m) => `${m}: Path="/;x"` },
  ERR_COOKIE_MAX_AGE: { run: () => cookie.serializeCookie("a", "1", { maxAge: cookie.MAX_COOKIE_AGE + 1 }), message: (m) => `${m}: 34560001` },
  ERR_COOKIE_EXPIRES: { run: () => cookie.serializeCookie("a", "1", { expires: new Date(NaN) }), message: (m) => `${m}: Invalid Date` },
  ERR_COOKIE_SAME_SITE: { run: () => cookie.serializeCookie("a", "1", { sameSite: "loose" as never }), message: (m) => `${m}: "loose"` },
  ERR_COOKIE_SAME_SITE_NONE: { run: () => cookie.serializeCookie("a", "1", { sameSite: "None" }), message: (m) => `${m}: a` },
  ERR_COOKIE_PRIORITY: { run: () => cookie.serializeCookie("a", "1", { priority: "top" as never }), message: (m) => `${m}: "top"` },
  ERR_COOKIE_PARTITIONED: { run: () => cookie.serializeCookie("a", "1", { partitioned: true }), message: (m) => `${m}: a` },
  ERR_COOKIE_SECURE_PREFIX: { run: () => cookie.serializeCookie("__Secure-a", "1"), message: (m) => `${m}: __Secure-a` },
  ERR_COOKIE_HOST_PREFIX: { run: () => cookie.serializeCookie("__Host-a", "1", { secure: true }), message: (m) => `${m}: __Host-a` },
  ERR_COOKIE_SECRET: { run: () => cookieSigned.sign("a", "") },
  ERR_SSE_FIELD: { run: () => sse.formatSSE({ data: "x", id: "a\nb" }), message: (m) => `${m}: id "a\\nb"` },
  ERR_SSE_RETRY: { run: () => sse.formatSSE({ data: "x", retry: -1 }), message: (m) => `${m}: -1` },
  // What Node's import() rejects with when hono is not installed (the packaging test imports asedge/hono without it).
  ERR_HONO_MISSING: {
    run: () => missingHono.explainMissingHono(Object.assign(new Error("Cannot find package 'hono' imported from /app/node_modules/asedge/dist/host/hono/wasm-router.js"), { code: "ERR_MODULE_NOT_FOUND" })),
  },
  ERR_PROXY_UPSTREAM: { run: () => proxyApp("ftp://x/"), message: (m) => `${m}: "ftp://x/"` },
  ERR_PROXY_CONNECT: { run: () => proxied("http://127.0.0.1:1") },
  ERR_PROXY_RESET: { run: () => withTcp((socket) => socket.destroy(), (url) => proxied(url)) },
  ERR_PROXY_HEADERS_TIMEOUT: { run: () => withTcp(() => {}, (url) => proxied(url, { headers: 50 })) },
  ERR_PROXY_BAD_RESPONSE: { run: () => withTcp((socket) => socket.end("HTTP/1.1 99 X\r\n\r\n"), (url) => proxied(url)) },
  // A connect timeout needs an address that never answers; this machine's network answers every one, so the kind's own message:
  ERR_PROXY_CONNECT_TIMEOUT: { run: () => new proxyCore.ProxyError("connect-timeout").message },
  ERR_FINGERPRINT_NO_SLOT: {
    run: () => {
      const c = newCore({ slots: 1, maxSlots: 1 });
      c.exports.acquire(); // the only slot
      return fingerprint.fingerprintOfParts(c, { method: "GET", target: "/", headers: [] });
    },
  },
  ERR_FINGERPRINT_NO_LARGE_SLOT: {
    run: () => {
      const c = newCore({ arenaBytes: SMALL_ARENA, largeSlots: 1, maxLargeSlots: 1 });
      c.exports.moveToLarge(c.exports.acquire(), 0); // the only large slot
      return fingerprint.fingerprintOfParts(c, { method: "POST", target: "/", headers: [], body: "x".repeat(SMALL_ARENA * 2) });
    },
  },
  // Larger than a large slot's arena (sized to the body limit): not even its raw bytes fit.
  ERR_FINGERPRINT_TOO_LARGE: {
    run: () => fingerprint.fingerprintOfParts(newCore({ arenaBytes: SMALL_ARENA, maxBodyBytes: SMALL_ARENA }),
      { method: "POST", target: "/", headers: [], body: "x".repeat(SMALL_ARENA * 8) }),
  },
  ERR_FINGERPRINT_BODY: {
    run: () => fingerprint.fingerprintOfParts(newCore(), { method: "GET", target: "/", headers: [] }, { body: "xml" as never }),
    message: (m) => `${m}: "xml"`,
  },
  ERR_BAD_FINGERPRINT: { run: () => fingerprint.mixFingerprints(newCore(), "not hex", "0".repeat(32)) },
  ERR_FINGERPRINT_FAILED: {
    run: () => fingerprint.fingerprintOfParts(newCore(), { method: "GET", target: "/", headers: [["x-a", "v"]] },
      { headers: ["x-a"] }, () => "a\nb"),
    message: (m) => `${m}: a header line without ':' (a value with a line break?)`,
  },
  ERR_RECORDING_MAGIC: { run: () => replayFormat.Recording.from(new Uint8Array(8)) },
  ERR_RECORDING_VERSION: {
    run: () => { const h = replayFormat.fileHeader(); h[4] = 2; return replayFormat.Recording.from(h); },
    message: (m) => `${m}: 2 (this asedge reads 1)`,
  },
  ERR_RECORDING_CRC: { run: () => replayFormat.Recording.from(damagedRecording().bytes).verify(), message: (m) => `${m}: ${damagedRecording().detail}` },
  ERR_RECORDING_CORRUPT: {
    run: () => replayFormat.Recording.from(new Uint8Array([...replayFormat.fileHeader(), 1, 0, 0, 0, 0, 0, 0, 0, 7])),
    message: (m) => `${m}: the entry at offset 8: a payload of 1 bytes cannot hold the fixed fields`,
  },
  ERR_RECORDING_FINGERPRINT: { run: () => replayFormat.Recording.empty().lookup("x", "", 0), message: (m) => `${m}: "x"` },
  ERR_RECORDING_OCCURRENCE: { run: () => replayFormat.encodeExchange({ ...recorded(), occurrence: -1 }), message: (m) => `${m}: -1` },
  ERR_RECORDING_TOO_LARGE: {
    run: () => replayFormat.encodeExchange(recorded({ length: 0xffff_ffff } as Uint8Array)), // only the length is read before the check
    message: (m) => `${m}: ${replayFormat.encodeExchange(recorded()).length - 8 + 0xffff_ffff} bytes`,
  },
  ERR_RECORDING_CLOSED: {
    run: () => { const file = replayFile.openRecording(`${RECORDING_DIR}/closed.asrr`, { create: true }); file.close(); file.append(recorded()); },
    message: (m) => `${m}: ${RECORDING_DIR}/closed.asrr`,
  },
  ERR_HAR_SHAPE: { run: () => replayHar.fromHar({}, () => "") },
  ERR_HAR_ENTRY: {
    run: () => replayHar.fromHar({ log: { entries: [{ request: {}, response: { status: 200 } }] } }, () => ""),
    message: (m) => `${m}: entries[0]: request.method and request.url must be strings`,
  },
  ERR_REPLAY_MODE: { run: () => replayOnNode({ recording: replayFormat.Recording.empty(), mode: "rewind" as never }), message: (m) => `${m}: "rewind"` },
  ERR_REPLAY_RECORDING: { run: () => replayOnNode({} as never) },
  ERR_REPLAY_READ_ONLY: {
    run: () => replayOnNode({ recording: { lookup: () => undefined, count: () => 0, entries: () => [] }, mode: "record" }),
  },
  ERR_SECRET_LEFT: {
    run: () => new replayRedact.Redactor({ secrets: ["s3cret"] }).redact({ ...recorded(), request: { ...recorded().request, url: "/?k=s3cret" } }),
    message: (m) => `${m} (found in the request URL)`,
  },
  ERR_REDACT_KEY: { run: () => new replayRedact.Redactor({ key: "" }) },
  ERR_NO_RECORDED_ANSWER: {
    run: () => replayMiss.missReport({ method: "GET", url: "/", fingerprint: "0".repeat(32), session: "", occurrence: 0, headers: [], body: new Uint8Array(0) },
      [], "replay", []).error,
  },
  // This suite runs in Node, which has no Bun.listen (tests/bun/ run the Bun host in Bun).
  ERR_NOT_BUN: { run: () => bunHost.serve(new App()) },
  ERR_BUN_WORKERS: { run: () => bunHost.serve(new App(), { workers: 2 }) },
  // Nor Deno.serve (tests/deno/ run the Deno host in Deno, where a socket host's option is refused the same way).
  ERR_NOT_DENO: { run: () => denoHost.serve(new App()) },
  ERR_DENO_SOCKET_OPTION: { run: () => denoOptions.splitOptions({ maxConnections: 10, keepAliveTimeout: 1 } as never), message: (m) => `${m} keepAliveTimeout, maxConnections` },

};

describe("exported ERR_ constants", () => {
  it("come from the modules listed here (every source that exports one)", () => {
    expect(sourcesWithErrors()).toEqual(Object.keys(MODULES).sort());
  });

  it("each have a trigger, and each trigger names an exported constant", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it.each(Object.keys(TRIGGERS))("%s: its trigger produces the exact message", async (name) => {
    const { run, message = (m: string) => m } = TRIGGERS[name];
    expect(await observed(run)).toBe(message(ERRORS[name]));
  });
});
