/**
 * logger(): one access-log line per request (time, method, path, status,
 * bytes, duration, request id), as JSON lines or text, written in batches
 * (./sink.ts) so logging never blocks the event loop. A handler's error is
 * written into its line with the stack, once (the default onError then does
 * not log it again).
 *
 * @example
 *   import { logger } from "asedge/middleware/logger";
 *   app.use(logger());                                   // JSON lines on stdout
 *   app.use(logger({ format: "text" }));                 // for people
 *   app.use(logger({ sink: { write: (line) => lines.push(line), flush() {} } }));
 */
import type { Context } from "../../app/context.js";
import type { Handler, Next } from "../../app/types.js";
import { recordedBodyBytes as bodyBytes } from "../../app/response.js";
import { markErrorsLogged } from "../../app/error-log.js";
import { formatJson, formatText, type AccessEntry, type LogFormat } from "./format.js";
import { defaultSink, type LogSink } from "./sink.js";

export { BatchSink, ConsoleSink, defaultSink, type LogSink, type TextOutput } from "./sink.js";
export { formatJson, formatText, type AccessEntry, type LogFormat } from "./format.js";

export const ERR_LOG_FORMAT = "asedge: logger format must be \"json\" or \"text\"";

export interface LoggerOptions {
  /** "json" (default: one JSON object per line) or "text". */
  format?: LogFormat;
  /** Where lines go (default: batched stdout on Node, console on Workers). */
  sink?: LogSink;
  /** The c.get() key of the request id (default "requestId", what requestId() sets). */
  requestIdKey?: string;
}

const now: () => number = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

export function logger(options: LoggerOptions = {}): Handler {
  const format = options.format ?? "json";
  if (format !== "json" && format !== "text") throw new TypeError(`${ERR_LOG_FORMAT}: ${JSON.stringify(format)}`);
  const write = format === "json" ? formatJson : formatText;
  const sink = options.sink ?? defaultSink();
  const idKey = options.requestIdKey ?? "requestId";
  return async function accessLog(c: Context, next: Next): Promise<void> {
    const time = Date.now();
    const start = now();
    markErrorsLogged(c);
    await next(); // errors are answered inside (compose): the status here is the one sent
    const entry: AccessEntry = {
      time, method: c.req.method, path: c.req.path, status: c.response?.status ?? c.statusCode, bytes: bodyBytes(c),
      durationMs: now() - start, requestId: c.get<string>(idKey), error: c.error,
    };
    sink.write(write(entry));
  };
}
