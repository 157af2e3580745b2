/**
 * Run one App on every host asedge has and ask each the same requests: the
 * fetch path in Node (app.request), a real Node socket (serve + raw HTTP) and
 * real workerd (miniflare, the built asedge/worker) over a real socket too, so
 * what is compared are the bytes on the wire (no client decodes a body). For middleware and
 * helpers, whose tests must hold on Node and on Workers alike.
 *
 * The app comes from a fixture module whose default export adds routes and
 * middleware to an App it is given (`export default (app: App) => app.use(…)`),
 * importing what it tests by relative path. On Node it runs from source; for
 * workerd it is transpiled next to its built modules under dist/ and wrapped
 * in a Worker that builds the App from asedge/worker.
 *
 * @example
 *   const hosts = await everyHost("host/middleware/cors/cors.fixture.ts");
 *   const answers = await hosts.ask({ path: "/api", headers: [["Origin", "https://a.example"]] });
 *   for (const [host, shape] of Object.entries(answers)) expect(shape, host).toEqual(expected);
 *   await hosts.close();
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { App, serve, type Server, type ServeOptions } from "../../host/index.js";
import { TRANSPORT_HEADERS } from "../../host/core/http-rules.js";
import { exchange, rawRequest, type RawResponse } from "./raw-http.js";
import { COMPATIBILITY_DATE, MODULE_RULES } from "../worker/miniflare.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface HostRequest {
  method?: string;
  path: string;
  headers?: [string, string][];
  body?: string | Uint8Array;
}

/** What hosts must agree on: status, headers other than transport ones (lower-case, sorted), body bytes. */
export interface Shape {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export type HostName = "fetch" | "socket" | "workerd";
export type Answers = Record<HostName, Shape>;

export interface EveryHost {
  /** The same request to every host. */
  ask(request: HostRequest): Promise<Answers>;
  /** The raw answer of the Node socket or workerd (transport headers included) and whether the connection was closed. */
  askSocket(request: HostRequest, host?: "socket" | "workerd"): Promise<{ raw: RawResponse; closed: boolean }>;
  readonly app: App;
  readonly server: Server;
  readonly worker: Miniflare;
  close(): Promise<void>;
}

export interface EveryHostOptions {
  /** Bindings, KV namespaces, assets… for the Worker. */
  worker?: Partial<MiniflareOptions>;
  /**
   * The fixture workerd runs instead of `fixture`, for middleware with a
   * Workers build of its own (package.json export conditions): each host
   * loads only the build it would get, e.g. serveStatic's files on Node and
   * its assets binding in workerd.
   */
  workerFixture?: string;
  serve?: ServeOptions;
}

type Setup = (app: App) => App | void;

/** The fixture's `(app) => …`, from source (Node) and as a Worker under dist/ (workerd). */
export async function everyHost(fixture: string, options: EveryHostOptions = {}): Promise<EveryHost> {
  const setup = (await import(pathToFileURL(`${ROOT}${fixture}`).href)).default as Setup;
  const app = new App();
  setup(app);
  const server = await serve(app, { port: 0, hostname: "127.0.0.1", ...options.serve });
  const worker = fixtureWorker(options.workerFixture ?? fixture, { host: "127.0.0.1", port: 0, ...options.worker });
  const workerPort = Number((await worker.ready).port);
  return {
    app, server, worker,
    async ask(request) {
      const [fetched, socket, workerd] = await Promise.all([
        app.request(request.path, init(request)).then(webShape),
        askSocket(server.port, request).then(({ raw }) => shape(raw.status, raw.headers, raw.body)),
        askSocket(workerPort, request).then(({ raw }) => shape(raw.status, raw.headers, raw.body)),
      ]);
      return { fetch: fetched, socket, workerd };
    },
    askSocket: (request, host = "socket") => askSocket(host === "socket" ? server.port : workerPort, request),
    close: async () => { await Promise.all([server.close(), worker.dispose()]); },
  };
}

function init(request: HostRequest): RequestInit {
  return { method: request.method ?? "GET", headers: request.headers, body: request.body as BodyInit | undefined };
}

async function askSocket(port: number, request: HostRequest): Promise<{ raw: RawResponse; closed: boolean }> {
  const method = request.method ?? "GET";
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers = request.headers ?? [];
  const { responses, closed } = await exchange(port, [rawRequest(method, request.path, headers, body)], {
    headRequests: method === "HEAD" ? new Set([0]) : undefined,
  });
  if (!responses[0]) throw new Error(`no answer on the socket to ${method} ${request.path}`);
  return { raw: responses[0], closed };
}

async function webShape(response: Response): Promise<Shape> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie", cookie]);
  return shape(response.status, headers, Buffer.from(await response.arrayBuffer()));
}

function shape(status: number, headers: [string, string][], body: Buffer): Shape {
  const kept = headers.map(([n, v]) => [n.toLowerCase(), v] as [string, string])
    .filter(([name]) => !TRANSPORT_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { status, headers: kept, body };
}

/** The fixture transpiled beside its built imports under dist/, and a Worker that serves it. */
function fixtureWorker(fixture: string, options: Partial<MiniflareOptions> = {}): Miniflare {
  const { outputText } = ts.transpileModule(readFileSync(`${ROOT}${fixture}`, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  const built = `${ROOT}dist/${fixture.replace(/\.ts$/, ".js")}`;
  mkdirSync(dirname(built), { recursive: true });
  writeFileSync(built, outputText);
  const wrapperPath = `${dirname(built)}/every-host-worker.js`;
  const rel = (to: string) => { const r = relative(dirname(wrapperPath), to); return r.startsWith(".") ? r : `./${r}`; };
  const script = [
    `import { App } from "${rel(`${ROOT}dist/worker/index.js`)}";`,
    `import setup from "${rel(built)}";`,
    "const app = new App();",
    "setup(app);",
    "export default app;",
  ].join("\n");
  return new Miniflare({
    modules: true, modulesRoot: `${ROOT}dist`, modulesRules: MODULE_RULES,
    script, scriptPath: wrapperPath, compatibilityDate: COMPATIBILITY_DATE,
    ...options,
  } as MiniflareOptions);
}
