/**
 * Record/replay, the shared shapes: one recorded exchange, the fingerprint
 * that finds it, the storage contract. Runtime-free.
 *
 *   client ─▶ replay() ─ fingerprint (WASM, ./fingerprint.ts) ─▶ Recording index ─ hit ─▶ answer from the recording
 *                                                                      └─ miss ─▶ next handler (proxy) ─▶ redact ─▶ append
 */

/** 32 lower-case hex digits: the 128-bit fingerprint of a request (./fingerprint.ts says how it is computed). */
export type Fingerprint = string;

/** Header fields in order, lower-case names, repeated names kept. */
export type HeaderList = [string, string][];

/** One request and the answer it got, as stored (already redacted). */
export interface RecordedExchange {
  /** The fingerprint of the request (after redaction's keyed hashes, so a replayed request computes the same). */
  fingerprint: Fingerprint;
  /** 0 for the first request with this fingerprint in its session, 1 for the next, … */
  occurrence: number;
  /** The session id (X-Asedge-Session), "" when none. */
  session: string;
  request: {
    method: string;
    /** Path and query as the client sent them (redacted query values replaced). */
    url: string;
    headers: HeaderList;
    body: Uint8Array;
  };
  response: {
    status: number;
    headers: HeaderList;
    /** Decoded: a gzip/br/deflate body is stored as its plain bytes, Content-Encoding removed from `headers`. */
    body: Uint8Array;
    /** The Content-Encoding the upstream used ("" when none), so an export can say so. */
    encoding: string;
  };
  /** When the request arrived (ms since the epoch) and how long the answer took (ms). */
  startedAt: number;
  durationMs: number;
}
