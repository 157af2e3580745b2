/**
 * A fixed set of response headers a middleware adds after the route, each
 * only where the response has no header of that name yet (secureHeaders'
 * rule: what the handler set wins). Names and values are checked, and each
 * header line is rendered, once when the set is made; per request only the
 * headers already on the response are compared, so a route that set none
 * takes the whole set as one copy.
 *
 * @example
 *   const poweredBy = new HeaderDefaults([["X-Served-By", "edge"], ["Cache-Control", "no-store"]]);
 *   app.use((c, next) => afterNext(next(), () => poweredBy.addMissing(c)));
 */
import { isHeaderName, isTransportHeader } from "../core/http-rules.js";
import { checkedHeaderName, checkHeaderValue } from "./header-check.js";
import type { HeaderField, ResponseRecord } from "./response.js";

export const ERR_HEADER_DEFAULTS_REPEATED = "asedge: HeaderDefaults names a header twice";
export const ERR_HEADER_DEFAULTS_TRANSPORT = "asedge: HeaderDefaults cannot set a transport header (framing, Connection, Date: the writer's)";

/** Header text as bytes, one per char (values were checked: no char above 0xff). */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export class HeaderDefaults {
  private readonly entries: readonly HeaderField[];
  private readonly lower: readonly string[];

  constructor(headers: Iterable<readonly [name: string, value: string]>) {
    const entries: HeaderField[] = [];
    const lower: string[] = [];
    for (const [name, value] of headers) {
      const low = checkedHeaderName(name);
      checkHeaderValue(name, value);
      if (lower.includes(low)) throw new TypeError(`${ERR_HEADER_DEFAULTS_REPEATED}: ${name}`);
      if (isTransportHeader(low)) throw new TypeError(`${ERR_HEADER_DEFAULTS_TRANSPORT}: ${name}`);
      // Shared by every response: never changed in place.
      entries.push([name, value, latin1Bytes(`${name}: ${value}\r\n`)]);
      lower.push(low);
    }
    this.entries = entries;
    this.lower = lower;
  }

  /** Add each header the response does not have yet (by name, any case), after the ones it has. */
  addMissing(r: ResponseRecord): void {
    const { entries, lower } = this;
    if (r.response) {
      const { headers } = r.response;
      for (const [name, value] of entries) if (!headers.has(name)) headers.set(name, value);
      return;
    }
    const list = r.headerList;
    if (list === undefined || list.length === 0) {
      r.headerList = entries.slice();
      return;
    }
    // Only the headers there before are compared: the set names none twice.
    const before = list.length;
    for (let i = 0; i < entries.length; i++) {
      let present = false;
      for (let j = 0; j < before && !present; j++) present = isHeaderName(list[j][0], lower[i]);
      if (!present) list.push(entries[i]);
    }
  }
}
