/**
 * A fixed set of response headers a middleware adds after the route, each
 * only where the response has no header of that name yet (secureHeaders'
 * rule: what the handler set wins). Each is a PreparedHeader: checked, and
 * its line rendered, once when the set is made; per request only the
 * headers already on the response are compared, so a route that set none
 * takes the whole set as one copy.
 *
 * @example
 *   const edge = new HeaderDefaults([["X-Served-By", "edge"], ["Cache-Control", "no-store"]]);
 *   app.use((c, next) => afterNext(next(), () => edge.addMissing(c)));
 */
import { PreparedHeader } from "./prepared-header.js";
import { hasHeader, type HeaderField, type ResponseRecord } from "./response.js";

export const ERR_HEADER_DEFAULTS_REPEATED = "asedge: HeaderDefaults names a header twice";

export class HeaderDefaults {
  private readonly headers: readonly PreparedHeader[];
  private readonly fields: readonly HeaderField[];

  /** Throws for a header c.header() would refuse, a transport header (ERR_PREPARED_TRANSPORT), or a name given twice (any case). */
  constructor(headers: Iterable<readonly [name: string, value: string]>) {
    const prepared: PreparedHeader[] = [];
    for (const [name, value] of headers) {
      const header = new PreparedHeader(name, value);
      if (prepared.some((h) => h.lower === header.lower)) throw new TypeError(`${ERR_HEADER_DEFAULTS_REPEATED}: ${name}`);
      prepared.push(header);
    }
    this.headers = prepared;
    this.fields = prepared.map((h) => h.field);
    if (prepared.length > 1) {
      const lines = new Uint8Array(prepared.reduce((sum, h) => sum + h.field[2]!.length, 0));
      let at = 0;
      for (const h of prepared) {
        lines.set(h.field[2]!, at);
        at += h.field[2]!.length;
      }
      prepared[0].field[3] = { fields: this.fields, lines }; // the fields are this set's own: made above
    }
  }

  /** Add each header the response does not have yet (by name, any case), after the ones it has. */
  addMissing(r: ResponseRecord): void {
    const { headers, fields } = this;
    if (r.response) {
      const target = r.response.headers;
      for (const { name, value } of headers) if (!target.has(name)) target.set(name, value);
      return;
    }
    const list = r.headerList;
    if (list === undefined || list.length === 0) {
      r.headerList = fields.slice();
      return;
    }
    // The fields pushed here never match a later one: the set names none twice.
    for (let i = 0; i < headers.length; i++) if (!hasHeader(list, headers[i].lower)) list.push(fields[i]);
  }
}
