/**
 * Streaming responses with Hono's names: `stream`, `streamText`, `streamSSE`.
 * The callback runs at once and writes as it goes; the response (recorded
 * with c.body(stream), so headers set before stay) leaves as the host reads:
 * chunked on HTTP/1.1 on the Node host, with back-pressure; a client that
 * goes away cancels the body, which runs `stream.onAbort` listeners on every
 * host.
 *
 * @example
 *   import { streamSSE } from "asedge/helper/streaming";
 *
 *   app.get("/ticks", (c) => streamSSE(c, async (stream) => {
 *     stream.onAbort(() => console.log("client left"));
 *     for (let id = 0; !stream.aborted; id++) {
 *       await stream.writeSSE({ event: "tick", data: new Date().toISOString(), id: String(id) });
 *       await stream.sleep(1000);
 *     }
 *   }));
 */
import type { Context } from "../../app/context.js";
import type { ResponseReady } from "../../app/types.js";
import { StreamingApi } from "./stream.js";
import { SSEStreamingApi } from "./sse.js";

export { StreamingApi } from "./stream.js";
export { ERR_SSE_FIELD, ERR_SSE_RETRY, formatSSE, SSEStreamingApi, type SSEMessage } from "./sse.js";

type Callback<S> = (stream: S) => Promise<void> | void;
type OnError<S> = (error: Error, stream: S) => Promise<void> | void;

/** A streamed body of whatever the callback writes (no Content-Type unless set). */
export function stream(c: Context, callback: Callback<StreamingApi>, onError?: OnError<StreamingApi>): ResponseReady {
  const writer = new StreamingApi();
  abortWithClient(c, writer);
  void run(writer, callback, onError);
  return c.body(writer.responseReadable);
}

/** A streamed text/plain body (with X-Content-Type-Options: nosniff, so browsers render it as it arrives). */
export function streamText(c: Context, callback: Callback<StreamingApi>, onError?: OnError<StreamingApi>): ResponseReady {
  c.header("Content-Type", "text/plain; charset=UTF-8");
  c.header("X-Content-Type-Options", "nosniff");
  return stream(c, callback, onError);
}

/**
 * An event stream (Content-Type: text/event-stream, Cache-Control: no-cache).
 * When the callback throws, `onError` runs and an `error` event with the
 * message is sent before the stream ends (Hono's behaviour).
 */
export function streamSSE(c: Context, callback: Callback<SSEStreamingApi>, onError?: OnError<SSEStreamingApi>): ResponseReady {
  const writer = new SSEStreamingApi();
  abortWithClient(c, writer);
  c.header("Content-Type", "text/event-stream");
  c.header("Cache-Control", "no-cache");
  void run(writer, callback, onError && (async (error, s) => {
    await onError(error, s);
    await s.writeSSE({ event: "error", data: error.message });
  }));
  return c.body(writer.responseReadable);
}

/**
 * A fetch host's own Request (Workers) says when its client disconnects
 * through request.signal (workerd: the enable_request_signal compatibility
 * flag); slot hosts cancel the body instead (no Request is built for it).
 */
function abortWithClient(c: Context, writer: StreamingApi): void {
  if (c.req.heldSlot !== undefined) return;
  const signal = (c.req.raw as Request | undefined)?.signal;
  if (!signal) return;
  if (signal.aborted) writer.abort();
  else signal.addEventListener("abort", () => writer.abort(), { once: true });
}

async function run<S extends StreamingApi>(writer: S, callback: Callback<S>, onError: OnError<S> | undefined): Promise<void> {
  try {
    await callback(writer);
  } catch (error) {
    if (error instanceof Error && onError) {
      try {
        await onError(error, writer);
      } catch (again) {
        console.error("asedge: stream onError failed:", again);
      }
    } else if (error !== undefined) console.error("asedge: stream callback failed:", error);
  } finally {
    await writer.close();
  }
}
