/**
 * Where log lines go. A sink takes whole lines (no trailing newline) and may
 * batch them; `flush()` writes what it holds.
 *
 * The default batches on every platform with a byte stream (Node: one
 * `stdout.write` per event-loop turn, however many requests it served, so a
 * burst of requests costs one write, not one per line) and falls back to one
 * `console.log` per line where there is none (Workers: the platform collects
 * console output per request).
 */
export interface LogSink {
  write(line: string): void;
  flush(): void;
}

/** What a BatchSink writes to: a Node stream, a file descriptor wrapper, anything with write(text). */
export interface TextOutput {
  write(text: string): unknown;
}

/** Lines held until the end of the event-loop turn (or `maxBytes`), then written as one chunk. */
export class BatchSink implements LogSink {
  private pending: string[] = [];
  private bytes = 0;
  private scheduled = false;
  private readonly flushLater = () => {
    this.scheduled = false;
    this.flush();
  };

  /** @param maxBytes write at once when this much is held (default 64 KiB) */
  constructor(private readonly output: TextOutput, private readonly maxBytes = 64 * 1024) {}

  write(line: string): void {
    this.pending.push(line);
    this.bytes += line.length + 1;
    if (this.bytes >= this.maxBytes) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      later(this.flushLater);
    }
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join("\n") + "\n";
    this.pending = [];
    this.bytes = 0;
    this.output.write(text);
  }
}

/** One console.log per line (Workers). */
export class ConsoleSink implements LogSink {
  write(line: string): void {
    console.log(line);
  }

  flush(): void {}
}

interface NodeLikeProcess {
  stdout?: TextOutput & { isTTY?: boolean };
  once?(event: "exit", listener: () => void): void;
}

let shared: LogSink | undefined;

/**
 * The platform's sink, shared by every logger of the process: batched stdout
 * where there is one (flushed before the process exits), else the console.
 */
export function defaultSink(): LogSink {
  if (shared) return shared;
  const proc = (globalThis as { process?: NodeLikeProcess }).process;
  if (proc?.stdout && typeof proc.stdout.write === "function" && !isWorkers()) {
    const sink = new BatchSink(proc.stdout);
    proc.once?.("exit", () => sink.flush());
    return (shared = sink);
  }
  return (shared = new ConsoleSink());
}

function isWorkers(): boolean {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers";
}

/** setImmediate where it exists (runs after I/O, once per turn), else a resolved promise. */
const later: (run: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === "function"
    ? (run) => { (globalThis as unknown as { setImmediate(run: () => void): void }).setImmediate(run); }
    : (run) => { void Promise.resolve().then(run); };
