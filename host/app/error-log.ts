/**
 * Who logs a handler's error. The default onError logs it with its stack;
 * an access logger that writes the error into its own line marks the request
 * (markErrorsLogged) so the error appears once, not twice.
 */
import type { Context } from "./context.js";

const ERRORS_LOGGED = "asedge:errors-logged";

/** The access log of this request records its error: onError need not log it. */
export function markErrorsLogged(c: Context<string, unknown>): void {
  c.set(ERRORS_LOGGED, true);
}

/** Whether something else logs this request's error. */
export function errorsLogged(c: Context<string, unknown>): boolean {
  return c.get(ERRORS_LOGGED) === true;
}
