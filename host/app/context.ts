/**
 * The per-request context handed to handlers (`c`), Hono-like. The response
 * is recorded on the context (status, headers, body) and turned into bytes by
 * the host: straight into WASM memory on the Node host, a Web Response on
 * fetch-style hosts.
 *
 * @example
 *   app.get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 */
import type { AppRequest } from "./request.js";
import { isBodyless, TRANSPORT_HEADERS } from "../core/http-rules.js";
import type { ExecutionContext, HeaderRecord, ResponseReady, StatusCode } from "./types.js";

export const ERR_HEADER_NAME = "asedge: invalid header name";
export const ERR_HEADER_VALUE = "asedge: invalid header value (only HTAB, visible ASCII, SP and Latin-1 are allowed)";
export const ERR_NO_EXECUTION_CONTEXT = "asedge: this host has no ExecutionContext (only Workers do)";
/** What a Web Response accepts; a 1xx is never a final response. */
export const ERR_STATUS = "asedge: invalid status code (an integer from 200 to 599)";

/** What the body of the recorded response is. */
export const enum BodyKind { NONE, TEXT, JSON, HTML, BYTES, RESPONSE }

const READY: ResponseReady = Object.freeze({ __asedgeResponse: true as const });
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/; // what Node's http accepts

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AppRequest
export class Context<Path extends string = any, E = unknown> {
  /** Bindings on Workers; what the host passes otherwise. */
  env: E;
  /** Set by onError handling: the error being handled. */
  error: Error | undefined;
  /** Status of the response being built. */
  statusCode: StatusCode = 200;
  /** Extra response headers as [name, value] (created when first set). */
  headerList: [string, string][] | undefined;
  bodyKind = BodyKind.NONE;
  bodyValue: string | Uint8Array | ReadableStream | null = null;
  /** A Web Response returned or assigned by a handler (slow path). */
  response: Response | undefined;
  /** True once a response was recorded. */
  finalized = false;
  private vars: Map<string, unknown> | undefined;
  private readonly _executionCtx: ExecutionContext | undefined;

  constructor(readonly req: AppRequest<Path>, env: E, executionCtx?: ExecutionContext) {
    this.env = env;
    this._executionCtx = executionCtx;
  }

  /** Workers' ExecutionContext (waitUntil). Throws on hosts without one. */
  get executionCtx(): ExecutionContext {
    if (!this._executionCtx) throw new Error(ERR_NO_EXECUTION_CONTEXT);
    return this._executionCtx;
  }

  /** Set the response status: an integer from 200 to 599 (else a RangeError, answered by onError). */
  status(code: StatusCode): void {
    this.statusCode = validStatus(code);
  }

  /** Set (or with `append`, add) a response header; `undefined` removes it. */
  header(name: string, value: string | undefined, options?: { append?: boolean }): void {
    if (!TOKEN.test(name)) throw new TypeError(`${ERR_HEADER_NAME}: ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (value !== undefined && BAD_VALUE.test(value)) throw new TypeError(`${ERR_HEADER_VALUE}: ${name}`);
    if (this.response) {
      if (value === undefined) this.response.headers.delete(name);
      else if (options?.append) this.response.headers.append(name, value);
      else this.response.headers.set(name, value);
      return;
    }
    const list = (this.headerList ??= []);
    if (!options?.append || value === undefined) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i][0].toLowerCase() === lower) list.splice(i, 1);
    }
    if (value !== undefined) list.push([name, value]);
  }

  /** Per-request values shared between middleware and handlers. */
  set(key: string, value: unknown): void {
    (this.vars ??= new Map()).set(key, value);
  }

  get<T = unknown>(key: string): T | undefined {
    return this.vars?.get(key) as T | undefined;
  }

  text(text: string, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    return this.record(BodyKind.TEXT, text, status, headers);
  }

  json(value: unknown, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    return this.record(BodyKind.JSON, JSON.stringify(value) ?? "null", status, headers);
  }

  html(html: string, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    return this.record(BodyKind.HTML, html, status, headers);
  }

  /** Pre-serialized JSON (e.g. canonicalJson's output) sent as application/json. */
  jsonBytes(json: Uint8Array, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    return this.record(BodyKind.JSON, json, status, headers);
  }

  /** Raw body: string, bytes, a stream (fetch hosts) or null. */
  body(data: string | ArrayBuffer | Uint8Array | ReadableStream | null, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    const value = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    return this.record(value === null ? BodyKind.NONE : BodyKind.BYTES, value, status, headers);
  }

  redirect(location: string, status: StatusCode = 302): ResponseReady {
    validStatus(status); // before Location is set: a refused redirect leaves no header behind
    this.header("Location", location);
    return this.record(BodyKind.NONE, null, status);
  }

  /** The recorded response as a Web Response. */
  get res(): Response {
    return (this.response ??= toWebResponse(this));
  }

  /** Replace the response with a Web Response (Hono's `c.res = …`). */
  set res(response: Response) {
    this.response = response;
    this.bodyKind = BodyKind.RESPONSE;
    this.finalized = true;
  }

  private record(kind: BodyKind, value: string | Uint8Array | ReadableStream | null, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    if (status !== undefined) this.statusCode = validStatus(status);
    if (headers) {
      for (const name in headers) {
        const v = headers[name];
        if (Array.isArray(v)) for (const item of v) this.header(name, item, { append: true });
        else this.header(name, v);
      }
    }
    this.response = undefined;
    this.bodyKind = kind;
    this.bodyValue = value;
    this.finalized = true;
    return READY;
  }
}

function validStatus(code: StatusCode): StatusCode {
  if (!(code >= 200 && code <= 599 && Number.isInteger(code))) throw new RangeError(`${ERR_STATUS}: ${code}`);
  return code;
}

/** Content-Type each body kind implies unless a handler set one. */
export const CONTENT_TYPES: Record<BodyKind, string | undefined> = {
  [BodyKind.NONE]: undefined,
  [BodyKind.TEXT]: "text/plain; charset=UTF-8",
  [BodyKind.JSON]: "application/json",
  [BodyKind.HTML]: "text/html; charset=UTF-8",
  [BodyKind.BYTES]: undefined,
  [BodyKind.RESPONSE]: undefined,
};

/** Build a Web Response from what the context recorded. */
export function toWebResponse<P extends string, E>(c: Context<P, E>): Response {
  if (c.response) return c.response;
  const headers = new Headers();
  // The platform frames the message: a handler's transport headers are dropped (../core/http-rules.ts).
  if (c.headerList) for (const [name, value] of c.headerList) if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  const type = CONTENT_TYPES[c.bodyKind];
  if (type && !headers.has("content-type")) headers.set("content-type", type);
  const status = c.statusCode;
  return new Response(isBodyless(status) ? null : (c.bodyValue as BodyInit | null), { status, headers });
}
