/**
 * A deadline for the rest of the chain: when the route has not finished
 * after `ms` milliseconds, the answer is 504 Gateway Timeout (or what
 * `onTimeout` records) and the route's own answer is discarded.
 *
 * What "discarded" means: headers the route set are dropped (those set
 * before timeout ran, by middleware outside it, stay); a late throw goes to
 * onError as any route error does (logged by the default one), but its
 * answer is not sent and nothing is left unhandled; on the Node host the
 * request is released once the 504 is written, so a late `c.req` read
 * throws, the same way. JavaScript cannot stop the route, so
 * it runs to its end; what it records after the 504 is written is not sent.
 * The 504 is written as soon as the middleware outside timeout return, so
 * keep those from waiting on I/O after `next()` (asedge's own do not, etag
 * past 16 KiB aside).
 *
 * @example
 *   app.use("/api/*", timeout(5000));
 */
import type { Context } from "../../app/context.js";
import type { Handler, HandlerResult } from "../../app/types.js";
import type { HeaderList } from "../../app/response.js";
import { isWebResponse } from "../../app/web-response.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

export interface TimeoutOptions {
  /** Records the answer to a request past its deadline. Default: 504 "Gateway Timeout". */
  onTimeout?: (c: AnyContext) => HandlerResult | Promise<HandlerResult>;
}

export const ERR_TIMEOUT_MS = "asedge: timeout needs a positive number of milliseconds";

const TIMED_OUT = Symbol("timed out");

/** The timeout middleware. */
export function timeout(ms: number, options: TimeoutOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!(ms > 0 && Number.isFinite(ms))) throw new RangeError(`${ERR_TIMEOUT_MS}: ${ms}`);
  const onTimeout = options.onTimeout ?? ((c: AnyContext) => c.text("Gateway Timeout", 504));
  return async (c, next) => {
    const before: HeaderList | undefined = c.headerList?.slice();
    const status = c.statusCode;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const route = next();
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), ms); });
    let outcome: void | typeof TIMED_OUT;
    try {
      outcome = await Promise.race([route, deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (outcome !== TIMED_OUT) return;
    route.catch(() => undefined); // the late end of the route, whatever it is, goes nowhere
    // Back to the record as it was when the route started, then the timeout's answer.
    const stream = c.response?.body ?? (c.bodyValue instanceof ReadableStream ? c.bodyValue : null);
    if (stream) void stream.cancel().catch(() => undefined);
    c.response = undefined;
    c.headerList = before;
    c.statusCode = status;
    const result = await onTimeout(c);
    if (isWebResponse(result)) c.res = result;
  };
}
