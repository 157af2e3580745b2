// Exchanges for the storage tests (format, file, HAR): text and binary
// bodies, two sessions, repeated fingerprints.
import type { RecordedExchange } from "./types.js";

const text = (s: string) => new TextEncoder().encode(s);

/** A 32-hex-digit fingerprint from a small number, so tests can name them. */
export function fp(n: number): string {
  return n.toString(16).padStart(32, "0");
}

export function exchange(overrides: Partial<RecordedExchange> & { url?: string; method?: string; status?: number; body?: Uint8Array } = {}): RecordedExchange {
  const { url = "/api/items?page=1", method = "GET", status = 200, body = text('{"items":[1,2,3]}'), ...rest } = overrides;
  return {
    fingerprint: fp(1), occurrence: 0, session: "",
    request: { method, url, headers: [["accept", "application/json"], ["x-trace", "a"], ["x-trace", "b"]], body: new Uint8Array(0) },
    response: { status, headers: [["content-type", "application/json"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]], body, encoding: "gzip" },
    startedAt: Date.UTC(2026, 11, 3, 12, 0, 0, 250), durationMs: 42,
    ...rest,
  };
}

/** Every byte value, twice: not UTF-8. */
export const BINARY = new Uint8Array(512).map((_, i) => i & 0xff);

/** A mixed recording: two sessions, a repeated request, a binary POST and a binary answer. */
export function mixed(): RecordedExchange[] {
  return [
    exchange(),
    exchange({ occurrence: 1, response: { status: 200, headers: [["content-type", "application/json"]], body: text('{"items":[]}'), encoding: "" } }),
    exchange({ session: "alice" }),
    exchange({
      fingerprint: fp(2), url: "/upload",
      request: { method: "POST", url: "/upload", headers: [["content-type", "application/octet-stream"]], body: BINARY },
      response: { status: 201, headers: [["content-type", "image/png"]], body: BINARY.slice(0, 300), encoding: "" },
    }),
    exchange({ fingerprint: fp(3), url: "/héllo?q=ü", response: { status: 204, headers: [], body: new Uint8Array(0), encoding: "" } }),
  ];
}
