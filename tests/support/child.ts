/**
 * A child process for tests (Node by default, or another runtime's binary:
 * Bun, Deno with its `run` arguments): its stdout and stderr collected,
 * waits for a pattern in either, and its exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (or stderr); rejects if the child exits first. */
  waitFor(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<RegExpExecArray>;
  /** Resolves once `predicate(stdout)` holds; rejects if the child exits first. */
  waitUntil(predicate: (stdout: string) => boolean): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startChild(file: string, env: Record<string, string> = {}, runtime = process.execPath, runtimeArgs: string[] = []): Child {
  const child = spawn(runtime, [...runtimeArgs, file], { env: { ...process.env, ...env } });
  const text = { stdout: "", stderr: "" };
  const listeners = new Set<() => void>();
  const notify = () => { for (const listener of [...listeners]) listener(); };
  child.stdout.on("data", (data) => { text.stdout += data; notify(); });
  child.stderr.on("data", (data) => { text.stderr += data; notify(); });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      hasExited = true;
      notify();
      resolve({ code, signal });
    });
  });
  const waitUntil = (predicate: () => boolean, what: string) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (predicate()) {
        listeners.delete(check);
        resolve();
      } else if (hasExited) {
        listeners.delete(check);
        reject(new Error(`child exited before ${what}; stdout: ${text.stdout}; stderr: ${text.stderr}`));
      }
    };
    listeners.add(check);
    check();
  });
  return {
    process: child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    async waitFor(pattern, stream = "stdout") {
      let match: RegExpExecArray | null = null;
      await waitUntil(() => (match = pattern.exec(text[stream])) !== null, String(pattern));
      return match!;
    },
    waitUntil: (predicate) => waitUntil(() => predicate(text.stdout), "the awaited output"),
    exited,
  };
}
