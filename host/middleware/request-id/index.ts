/**
 * A request id per request: the incoming one when it is valid (1 to
 * `limitLength` characters of `[A-Za-z0-9_=-]`, Hono's rule), else a new one
 * from `generator` (default `crypto.randomUUID()`). It is stored as
 * `c.get("requestId")` / `c.var.requestId` and sent back in the same header.
 *
 * @example
 *   app.use(requestId());
 *   app.get("/", (c) => c.text(`you are ${c.get("requestId")}`));
 */
import type { Context } from "../../app/context.js";
import type { Handler } from "../../app/types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

export interface RequestIdOptions {
  /** Header read and written. Default "X-Request-Id". */
  headerName?: string;
  /** Longest incoming id reused. Default 255. */
  limitLength?: number;
  /** Makes a new id. Default crypto.randomUUID(). */
  generator?: (c: AnyContext) => string;
}

const VALID = /^[\w=-]+$/;

/** The request-id middleware. */
export function requestId(options: RequestIdOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headerName = options.headerName ?? "X-Request-Id";
  const limit = options.limitLength ?? 255;
  const generator = options.generator ?? (() => crypto.randomUUID());
  return (c, next) => {
    const incoming = c.req.header(headerName);
    const id = incoming !== undefined && incoming.length <= limit && VALID.test(incoming) ? incoming : generator(c);
    c.set("requestId", id);
    c.header(headerName, id);
    return next();
  };
}
