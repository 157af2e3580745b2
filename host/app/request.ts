/**
 * c.req: a lazy view of the request. Nothing is decoded into a JS string
 * until a handler asks for it; what is asked for once is cached.
 *
 * Two sources share this API: SlotRequest (the Node host: the request was
 * parsed into a slot of WASM memory) and FetchRequest (app.fetch(): a Web
 * Request, as on Workers).
 */
import type { Core } from "../core/core.js";
import { REQ, HDR, HEADER_ENTRY_SIZE, HEADER_NAMES, METHODS, Flag, REQUEST_HEAD_SIZE } from "../core/abi.js";
import { parseQuery, firstValues, type QueryValues } from "./query.js";
import type { ParamView } from "./params.js";
import { readBody } from "./body.js";
import type { OptionalParamKeys, RequiredParamKeys } from "./types.js";
import type { ValidationTarget } from "./schema.js";

/** The header table sits right after the RequestHead in a slot. */
const HEADER_TABLE_OFFSET = REQUEST_HEAD_SIZE;

export const ERR_REQUEST_RELEASED =
  "asedge: the request was already answered; read what you need from c.req before the response is sent";
export const ERR_NOT_VALIDATED = "asedge: c.req.valid() without a validator() for this target on the route";

const decoder = new TextDecoder();

/** Where c.req.param() reads the params of the handler running now. */
export interface ParamSource {
  get(name: string): string | undefined;
  all(): Record<string, string>;
}

/** The params of a request not routed yet (not-found before routing, errors): none. */
const NO_PARAMS: ParamSource = { get: () => undefined, all: () => Object.create(null) as Record<string, string> };

/** Lower-case header name → interned id (assembly/http/headers.ts). */
const HEADER_IDS: Record<string, number> = Object.create(null);
HEADER_NAMES.forEach((name, id) => { if (id !== 0) HEADER_IDS[name] = id; });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` (as in Hono) lets a handler typed `(c: Context) => …` serve any path
export abstract class AppRequest<Path extends string = any> {
  private _query: QueryValues | undefined;
  private _valid: Partial<Record<ValidationTarget, unknown>> | undefined;

  /** @param core  the WASM core serving this request (advanced use: WASM helpers) */
  constructor(readonly core: Core, protected params: ParamSource) {}

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

  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
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

/** A request parsed by the core into a slot (Node host). */
export class SlotRequest<Path extends string = string> extends AppRequest<Path> {
  private _path: string | undefined;
  private _target: string | undefined;
  private _url: string | undefined;
  private _raw: Request | undefined;
  /** False once the slot went back to the pool. */
  live = true;

  /**
   * @param slot  the request's slot in `core` (parsed request, arena)
   */
  constructor(core: Core, readonly slot: number, private readonly head: number, readonly input: number, private readonly view: ParamView) {
    super(core, view);
  }

  /** The slot is going back to the pool: later reads of WASM memory must fail loudly. */
  detach(): void {
    this.view.live = false;
    this.live = false;
  }

  private u32(field: number): number {
    if (!this.live) throw new Error(ERR_REQUEST_RELEASED);
    return this.core.u32(this.head + field);
  }

  private span(offField: number, lenField: number): string {
    return this.core.utf8(this.input + this.u32(offField), this.u32(lenField));
  }

  get method(): string {
    const id = this.u32(REQ.METHOD_ID);
    return METHODS[id] ?? this.core.latin1(this.input + this.u32(REQ.METHOD_OFF), this.u32(REQ.METHOD_LEN));
  }

  get path(): string {
    return (this._path ??= this.u32(REQ.FLAGS) & Flag.ASTERISK_FORM ? "*" : this.span(REQ.PATH_OFF, REQ.PATH_LEN) || "/");
  }

  /** The request-target exactly as received. */
  get target(): string {
    return (this._target ??= this.span(REQ.TARGET_OFF, REQ.TARGET_LEN));
  }

  get url(): string {
    if (this._url !== undefined) return this._url;
    const target = this.target;
    if (this.u32(REQ.FLAGS) & Flag.ABSOLUTE_FORM) return (this._url = target);
    return (this._url = `http://${this.header("host") ?? "localhost"}${target.startsWith("/") ? target : "/"}`);
  }

  protected get rawQuery(): string {
    return this.u32(REQ.FLAGS) & Flag.HAS_QUERY ? this.span(REQ.QUERY_OFF, REQ.QUERY_LEN) : "";
  }

  header(name: string): string | undefined;
  header(): Record<string, string>;
  header(name?: string): string | undefined | Record<string, string> {
    if (name === undefined) {
      const all: Record<string, string> = Object.create(null);
      for (const [key, value] of this.headerList()) all[key] = key in all ? `${all[key]}, ${value}` : value;
      return all;
    }
    const lower = name.toLowerCase();
    const id = HEADER_IDS[lower] ?? 0;
    const { core } = this;
    const count = this.u32(REQ.HEADER_COUNT);
    let entry = this.head + HEADER_TABLE_OFFSET;
    let found: string | undefined;
    for (let i = 0; i < count; i++, entry += HEADER_ENTRY_SIZE) {
      const entryId = core.u16(entry + HDR.ID);
      const matches = id !== 0
        ? entryId === id
        : entryId === 0 && core.latin1(this.input + core.u32(entry + HDR.NAME_OFF), core.u16(entry + HDR.NAME_LEN)).toLowerCase() === lower;
      if (!matches) continue;
      const value = core.utf8(this.input + core.u32(entry + HDR.VALUE_OFF), core.u32(entry + HDR.VALUE_LEN));
      found = found === undefined ? value : `${found}, ${value}`;
    }
    return found;
  }

  headerList(): [string, string][] {
    const { core } = this;
    const count = this.u32(REQ.HEADER_COUNT);
    const list: [string, string][] = [];
    let entry = this.head + HEADER_TABLE_OFFSET;
    for (let i = 0; i < count; i++, entry += HEADER_ENTRY_SIZE) {
      const id = core.u16(entry + HDR.ID);
      const name = id !== 0 ? HEADER_NAMES[id] : core.latin1(this.input + core.u32(entry + HDR.NAME_OFF), core.u16(entry + HDR.NAME_LEN)).toLowerCase();
      list.push([name, core.utf8(this.input + core.u32(entry + HDR.VALUE_OFF), core.u32(entry + HDR.VALUE_LEN))]);
    }
    return list;
  }

  /** Body bytes as a view into WASM memory (valid until the response is sent). */
  bodyView(): Uint8Array {
    const off = this.input + this.u32(REQ.BODY_OFF);
    return this.core.u8.subarray(off, off + this.u32(REQ.BODY_LEN));
  }

  async text(): Promise<string> {
    return this.span(REQ.BODY_OFF, REQ.BODY_LEN);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bodyView().slice().buffer;
  }

  get raw(): Request {
    if (this._raw) return this._raw;
    const method = this.method;
    const body = method === "GET" || method === "HEAD" ? null : this.bodyView().slice();
    return (this._raw = new Request(this.url, { method, headers: this.headerList(), body }));
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

  constructor(core: Core, readonly raw: Request) {
    super(core, NO_PARAMS);
    const url = raw.url;
    const start = url.indexOf("/", url.indexOf(":") + 3);
    this.pathStart = start === -1 ? url.length : start;
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

  /** The body, read once and kept (at most the core's maxBodyBytes, else BodyTooLargeError). */
  arrayBuffer(): Promise<ArrayBuffer> {
    return (this._body ??= readBody(this.raw, this.core.maxBodyBytes));
  }

  async text(): Promise<string> {
    return decoder.decode(await this.arrayBuffer());
  }
}
