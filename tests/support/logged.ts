/**
 * Run `work` with console.error captured: a test that provokes an error the
 * host logs asserts the log instead of printing it (a green run is quiet).
 *
 * @example
 *   const { result, logged } = await capturingErrors(() => fetch(url));
 *   expect(loggedMessages(logged)).toEqual(["reference app: deliberate failure"]);
 */
import { expect, vi } from "vitest";

export async function capturingErrors<T>(work: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const result = await work();
    return { result, logged: spy.mock.calls.map((call) => [...call]) };
  } finally {
    spy.mockRestore();
  }
}

/** Each logged call as one text: an Error's message, else the arguments joined. */
export function loggedMessages(logged: unknown[][]): string[] {
  return logged.map((args) => args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(" "));
}

/** Run `work` and expect exactly the error a case says the app logs (`logs`), or none. */
export async function expectLogs<T>(testCase: { logs?: string }, work: () => Promise<T>): Promise<T> {
  const { result, logged } = await capturingErrors(work);
  expect(loggedMessages(logged)).toEqual(testCase.logs ? [testCase.logs] : []);
  return result;
}

/** A log sink (ServerLogOptions.sink) that keeps each line: a test asserts what the server logged. */
export function lineSink(): { lines: string[]; sink: { write(line: string): void; flush(): void } } {
  const lines: string[] = [];
  return { lines, sink: { write: (line: string) => { lines.push(line); }, flush() {} } };
}
