/**
 * The per-request context handed to handlers (`c`), Hono-like. The context is
 * also the response record (./response.ts): status, headers and body are
 * recorded on it and turned into bytes by the host, straight into WASM memory
 * on the Node host, a Web Response on fetch-style hosts.
 *
 * @example
 *   app.get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 */
import type { AppRequest } from "./request.js";
import { BodyKind, carriedHeaders, removeHeader, responseHeader, toWebResponse, withEarlierHeaders,
  type BodyValue, type HeaderList, type ResponseRecord } from "./response.js";
import type { ExecutionContext, HeaderRecord, ResponseReady, StatusCode } from "./types.js";
import { checkedHeaderName, checkHeaderValue } from "./header-check.js";

export { ERR_HEADER_NAME, ERR_HEADER_VALUE } from "./header-check.js";

export const ERR_NO_EXECUTION_CONTEXT = "asedge: this host has no ExecutionContext (only Workers do)";
/** c.var is a view: values are stored with c.set(). */
export const ERR_VAR_READ_ONLY = "asedge: c.var is read-only; store values with c.set(key, value)";
export const ERR_STATUS = "asedge: invalid status code (an integer from 200 to 599)";

const READY: ResponseReady = Object.freeze({ __asedgeResponse: true as const });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AppRequest
export class Context<Path extends string = any, E = unknown> implements ResponseRecord {
  /** Bindings on Workers; what the host passes otherwise. */
  env: E;
  /** Set by onError handling: the error being handled. */
  error: Error | undefined;
  // ── The response record (./response.ts) ──
  /** Status of the response being built. */
  statusCode: StatusCode = 200;
  /** Response headers as [name, value], in the order set (created when first set). */
  headerList: HeaderList | undefined;
  bodyKind = BodyKind.NONE;
  bodyValue: BodyValue = null;
  /** A Web Response that is the response from now on: returned or assigned by a handler, or built by `c.res` (slow path). */
  response: Response | undefined;
  /** True once a response was recorded. */
  finalized = false;
  private vars: Map<string, unknown> | undefined;
  /** Added when c.var is first read: requests that read none never carry the field. */
  private declare varView: Readonly<Record<string, unknown>> | undefined;
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
    const lower = checkedHeaderName(name);
    if (value !== undefined) checkHeaderValue(name, value);
    if (this.response) {
      if (value === undefined) this.response.headers.delete(name);
      else if (options?.append) this.response.headers.append(name, value);
      else this.response.headers.set(name, value);
      return;
    }
    const list = (this.headerList ??= []);
    if (!options?.append || value === undefined) {
      removeHeader(list, lower);
    }
    if (value !== undefined) list.push([name, value]);
  }

  /** The response header `name` as it stands (set by c.header, implied by the body kind, or on `c.res`). */
  responseHeader(name: string): string | undefined {
    return responseHeader(this, name);
  }

  /** Per-request values shared between middleware and handlers. */
  set(key: string, value: unknown): void {
    (this.vars ??= new Map()).set(key, value);
  }

  get<T = unknown>(key: string): T | undefined {
    return this.vars?.get(key) as T | undefined;
  }

  /**
   * The values `c.set()` stored, as read-only properties (Hono's `c.var`):
   * `c.var.requestId`. A live view (later sets show), made on first use.
   */
  get var(): Readonly<Record<string, unknown>> {
    return (this.varView ??= varView(this as unknown as Context<string, unknown>));
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

  /**
   * The response as a Web Response, built from the record on first read; from
   * then on it is the response (edits to its headers count) until a new body
   * is recorded.
   */
  get res(): Response {
    return (this.response ??= toWebResponse(this));
  }

  /** Replace the response with a Web Response (Hono's `c.res = …`: headers set before it win, except Content-Type). */
  set res(response: Response) {
    if (response !== this.response) {
      this.response = withEarlierHeaders(response, this.response ? carriedHeaders(this.response) : this.headerList);
    }
    this.headerList = undefined;
    this.bodyKind = BodyKind.RESPONSE;
    this.finalized = true;
  }

  private record(kind: BodyKind, value: BodyValue, status?: StatusCode, headers?: HeaderRecord): ResponseReady {
    if (this.response) {
      // The response was a Web Response: its headers stay (Hono's rule), its body goes.
      this.headerList = carriedHeaders(this.response);
      this.response = undefined;
    }
    if (status !== undefined) this.statusCode = validStatus(status);
    if (headers) {
      for (const name in headers) {
        const v = headers[name];
        if (Array.isArray(v)) for (const item of v) this.header(name, item, { append: true });
        else this.header(name, v);
      }
    }
    this.bodyKind = kind;
    this.bodyValue = value;
    this.finalized = true;
    return READY;
  }
}

/** A read-only live view of a context's c.set() values. */
function varView(c: Context<string, unknown>): Readonly<Record<string, unknown>> {
  const vars = (): Map<string, unknown> | undefined => (c as unknown as { vars: Map<string, unknown> | undefined }).vars;
  const refuse = (): boolean => { throw new TypeError(ERR_VAR_READ_ONLY); };
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_, key) => (typeof key === "string" ? vars()?.get(key) : undefined),
    has: (_, key) => typeof key === "string" && (vars()?.has(key) ?? false),
    ownKeys: () => [...(vars()?.keys() ?? [])],
    getOwnPropertyDescriptor: (_, key) => {
      const map = vars();
      if (typeof key !== "string" || !map?.has(key)) return undefined;
      return { value: map.get(key), writable: false, enumerable: true, configurable: true };
    },
    set: refuse, defineProperty: refuse, deleteProperty: refuse,
  });
}

function validStatus(code: StatusCode): StatusCode {
  if (!(code >= 200 && code <= 599 && Number.isInteger(code))) throw new RangeError(`${ERR_STATUS}: ${code}`);
  return code;
}

export { toWebResponse };
