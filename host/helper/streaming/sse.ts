/**
 * Server-sent events framing (WHATWG HTML §9.2 "event stream"), as Hono
 * writes it: fields in the order event, data, id, retry, "\n" after each,
 * one blank line after the event.
 *
 *   writeSSE({ event: "tick", data: "a\nb", id: "7", retry: 1000 })
 *   →  event: tick\ndata: a\ndata: b\nid: 7\nretry: 1000\n\n
 *
 * Data is split at CRLF, CR and LF into one `data:` line each (a browser
 * joins them back with "\n"); an event or id with CR or LF would end its
 * field early and forge the next one, so it is refused, and so is an id with
 * NUL (a browser ignores it) and a retry that is not a non-negative integer.
 */
import { StreamingApi } from "./stream.js";

export const ERR_SSE_FIELD = "asedge: an SSE event or id must not contain CR or LF (nor an id NUL)";
export const ERR_SSE_RETRY = "asedge: an SSE retry must be a non-negative integer (milliseconds)";

export interface SSEMessage {
  data: string;
  event?: string;
  id?: string;
  /** Reconnection time in milliseconds. */
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** The bytes of one event, as text. */
export function formatSSE(message: SSEMessage): string {
  const { data, event, id, retry } = message;
  if (event !== undefined && /[\r\n]/.test(event)) throw new TypeError(`${ERR_SSE_FIELD}: event ${JSON.stringify(event)}`);
  if (id !== undefined && /[\r\n\0]/.test(id)) throw new TypeError(`${ERR_SSE_FIELD}: id ${JSON.stringify(id)}`);
  if (retry !== undefined && !(Number.isInteger(retry) && retry >= 0)) throw new RangeError(`${ERR_SSE_RETRY}: ${retry}`);
  let text = event ? `event: ${event}\n` : "";
  for (const line of String(data).split(LINE_BREAK)) text += `data: ${line}\n`;
  if (id !== undefined) text += `id: ${id}\n`;
  if (retry !== undefined) text += `retry: ${retry}\n`;
  return `${text}\n`;
}

/** The writer streamSSE hands its callback. */
export class SSEStreamingApi extends StreamingApi {
  /** Send one event (see formatSSE); a bad field throws before anything is sent. */
  async writeSSE(message: SSEMessage): Promise<void> {
    await this.write(formatSSE(message));
  }
}
