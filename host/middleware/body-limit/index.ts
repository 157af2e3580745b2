/**
 * A request-body limit for some routes, below the host's `maxBodyBytes`.
 *
 *   Content-Length not a decimal number (e.g. "abc", "-1", "1e3")  → 400
 *   Content-Length over maxSize                                      → 413, the route does not run
 *   a body of unknown length (chunked)                               → counted as it is read: 413 past maxSize
 *
 * Fetch hosts (Workers) count the bytes as they stream in and stop reading
 * at the limit: `c.req.text()/json()/arrayBuffer()` throw a
 * BodyTooLargeError (answered by onError where it is thrown); after the
 * route the middleware replaces that answer with its 413 (nothing beyond
 * the limit is buffered). The Node host holds the whole body (up to
 * `maxBodyBytes`, which its parser enforces) before any handler runs, so
 * there the received length is checked before the route runs. A body read
 * through `c.req.raw` on a fetch host bypasses the count.
 *
 * @example
 *   app.post("/upload", bodyLimit({ maxSize: 64 * 1024 }), async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)));
 */
import type { Context } from "../../app/context.js";
import type { Handler, HandlerResult } from "../../app/types.js";
import { BodyTooLargeError, BODY_TOO_LARGE_REASON } from "../../app/body.js";
import { isWebResponse } from "../../app/web-response.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

export interface BodyLimitOptions {
  /** Largest body in bytes. */
  maxSize: number;
  /** Records the answer to a body over the limit. Default: 413 "body too large" (the Node host's words). */
  onError?: (c: AnyContext) => HandlerResult | Promise<HandlerResult>;
}

export const ERR_BODY_LIMIT_SIZE = "asedge: bodyLimit maxSize must be a non-negative integer";
/** The reason a malformed Content-Length gets with its 400. */
export const BAD_CONTENT_LENGTH = "invalid Content-Length";

const DECIMAL = /^[0-9]+$/;

/** The body-limit middleware. */
export function bodyLimit(options: BodyLimitOptions): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const max = options.maxSize;
  if (!(Number.isSafeInteger(max) && max >= 0)) throw new RangeError(`${ERR_BODY_LIMIT_SIZE}: ${max}`);
  const onError = options.onError ?? ((c: AnyContext) => c.text(BODY_TOO_LARGE_REASON, 413));
  const tooLarge = async (c: AnyContext): Promise<void> => {
    const result = await onError(c);
    if (isWebResponse(result)) c.res = result;
  };
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared !== undefined) {
      const value = declared.trim();
      if (!DECIMAL.test(value)) return c.text(BAD_CONTENT_LENGTH, 400);
      if (Number(value) > max) return tooLarge(c);
    }
    if (c.req.heldSlot !== undefined) {
      // A slot host: the body is all here already.
      if (c.req.bodyView().length > max) return tooLarge(c);
      return next();
    }
    c.req.bodyLimit = c.req.bodyLimit === undefined ? max : Math.min(c.req.bodyLimit, max);
    await next();
    // The read past the limit threw in the route; onError answered it where it was thrown. The answer is ours.
    if (isOurs(c.error, max)) return tooLarge(c);
  };
}

/** A BodyTooLargeError from this limit (not the host's larger maxBodyBytes). */
function isOurs(error: unknown, max: number): boolean {
  return error instanceof BodyTooLargeError && error.limit <= max;
}
