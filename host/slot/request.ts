/**
 * c.req on a slot host: the request the core parsed into a slot of WASM
 * memory, read lazily through the slot's RequestHead and header table
 * (layout: REQ and HDR in ../core/abi.ts). Valid until the response is sent.
 */
import type { Core } from "../core/core.js";
import { REQ, HDR, HEADER_ENTRY_SIZE, HEADER_NAMES, METHODS, Flag, REQUEST_HEAD_SIZE } from "../core/abi.js";
import { AppRequest } from "../app/request.js";
import type { ParamView } from "../app/params.js";
import type { Peer } from "./contract.js";

export const ERR_REQUEST_RELEASED =
  "asedge: the request was already answered; read what you need from c.req before the response is sent";

/** The header table sits right after the RequestHead in a slot. */
const HEADER_TABLE_OFFSET = REQUEST_HEAD_SIZE;

/** Lower-case header name → interned id (assembly/http/headers.ts). */
const HEADER_IDS = new Map<string, number>();
HEADER_NAMES.forEach((name, id) => { if (id !== 0) HEADER_IDS.set(name, id); });

/** A request parsed by the core into a slot (the Node host). */
export class SlotRequest<Path extends string = string> extends AppRequest<Path> {
  private _path: string | undefined;
  private _target: string | undefined;
  private _url: string | undefined;
  private _raw: Request | undefined;
  /** False once the slot went back to the pool. */
  live = true;

  /**
   * @param slot  the request's slot in `core` (parsed request, arena)
   * @param peer  the connection it came on (read by remoteAddress only)
   */
  constructor(core: Core, readonly slot: number, private readonly head: number, readonly input: number, private readonly view: ParamView,
    private readonly peer?: Peer) {
    super(core, view);
  }

  get remoteAddress(): string | undefined {
    return this.peer?.remoteAddress;
  }

  get heldSlot(): number {
    return this.slot;
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
    const id = HEADER_IDS.get(lower) ?? 0;
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

  /**
   * Replace the Web Request middleware sees as c.req.raw (Hono's body-limit
   * does, with a copy of the same body). text()/json()/arrayBuffer() still
   * read the body held in the slot.
   */
  set raw(request: Request) {
    this._raw = request;
  }
}
