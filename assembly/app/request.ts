// AppRequest: the request as an AssemblyScript handler reads it (c.req).
// Fields come from the slot's RequestHead and header table on demand: spans
// (ptr + length, no copy) or strings made only when asked for. Params are
// those of the running handler's own route (its match record).

import { RequestHead, HeaderEntry, HEADER_ENTRY_SIZE, FLAG_ASTERISK_FORM } from "../http/request";
import { slotBase, slotHeaders, slotArenaBase } from "../arena/pool";
import {
  MATCH_RECORD_SIZE, MATCH_PARAM_SIZE, MATCH_ROUTE_ID, MATCH_PARAM_COUNT, MATCH_PARAM_NAME, MATCH_PARAM_OFFSET, MATCH_PARAM_LENGTH,
} from "../router/router";
import { utf8String, equalsIgnoreCase, lowerAscii, decodedString } from "./text";

/** One query-string pair, decoded. */
export class QueryPair {
  constructor(public name: string, public value: string) {}
}

export class AppRequest {
  slot: u32 = 0;
  /** The slot's RequestHead; spans are relative to `input`. */
  head: RequestHead = changetype<RequestHead>(0);
  input: usize = 0;
  /** Match record of the running handler (0: none), names per route id, decoded-path base. */
  record: usize = 0;
  names: Array<Array<string>> = [];
  pathBase: usize = 0;

  begin(slot: u32): void {
    this.slot = slot;
    this.head = changetype<RequestHead>(slotBase(slot));
    this.input = slotArenaBase(slot);
    this.record = 0;
  }

  /** Method id (http/methods.ts METHOD_*). */
  get methodId(): u32 { return this.head.methodId; }
  get method(): string { return utf8String(this.input + this.head.methodOff, this.head.methodLen); }
  /** Raw path as sent ("*" for OPTIONS *). */
  get path(): string {
    if (this.head.flags & FLAG_ASTERISK_FORM) return "*";
    return this.head.pathLen == 0 ? "/" : utf8String(this.pathPtr, this.head.pathLen);
  }
  get pathPtr(): usize { return this.input + this.head.pathOff; }
  get pathLen(): u32 { return this.head.pathLen; }
  /** The request-target as sent ("/a/b?x=1"). */
  get target(): string { return utf8String(this.input + this.head.targetOff, this.head.targetLen); }
  get queryPtr(): usize { return this.input + this.head.queryOff; }
  get queryLen(): u32 { return this.head.queryLen; }
  get bodyPtr(): usize { return this.input + this.head.bodyOff; }
  get bodyLength(): u32 { return this.head.bodyLen; }
  /** The body as text (UTF-8). */
  text(): string { return utf8String(this.bodyPtr, this.head.bodyLen); }

  /** A route param of the running handler's route, %-decoded; null when absent. */
  param(name: string): string | null {
    const record = this.record;
    if (record == 0) return null;
    const names = this.names[load<u32>(record + MATCH_ROUTE_ID)];
    const count = load<u32>(record + MATCH_PARAM_COUNT);
    let p = record + MATCH_RECORD_SIZE;
    for (let i: u32 = 0; i < count; i++, p += MATCH_PARAM_SIZE) {
      if (names[load<u32>(p + MATCH_PARAM_NAME)] == name) {
        return decodedString(this.pathBase + load<u32>(p + MATCH_PARAM_OFFSET), load<u32>(p + MATCH_PARAM_LENGTH), false);
      }
    }
    return null;
  }

  /** Every query pair in order, names and values decoded; empty names dropped (as Hono). */
  queryPairs(): Array<QueryPair> {
    const pairs = new Array<QueryPair>();
    const q = this.queryPtr;
    const len = this.queryLen;
    let start: u32 = 0;
    while (start <= len && len > 0) {
      let end = start;
      while (end < len && load<u8>(q + end) != 0x26) end++;
      let eq = start;
      while (eq < end && load<u8>(q + eq) != 0x3d) eq++;
      const name = decodedString(q + start, eq - start, true);
      const value = eq < end ? decodedString(q + eq + 1, end - eq - 1, true) : "";
      if (name.length > 0) pairs.push(new QueryPair(name, value));
      start = end + 1;
    }
    return pairs;
  }

  /** First value of a query name, or null. */
  query(name: string): string | null {
    const pairs = this.queryPairs();
    for (let i = 0; i < pairs.length; i++) if (pairs[i].name == name) return pairs[i].value;
    return null;
  }

  /** Every value of a query name (empty when absent). */
  queries(name: string): Array<string> {
    const values = new Array<string>();
    const pairs = this.queryPairs();
    for (let i = 0; i < pairs.length; i++) if (pairs[i].name == name) values.push(pairs[i].value);
    return values;
  }

  get headerCount(): u32 { return this.head.headerCount; }

  private entry(i: u32): HeaderEntry {
    return changetype<HeaderEntry>(slotHeaders(this.slot) + <usize>i * HEADER_ENTRY_SIZE);
  }

  /** Name of the i-th header, lower-case. */
  headerNameAt(i: u32): string {
    const e = this.entry(i);
    return lowerAscii(this.input + e.nameOff, e.nameLen);
  }

  headerValueAt(i: u32): string {
    const e = this.entry(i);
    return utf8String(this.input + e.valueOff, e.valueLen);
  }

  /** A request header (case-insensitive); repeated fields joined with ", "; null when absent. */
  header(name: string): string | null {
    let found: string | null = null;
    const n = this.head.headerCount;
    for (let i: u32 = 0; i < n; i++) {
      const e = this.entry(i);
      if (!equalsIgnoreCase(this.input + e.nameOff, e.nameLen, name)) continue;
      const value = utf8String(this.input + e.valueOff, e.valueLen);
      found = found === null ? value : found + ", " + value;
    }
    return found;
  }
}
