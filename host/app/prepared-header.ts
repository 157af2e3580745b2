/**
 * A response header checked and rendered once, for middleware that sets the
 * same header on many responses (cors' Access-Control-Allow-Origin for an
 * allowed origin, Vary: Origin): no name or value check per request, and the
 * slot writer copies its line as bytes ("Name: value\r\n", made here).
 *
 * @example
 *   const noStore = new PreparedHeader("Cache-Control", "no-store");
 *   app.use((c, next) => afterNext(next(), () => noStore.setOn(c)));
 */
import { isTransportHeader } from "../core/http-rules.js";
import { checkedHeaderName, checkHeaderValue } from "./header-check.js";
import { removeHeader, type HeaderField, type ResponseRecord } from "./response.js";

export const ERR_PREPARED_TRANSPORT = "asedge: a prepared header cannot be a transport header (framing, Connection, Date: the writer's)";

/** Header text as bytes, one per char (values were checked: no char above 0xff). */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export class PreparedHeader {
  /** The name in lower case (names compare ignoring case). */
  readonly lower: string;
  /** The record's entry: shared by every response that gets it, so never changed in place. */
  readonly field: HeaderField;

  /** Throws ERR_HEADER_NAME / ERR_HEADER_VALUE / ERR_PREPARED_TRANSPORT (TypeError) for a header c.header() would refuse or drop. */
  constructor(readonly name: string, readonly value: string) {
    this.lower = checkedHeaderName(name);
    checkHeaderValue(name, value);
    if (isTransportHeader(this.lower)) throw new TypeError(`${ERR_PREPARED_TRANSPORT}: ${name}`);
    this.field = [name, value, latin1Bytes(`${name}: ${value}\r\n`)];
  }

  /** Set it on the response, replacing any header of its name: c.header(name, value). */
  setOn(r: ResponseRecord): void {
    if (r.response) {
      r.response.headers.set(this.name, this.value);
      return;
    }
    const list = r.headerList;
    if (list === undefined) {
      r.headerList = [this.field];
      return;
    }
    removeHeader(list, this.lower);
    list.push(this.field);
  }
}
