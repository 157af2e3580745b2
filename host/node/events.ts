/**
 * Server events (listening, a worker restarted or given up, a core replaced
 * after a trap, a response that could not be written, limits hit) as log
 * lines. By default they are the readable lines asedge has always written to
 * stderr; with `log: { format: "json" }` they are JSON lines through the same
 * sinks the access log (asedge/middleware/logger) uses, so one log carries
 * both.
 *
 *   text  asedge: the WASM core trapped (unreachable); replaced it with a new instance (restart 1)
 *   json  {"time":"…","level":"error","event":"core-replaced","message":"asedge: the WASM core trapped …","restarts":1}
 *
 * Limits hit (connections refused over maxConnections, no slot free) are
 * counted in server.stats() and logged at most once per `LIMIT_LOG_INTERVAL`
 * with how many there were since the last line, so a flood cannot flood the log.
 */
import { defaultSink, type LogSink } from "../middleware/logger/sink.js";
import type { LogFormat } from "../middleware/logger/format.js";

export type EventLevel = "info" | "warn" | "error";

export interface ServerLogOptions {
  /** "text" (default: readable lines) or "json" (one object per line). */
  format?: LogFormat;
  /** Where lines go (default: console.error for text, batched stdout for JSON, where access-log lines go by default). */
  sink?: LogSink;
}

type Fields = Record<string, string | number | boolean | undefined>;

/** Milliseconds between two lines about the same limit. */
export const LIMIT_LOG_INTERVAL = 10_000;

export class ServerEvents {
  private readonly format: LogFormat;
  /** Undefined: readable lines through console.error, as asedge always wrote them. */
  private readonly sink: LogSink | undefined;
  private readonly limits = new Map<string, { at: number; since: number }>();

  constructor(options: ServerLogOptions = {}) {
    this.format = options.format ?? "text";
    this.sink = options.sink ?? (this.format === "json" ? defaultSink() : undefined); // the access log's sink: one batch, one order
  }

  emit(level: EventLevel, event: string, message: string, fields: Fields = {}, error?: unknown): void {
    if (this.format === "text") {
      if (!this.sink) console.error(message, ...(error === undefined ? [] : [error]));
      else this.sink.write(error instanceof Error ? `${message}\n${error.stack ?? error.message}` : message);
      return;
    }
    let line = `{"time":"${new Date().toISOString()}","level":"${level}","event":${JSON.stringify(event)},"message":${JSON.stringify(message)}`;
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) line += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
    if (error instanceof Error) line += `,"error":${JSON.stringify(error.message)},"stack":${JSON.stringify(error.stack ?? "")}`;
    this.sink!.write(`${line}}`);
  }

  /** A limit was hit: a line now if none was written about it for LIMIT_LOG_INTERVAL, else counted for the next one. */
  limit(event: string, message: (count: number) => string, now = Date.now()): void {
    const seen = this.limits.get(event);
    if (seen && now - seen.at < LIMIT_LOG_INTERVAL) {
      seen.since++;
      return;
    }
    const count = (seen?.since ?? 0) + 1;
    this.limits.set(event, { at: now, since: 0 });
    this.emit("warn", event, message(count), { count });
  }

  flush(): void {
    this.sink?.flush();
  }
}
