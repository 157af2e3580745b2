/**
 * Node's own llhttp (the parser behind node:http), driven the way
 * lib/_http_server.js drives it: strict (no lenient flags), default header
 * size. Used as the reference in differential tests and as a bench peer.
 *
 * @example
 *   llhttpMessages(Buffer.from("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
 *   // → { ends: [27], error: null }
 */
// process.binding() is deprecated (DEP0111) but is the only way to Node's own
// llhttp; we know, so that one access does not print the warning (in every
// test run). Other deprecations still warn.
const warnDeprecations = process.noDeprecation;
process.noDeprecation = true;
// @ts-expect-error: internal binding, typed by hand below
const { HTTPParser, allMethods } = process.binding("http_parser");
process.noDeprecation = warnDeprecations;

export interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): number | Error | undefined;
  [slot: number]: unknown;
}

export const REQUEST: number = HTTPParser.REQUEST;
export const kOnHeaders: number = HTTPParser.kOnHeaders;
export const kOnHeadersComplete: number = HTTPParser.kOnHeadersComplete;
export const kOnBody: number = HTTPParser.kOnBody;
export const kOnMessageComplete: number = HTTPParser.kOnMessageComplete;
export const kOnExecute: number = HTTPParser.kOnExecute;
/** Method names by llhttp's method number (LlhttpHead.method). */
export const LLHTTP_METHODS: readonly string[] = allMethods;

/** A fresh request parser with the given callbacks set. */
export function newLlhttp(): LlhttpParser {
  const p = new HTTPParser() as LlhttpParser;
  p.initialize(REQUEST, {}, 0, 0);
  return p;
}

export interface LlhttpHead {
  versionMajor: number;
  versionMinor: number;
  headers: string[];
  method: number;
  url: string;
  upgrade: boolean;
  shouldKeepAlive: boolean;
}

export interface LlhttpResult {
  /** Byte offset (in the input) where each complete message ended. */
  ends: number[];
  heads: LlhttpHead[];
  bodies: Buffer[];
  /** llhttp error code name (e.g. "HPE_INVALID_METHOD") or null. */
  error: string | null;
  /** Bytes llhttp had seen when it rejected (the offending byte is the last), or null. */
  errorAt: number | null;
  /** Offset where an upgrade/CONNECT handed the rest to another protocol. */
  upgradeAt: number | null;
}

/**
 * Feed `input` one byte at a time (so every message end is known to the
 * byte) and report what llhttp made of it.
 */
export function llhttpMessages(input: Uint8Array): LlhttpResult {
  const p = newLlhttp();
  const res: LlhttpResult = { ends: [], heads: [], bodies: [], error: null, errorAt: null, upgradeAt: null };
  let pos = 0;
  let body: Buffer[] = [];
  let pendingHeaders: string[] = [];
  p[kOnHeaders] = (h: string[]) => { pendingHeaders.push(...h); };
  p[kOnHeadersComplete] = (versionMajor: number, versionMinor: number, headers: string[] | undefined,
    method: number, url: string, _s: unknown, _m: unknown, upgrade: boolean, shouldKeepAlive: boolean) => {
    res.heads.push({ versionMajor, versionMinor, headers: headers ?? pendingHeaders, method, url, upgrade, shouldKeepAlive });
    pendingHeaders = [];
    body = [];
    return 0;
  };
  p[kOnBody] = (b: Buffer) => { body.push(Buffer.from(b)); };
  p[kOnMessageComplete] = () => { res.ends.push(pos); res.bodies.push(Buffer.concat(body)); };
  for (pos = 1; pos <= input.length; pos++) {
    const r = p.execute(Buffer.from(input.subarray(pos - 1, pos)));
    if (r instanceof Error) {
      res.error = (r as Error & { code: string }).code;
      res.errorAt = pos;
      return res;
    }
    if (r === 0 || res.heads.length > 0 && res.heads[res.heads.length - 1].upgrade && res.ends.length === res.heads.length) {
      // llhttp stopped: the rest of the stream belongs to another protocol.
      if (res.heads.at(-1)?.upgrade) { res.upgradeAt = r === 0 ? pos - 1 : pos; return res; }
    }
  }
  return res;
}
