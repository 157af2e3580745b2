/**
 * c.req: a lazy view of the request. Nothing is decoded into a JS string
 * until a handler asks for it; what is asked for once is cached.
 *
 * Two sources share this API: SlotRequest (../slot/request.ts: a slot host
 * such as Node parsed the request into a slot of WASM memory) and
 * FetchRequest (app.fetch(): a Web Request, as on Workers).
 */
import type { Core } from "../core/core.js";
import { parseQuery, firstValues, type QueryValues } from "./query.js";
import { readBody } from "./body.js";
import type { OptionalParamKeys, RequiredParamKeys } from "./types.js";
import type { ValidationTarget } from "./schema.js";
import { parseForm, readForm, type FormLimits, type ParseBodyOptions, type ParsedBody } from "./form.js";

export const ERR_NO_HELD_BODY = "asedge: a fetch request's body is not in WASM memory; read it with text(), json() or arrayBuffer()";
export const ERR_NOT_VALIDATED = "asedge: c.req.valid() without a validator() for this target on the route";

const decoder = new TextDecoder();

/** Where c.req.param() reads the params of the handler running now. */
export interface ParamSource {
  get(name: string): string | undefined;
  all(): Record<string, string>;
}

/** The params of a request not routed yet (not-found before routing, errors): none. */
const NO_PARAMS: ParamSource = { get: () => undefined, all: () => Object.create(null) as Record<string, string> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` (as in Hono) lets a handler typed `(c: Context) => …` serve any path
export abstract class AppRequest<Path extends string = any> {
  private _query: QueryValues | undefined;
  /**
   * The most body bytes this request may read (bodyLimit sets it); the
   * core's maxBodyBytes applies as well. Fetch hosts count the bytes as they
   * stream in; slot hosts hold the whole body before the handlers run.
   * Added when set: requests without a limit never carry the field.
   */
  declare bodyLimit: number | undefined;
  private _valid: Partial<Record<ValidationTarget, unknown>> | undefined;
  /** Added when a form is first read: requests that read none never carry the field. */
  private declare _form: Promise<FormData> | undefined;

  /** @param core  the WASM core serving this request (advanced use: WASM helpers) */
  constructor(readonly core: Core, protected params: ParamSource) {}

  /** The slot the request was parsed into and holds until answered (slot hosts); undefined on fetch hosts. */
  abstract readonly heldSlot: number | undefined;
  /** The body as it lies in the held slot's arena (slot hosts only: see heldSlot). */
  abstract bodyView(): Uint8Array;

  abstract readonly method: string;
  /** Absolute URL ("http://host/path?query"). */
  abstract readonly url: string;
  /** Path as received (not %-decoded). */
  abstract readonly path: string;
  /** The request-target: path and query as sent ("/a/b?x=1"). */
  abstract readonly target: string;
  /** Query string without '?' ("" when none). */
  protected abstract readonly rawQuery: string;
  /** Header value by case-insensitive name; repeated fields joined with ", ". */
  abstract header(name: string): string | undefined;
  /** All headers, lower-case names. */
  abstract header(): Record<string, string>;
  /** Header fields as received, [lower-case name, value], in order where the host knows it. */
  abstract headerList(): [string, string][];
  abstract text(): Promise<string>;
  abstract arrayBuffer(): Promise<ArrayBuffer>;
  /** The Web Request (built on demand on the Node host). */
  abstract readonly raw: Request;

  /** The client's IP address where the host knows it (the Node host: the socket's peer); undefined on fetch hosts. */
  get remoteAddress(): string | undefined {
    return undefined;
  }

  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  /**
   * The form body (urlencoded or multipart) as FormData, parsed once; the
   * limits of the first call count. Throws FormError (400, 413, 415: ./form.ts).
   */
  formData(limits?: FormLimits): Promise<FormData> {
    return (this._form ??= readForm(this, limits));
  }

  /**
   * The form body as Hono's parseBody gives it: `{ name: value }`, the last
   * value of a repeated name unless `all`; {} when the body is not a form.
   */
  parseBody<T extends ParsedBody = ParsedBody>(options?: ParseBodyOptions): Promise<T> {
    return parseForm(this, options) as Promise<T>;
  }

  /**
   * The value validator(target, schema) checked (and coerced) for this
   * request; throws when no validator for `target` ran. `T` is the caller's
   * claim, e.g. Infer<typeof schema>.
   */
  valid<T = unknown>(target: ValidationTarget): T {
    const values = this._valid;
    if (!values || !(target in values)) throw new Error(`${ERR_NOT_VALIDATED}: ${target}`);
    return values[target] as T;
  }

  /** Record a validated value (what validator() does), for c.req.valid(target). */
  addValidatedData(target: ValidationTarget, value: unknown): void {
    (this._valid ??= Object.create(null) as Partial<Record<ValidationTarget, unknown>>)[target] = value;
  }

  /** A route param (decoded), or all of them; an optional param (`:name?`) may be undefined. */
  param(name: RequiredParamKeys<Path> | (string extends Path ? string : never)): string;
  param(name: OptionalParamKeys<Path>): string | undefined;
  param(): Record<string, string>;
  param(name?: string): string | Record<string, string> | undefined {
    return name === undefined ? this.params.all() : this.params.get(name);
  }

  /** First value of a query parameter, or all first values. */
  query(name: string): string | undefined;
  query(): Record<string, string>;
  query(name?: string): string | undefined | Record<string, string> {
    const values = (this._query ??= parseQuery(this.rawQuery));
    return name === undefined ? firstValues(values) : values[name]?.[0];
  }

  /** Every value of a query parameter, or of all of them. */
  queries(name: string): string[] | undefined;
  queries(): Record<string, string[]>;
  queries(name?: string): string[] | undefined | Record<string, string[]> {
    const values = (this._query ??= parseQuery(this.rawQuery));
    return name === undefined ? values : values[name];
  }
}

/**
 * A Web Request handed to app.fetch() (Workers, tests, any fetch-style host).
 * It holds no slot: routing copied what the handlers need out of WASM memory.
 */
export class FetchRequest<Path extends string = string> extends AppRequest<Path> {
  private _url: URL | undefined;
  private _body: Promise<ArrayBuffer> | undefined;
  /** Where the path starts in the URL. */
  private readonly pathStart: number;

  readonly heldSlot = undefined;

  constructor(core: Core, readonly raw: Request) {
    super(core, NO_PARAMS);
    const url = raw.url;
    const start = url.indexOf("/", url.indexOf(":") + 3);
    this.pathStart = start === -1 ? url.length : start;
  }

  bodyView(): Uint8Array {
    throw new Error(ERR_NO_HELD_BODY);
  }

  /** The router's matches: what param() reads from now on. */
  routed(params: ParamSource): void {
    this.params = params;
  }

  get method(): string {
    return this.raw.method;
  }

  get url(): string {
    return this.raw.url;
  }

  get path(): string {
    const url = this.raw.url;
    const query = url.indexOf("?", this.pathStart);
    return url.slice(this.pathStart, query === -1 ? undefined : query) || "/";
  }

  get target(): string {
    const url = this.raw.url;
    const hash = url.indexOf("#", this.pathStart);
    return url.slice(this.pathStart, hash === -1 ? undefined : hash) || "/";
  }

  protected get rawQuery(): string {
    const url = this.raw.url;
    const query = url.indexOf("?", this.pathStart);
    if (query === -1) return "";
    const hash = url.indexOf("#", query);
    return url.slice(query + 1, hash === -1 ? undefined : hash);
  }

  /** The parsed URL, on demand. */
  get parsedUrl(): URL {
    return (this._url ??= new URL(this.raw.url));
  }

  header(name: string): string | undefined;
  header(): Record<string, string>;
  header(name?: string): string | undefined | Record<string, string> {
    if (name !== undefined) return this.raw.headers.get(name) ?? undefined;
    const all: Record<string, string> = Object.create(null);
    this.raw.headers.forEach((value, key) => { all[key] = value; });
    return all;
  }

  headerList(): [string, string][] {
    const list: [string, string][] = [];
    this.raw.headers.forEach((value, key) => { list.push([key, value]); });
    return list;
  }

  /** The body, read once and kept (at most the core's maxBodyBytes and bodyLimit, else BodyTooLargeError). */
  arrayBuffer(): Promise<ArrayBuffer> {
    const limit = this.bodyLimit === undefined ? this.core.maxBodyBytes : Math.min(this.bodyLimit, this.core.maxBodyBytes);
    return (this._body ??= readBody(this.raw, limit));
  }

  async text(): Promise<string> {
    return decoder.decode(await this.arrayBuffer());
  }
}
