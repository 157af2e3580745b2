/**
 * Security headers with Hono's defaults, on the response record, added after
 * the route answered and only where the response has no such header yet: a
 * header the handler set is never overwritten.
 *
 * A Content-Security-Policy may hold `NONCE`: the middleware then makes a
 * fresh nonce per request (16 random bytes, base64) before the route runs,
 * so a handler can put it on its inline scripts: `c.get("secureHeadersNonce")`
 * (Hono's key, so Hono-style handlers find it too).
 *
 * @example
 *   app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'", NONCE] } }));
 *   app.get("/", (c) => c.html(`<script nonce="${c.get("secureHeadersNonce")}">…</script>`));
 */
import type { Context } from "../../app/context.js";
import { afterNext } from "../../app/compose.js";
import { HeaderDefaults } from "../../app/header-defaults.js";
import type { Handler } from "../../app/types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any path, any bindings
type AnyContext = Context<any, any>;

/** A CSP source computed per request (NONCE is one). */
export type DirectiveValue = string | ((c: AnyContext, directive: string) => string);

/** CSP directives by camelCase name (`defaultSrc` → `default-src`), each a list of sources. */
export type ContentSecurityPolicy = Record<string, readonly DirectiveValue[] | DirectiveValue>;

/** true: the default value; a string: that value; false: not sent. */
type Overridable = boolean | string;

export interface SecureHeadersOptions {
  contentSecurityPolicy?: ContentSecurityPolicy;
  contentSecurityPolicyReportOnly?: ContentSecurityPolicy;
  crossOriginEmbedderPolicy?: Overridable;
  crossOriginResourcePolicy?: Overridable;
  crossOriginOpenerPolicy?: Overridable;
  originAgentCluster?: Overridable;
  referrerPolicy?: Overridable;
  strictTransportSecurity?: Overridable;
  xContentTypeOptions?: Overridable;
  xDnsPrefetchControl?: Overridable;
  xDownloadOptions?: Overridable;
  xFrameOptions?: Overridable;
  xPermittedCrossDomainPolicies?: Overridable;
  xXssProtection?: Overridable;
  /** Permissions-Policy: `{ camera: [], geolocation: ["self"], fullscreen: true }`. Default none. */
  permissionsPolicy?: Record<string, boolean | readonly string[]>;
  /** Remove X-Powered-By. Default true. */
  removePoweredBy?: boolean;
}

/** The headers and their default values (Hono's), in the order sent. */
export const SECURE_HEADERS = {
  crossOriginEmbedderPolicy: ["Cross-Origin-Embedder-Policy", "require-corp"],
  crossOriginResourcePolicy: ["Cross-Origin-Resource-Policy", "same-origin"],
  crossOriginOpenerPolicy: ["Cross-Origin-Opener-Policy", "same-origin"],
  originAgentCluster: ["Origin-Agent-Cluster", "?1"],
  referrerPolicy: ["Referrer-Policy", "no-referrer"],
  strictTransportSecurity: ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  xContentTypeOptions: ["X-Content-Type-Options", "nosniff"],
  xDnsPrefetchControl: ["X-DNS-Prefetch-Control", "off"],
  xDownloadOptions: ["X-Download-Options", "noopen"],
  xFrameOptions: ["X-Frame-Options", "SAMEORIGIN"],
  xPermittedCrossDomainPolicies: ["X-Permitted-Cross-Domain-Policies", "none"],
  xXssProtection: ["X-XSS-Protection", "0"],
} as const satisfies Record<string, readonly [string, string]>;

/** Which headers are on by default (Hono's: all but Cross-Origin-Embedder-Policy). */
const DEFAULTS: Record<keyof typeof SECURE_HEADERS, boolean> = {
  crossOriginEmbedderPolicy: false, crossOriginResourcePolicy: true, crossOriginOpenerPolicy: true, originAgentCluster: true,
  referrerPolicy: true, strictTransportSecurity: true, xContentTypeOptions: true, xDnsPrefetchControl: true,
  xDownloadOptions: true, xFrameOptions: true, xPermittedCrossDomainPolicies: true, xXssProtection: true,
};

/** The key the per-request nonce is stored under (Hono's). */
export const NONCE_KEY = "secureHeadersNonce";

/** A CSP source: this request's nonce, `'nonce-…'`. */
export const NONCE: DirectiveValue = (c) => `'nonce-${nonceOf(c)}'`;

function nonceOf(c: AnyContext): string {
  let nonce = c.get<string>(NONCE_KEY);
  if (nonce === undefined) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    nonce = btoa(String.fromCharCode(...bytes));
    c.set(NONCE_KEY, nonce);
  }
  return nonce;
}

/** The secure-headers middleware. */
export function secureHeaders(options: SecureHeadersOptions = {}): Handler<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const fixed: [string, string][] = [];
  for (const key of Object.keys(SECURE_HEADERS) as (keyof typeof SECURE_HEADERS)[]) {
    const option = options[key] ?? DEFAULTS[key];
    if (option === false) continue;
    const [name, value] = SECURE_HEADERS[key];
    fixed.push([name, typeof option === "string" ? option : value]);
  }
  if (options.permissionsPolicy && Object.keys(options.permissionsPolicy).length > 0) {
    fixed.push(["Permissions-Policy", permissionsPolicy(options.permissionsPolicy)]);
  }
  const policies: [string, DirectiveValue][] = [];
  if (options.contentSecurityPolicy) policies.push(["Content-Security-Policy", csp(options.contentSecurityPolicy)]);
  if (options.contentSecurityPolicyReportOnly) policies.push(["Content-Security-Policy-Report-Only", csp(options.contentSecurityPolicyReportOnly)]);
  // Policies without per-request sources are fixed headers too (kept last, in order).
  const perRequest = policies.some(([, value]) => typeof value === "function");
  if (!perRequest) for (const [name, value] of policies) fixed.push([name, value as string]);
  const defaults = new HeaderDefaults(fixed);
  const removePoweredBy = options.removePoweredBy !== false;

  return (c, next) => {
    // Computed before the route runs, so its nonce is there for the handler.
    const values = perRequest ? policies.map(([name, value]) => [name, typeof value === "function" ? value(c, name) : value] as const) : undefined;
    // After the route, so a header it set wins; synchronous when the route is.
    return afterNext(next(), () => {
      // First, while the list holds only the route's headers (the set has no X-Powered-By).
      if (removePoweredBy && c.responseHeader("x-powered-by") !== undefined) c.header("X-Powered-By", undefined);
      defaults.addMissing(c);
      if (values) for (const [name, value] of values) if (c.responseHeader(name) === undefined) c.header(name, value);
    });
  };
}

/** A policy's text, or a function of the context that fills in its per-request sources. */
function csp(policy: ContentSecurityPolicy): DirectiveValue {
  const directives = Object.entries(policy).map(([key, value]) =>
    [key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`), (Array.isArray(value) ? value : [value]) as DirectiveValue[]] as const);
  const dynamic = directives.some(([, values]) => values.some((v) => typeof v === "function"));
  const render = (c: AnyContext | undefined) => directives
    .map(([name, values]) => [name, ...values.map((v) => (typeof v === "function" ? v(c!, name) : v))].join(" "))
    .join("; ");
  return dynamic ? (c) => render(c) : render(undefined);
}

function permissionsPolicy(policy: Record<string, boolean | readonly string[]>): string {
  return Object.entries(policy).map(([key, value]) => {
    const name = key.replace(/([a-z\d])([A-Z])/g, "$1-$2").toLowerCase();
    if (value === true) return `${name}=*`;
    if (value === false || value.length === 0 || (value.length === 1 && value[0] === "none")) return `${name}=()`;
    if (value.length === 1 && value[0] === "*") return `${name}=*`;
    return `${name}=(${value.map((v) => (v === "self" || v === "src" ? v : `"${v}"`)).join(" ")})`;
  }).join(", ");
}
