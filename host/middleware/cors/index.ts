/**
 * CORS (the Fetch standard's CORS protocol), on the response record: no Web
 * Response is built, so a route keeps the Node host's fast path.
 *
 *   request                                   answer
 *   OPTIONS + Origin + Access-Control-Request-Method
 *                                  preflight: 204, Allow-Origin, Allow-Methods,
 *                                  Allow-Headers, Max-Age, Credentials; the route
 *                                  does not run (an origin not allowed gets a 204
 *                                  with none of them: the browser refuses)
 *   anything else (OPTIONS too)    the route's answer + Allow-Origin,
 *                                  Credentials, Expose-Headers
 *
 * `Vary: Origin` is added (merged with the Vary already there) only when the
 * answer depends on the request's Origin: an origin list, a RegExp or a
 * function. A fixed origin ("*" or one URL) is the same answer for everyone,
 * so caches need no Vary (the browser compares it with its origin). A
 * preflight that echoes Access-Control-Request-Headers (no allowHeaders
 * given) also varies on that header.
 *
 * @example
 *   app.use("/api/*", cors({ origin: ["https://a.example", /\.b\.example$/], credentials: true, maxAge: 600 }));
 */
import type { Context } from "../../app/context.js";
import type { Handler, HandlerResult, Next } from "../../app/types.js";
import { afterNext } from "../../app/compose.js";
import { vary } from "../../helper/vary/index.js";
import { PreparedHeader } from "../../app/prepared-header.js";

export const ERR_CORS_WILDCARD_CREDENTIALS = "asedge: cors origin \"*\" cannot be combined with credentials: true (browsers refuse it; list the origins instead)";
export const ERR_CORS_ORIGIN = "asedge: cors origin must be a string, a list of strings, a RegExp or a function";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

/** Decides per request: the origin to allow (usually the one given), or null/undefined/false for none. */
export type OriginFunction = (origin: string, c: AnyContext) => string | null | undefined | boolean | Promise<string | null | undefined | boolean>;

export interface CorsOptions {
  /** Allowed origin(s): "*", one origin, a list, a RegExp tested on the Origin header, or a function. Default "*". */
  origin?: string | readonly (string | RegExp)[] | RegExp | OriginFunction;
  /** Methods a preflight allows. Default GET, HEAD, PUT, POST, DELETE, PATCH. */
  allowMethods?: readonly string[];
  /** Request headers a preflight allows. Default: the ones the preflight asks for (echoed). */
  allowHeaders?: readonly string[];
  /** Response headers scripts may read. Default none. */
  exposeHeaders?: readonly string[];
  /** Send Access-Control-Allow-Credentials: true. Default false; not with origin "*". */
  credentials?: boolean;
  /** Seconds a preflight may be cached (Access-Control-Max-Age). Default: not sent. */
  maxAge?: number;
}

const DEFAULT_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"];
const VARY_ORIGIN = new PreparedHeader("Vary", "Origin");

/** The CORS middleware. Throws at registration for `origin: "*"` (alone or in a list) with `credentials: true`. */
export function cors(options: CorsOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const origin = options.origin ?? "*";
  if (options.credentials && (origin === "*" || (Array.isArray(origin) && origin.includes("*")))) throw new TypeError(ERR_CORS_WILDCARD_CREDENTIALS);
  const allow = allowOrigin(origin);
  const varies = typeof origin !== "string";
  const methods = (options.allowMethods ?? DEFAULT_METHODS).join(", ");
  const allowHeaders = options.allowHeaders && options.allowHeaders.length > 0 ? options.allowHeaders.join(", ") : undefined;
  const expose = options.exposeHeaders && options.exposeHeaders.length > 0 ? options.exposeHeaders.join(", ") : undefined;
  const credentials = options.credentials === true;
  const maxAge = options.maxAge === undefined ? undefined : String(Math.floor(options.maxAge));
  // What every actual (non-preflight) answer may carry, checked once: a bad origin or header name in the options throws here.
  const allowOriginHeaders = new Map(fixedOrigins(origin).map((o) => [o, new PreparedHeader("Access-Control-Allow-Origin", o)]));
  const credentialsHeader = credentials ? new PreparedHeader("Access-Control-Allow-Credentials", "true") : undefined;
  const exposeHeader = expose ? new PreparedHeader("Access-Control-Expose-Headers", expose) : undefined;

  const answer = (c: AnyContext, next: Next, requestOrigin: string | undefined, allowed: string | undefined): HandlerResult | Promise<void> => {
    const preflight = c.req.method === "OPTIONS" && requestOrigin !== undefined
      && c.req.header("access-control-request-method") !== undefined;
    if (preflight) {
      if (allowed) {
        c.header("Access-Control-Allow-Origin", allowed);
        if (credentials) c.header("Access-Control-Allow-Credentials", "true");
        c.header("Access-Control-Allow-Methods", methods);
        const headers = allowHeaders ?? c.req.header("access-control-request-headers");
        if (headers) c.header("Access-Control-Allow-Headers", headers);
        if (maxAge !== undefined) c.header("Access-Control-Max-Age", maxAge);
      }
      const fields = varies ? ["Origin"] : [];
      if (allowHeaders === undefined) fields.push("Access-Control-Request-Headers");
      if (fields.length > 0) vary(c, ...fields);
      return c.body(null, 204);
    }
    // After the route (its own Vary is merged, not overwritten); synchronous when the route is.
    return afterNext(next(), () => {
      if (allowed) {
        const prepared = allowOriginHeaders.get(allowed);
        if (prepared) prepared.setOn(c);
        else c.header("Access-Control-Allow-Origin", allowed); // from a RegExp or a function
        credentialsHeader?.setOn(c);
        exposeHeader?.setOn(c);
      }
      if (varies) {
        if (c.responseHeader("vary") === undefined) VARY_ORIGIN.setOn(c);
        else vary(c, "Origin"); // merged with the route's
      }
    });
  };

  return (c, next) => {
    const requestOrigin = c.req.header("origin");
    const allowed = requestOrigin === undefined && varies ? undefined : allow(requestOrigin ?? "", c);
    if (allowed instanceof Promise) return allowed.then((value): HandlerResult | Promise<void> => answer(c, next, requestOrigin, value));
    return answer(c, next, requestOrigin, allowed);
  };
}

type Allow = (origin: string, c: AnyContext) => string | undefined | Promise<string | undefined>;

/** The origins the option names as strings: the only Allow-Origin values known before a request comes. */
function fixedOrigins(origin: CorsOptions["origin"]): string[] {
  if (typeof origin === "string") return [origin];
  if (Array.isArray(origin)) return [...new Set(origin.filter((o): o is string => typeof o === "string"))];
  return [];
}

/** A RegExp without the g/y flags, whose test() would otherwise carry lastIndex from one request to the next. */
function stateless(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")) : pattern;
}

function allowOrigin(origin: CorsOptions["origin"]): Allow {
  if (typeof origin === "string") return () => origin;
  if (origin instanceof RegExp) {
    const pattern = stateless(origin);
    return (o) => (o !== "" && pattern.test(o) ? o : undefined);
  }
  if (Array.isArray(origin)) {
    const exact = new Set(origin.filter((o): o is string => typeof o === "string"));
    const patterns = origin.filter((o): o is RegExp => o instanceof RegExp).map(stateless);
    return (o) => (o !== "" && (exact.has(o) || patterns.some((p) => p.test(o))) ? o : undefined);
  }
  if (typeof origin === "function") {
    return (o, c) => {
      const answer = origin(o, c);
      return answer instanceof Promise ? answer.then((a) => fromFunction(a, o)) : fromFunction(answer, o);
    };
  }
  throw new TypeError(ERR_CORS_ORIGIN);
}

/** A function's answer: a string is the origin to allow, true allows the request's own, anything else none. */
function fromFunction(answer: string | null | undefined | boolean, origin: string): string | undefined {
  if (answer === true) return origin === "" ? undefined : origin;
  return typeof answer === "string" && answer !== "" ? answer : undefined;
}
