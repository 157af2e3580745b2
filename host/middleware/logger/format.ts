/**
 * One access-log line: the fields, and the two formats (JSON lines for log
 * shippers, text for people).
 *
 *   json  {"time":"2026-12-03T10:15:00.123Z","method":"GET","path":"/users/1","status":200,"bytes":27,"duration_ms":0.081,"request_id":"a1"}
 *   text  2026-12-03T10:15:00.123Z GET /users/1 200 27B 0.081ms a1
 */

export interface AccessEntry {
  /** When the request reached the logger (ms since the epoch). */
  time: number;
  method: string;
  /** The path as received (no query: queries often carry tokens). */
  path: string;
  status: number;
  /** Response body bytes when known before sending (null: a stream, or a Response without Content-Length). */
  bytes: number | null;
  /** Milliseconds from the logger's entry to the response being recorded. */
  durationMs: number;
  requestId: string | undefined;
  error: Error | undefined;
}

export type LogFormat = "json" | "text";

export function formatJson(e: AccessEntry): string {
  let line = `{"time":"${new Date(e.time).toISOString()}","method":${JSON.stringify(e.method)},"path":${JSON.stringify(e.path)}`
    + `,"status":${e.status},"bytes":${e.bytes},"duration_ms":${round(e.durationMs)}`;
  if (e.requestId !== undefined) line += `,"request_id":${JSON.stringify(e.requestId)}`;
  if (e.error) line += `,"error":${JSON.stringify(e.error.message)},"stack":${JSON.stringify(e.error.stack ?? "")}`;
  return line + "}";
}

export function formatText(e: AccessEntry): string {
  let line = `${new Date(e.time).toISOString()} ${e.method} ${printable(e.path)} ${e.status} ${e.bytes === null ? "-" : `${e.bytes}B`} ${round(e.durationMs)}ms`;
  if (e.requestId !== undefined) line += ` ${printable(e.requestId)}`;
  if (e.error) line += `\n  ${(e.error.stack ?? `${e.error.name}: ${e.error.message}`).replace(/\n/g, "\n  ")}`;
  return line;
}

/** Three decimals: microseconds. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Control characters escaped, so a path cannot forge a log line. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(text) ? JSON.stringify(text).slice(1, -1) : text;
}
