/**
 * Running the matched handlers of one request, Hono's way: in registration
 * order, each middleware gets `next` to run the rest; an error goes to
 * onError where it was thrown, so `await next()` resolves with the error's
 * response recorded (a logger sees the 500); nothing recorded means not found. A single matched handler (the common
 * case) runs without any promise or closure when it is synchronous; its
 * `next` is a shared no-op, and not-found is answered after it returns (a
 * lone middleware that calls next() does not see that 404 — Hono would run
 * it inside next()).
 *
 * A chain stays synchronous where it can: when the rest of the chain ran
 * synchronously, next() returns the shared DONE promise, and a middleware
 * that returns DONE (`return next()`, or afterNext(next(), …)) counts as
 * synchronous too. So a route behind pass-through middleware answers with
 * no promise and no microtask turn, as a bare route does.
 */
import { rethrowCoreTrap } from "../core/trap.js";
import { isWebResponse } from "./web-response.js";
import type { Context } from "./context.js";
import type { ErrorHandler, Handler, HandlerResult, NotFoundHandler } from "./types.js";

export const ERR_NEXT_TWICE = "asedge: next() called multiple times";

/** Selects the params of the i-th matched route before its handler runs. */
export interface MatchCursor {
  readonly count: number;
  handler(i: number): Handler<string, unknown>;
  select(i: number): void;
}

type AnyContext = Context<string, unknown>;

function isPromise(value: unknown): value is Promise<HandlerResult> {
  return typeof (value as Promise<unknown> | undefined)?.then === "function";
}

function accept(c: AnyContext, result: HandlerResult): void {
  if (isWebResponse(result)) c.res = result;
}

/** Run the matched handlers; returns a promise only when something was asynchronous. */
export function runHandlers(
  c: AnyContext, matches: MatchCursor, onError: ErrorHandler<unknown>, notFound: NotFoundHandler<unknown>,
): void | Promise<void> {
  if (matches.count === 0) return settle(c, notFound, onError);
  if (matches.count === 1) {
    matches.select(0);
    return guard(c, matches.handler(0), onError, notFound);
  }
  let index = -1;
  // Not an async function: each step returns the handler's own promise, or
  // DONE when it and the rest ran synchronously.
  const dispatch = (i: number): Promise<void> => {
    if (i <= index) return Promise.reject(new Error(ERR_NEXT_TWICE));
    index = i;
    if (i === matches.count) return c.finalized ? DONE : answerNotFound(c, notFound);
    matches.select(i);
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = matches.handler(i)(c, () => dispatch(i + 1));
    } catch (error) {
      // Answered where it was thrown (Hono's rule): the middleware around
      // this handler sees the error response after its `await next()`.
      return handleError(c, error, onError) ?? DONE;
    }
    if (result === DONE) return DONE;
    if (isPromise(result)) return result.then((value) => accept(c, value), (error) => handleError(c, error, onError));
    accept(c, result);
    return DONE;
  };
  const ran = dispatch(0);
  if (ran === DONE) return c.finalized ? undefined : settle(c, notFound, onError);
  return ran.then(
    () => { if (!c.finalized) return settle(c, notFound, onError); },
    (error) => handleError(c, error, onError),
  );
}

/** What next() returns when the rest of the chain ran synchronously (already resolved, shared). */
export const DONE: Promise<void> = Promise.resolve();

/**
 * Run `after` once `done` (a next() result) settles; synchronously when the
 * rest of the chain was synchronous. A middleware that returns this stays
 * synchronous, where `await next()` always costs a microtask turn:
 *
 *   (c, next) => afterNext(next(), () => c.header("X-Served-By", "edge"))
 *
 * `after` may itself return a promise when it has to wait (etag hashing a
 * large body): the result then settles with it. A rejected `done` is passed
 * on (`after` does not run), as after a throwing `await next()`.
 */
export function afterNext(done: Promise<void>, after: () => void | Promise<void>): Promise<void> {
  if (done !== DONE) return done.then(after);
  return after() ?? DONE;
}

/** The chain ran out (the last handler called next()): not found, as a promise; a throw rejects it (the caller's onError takes it). */
function answerNotFound(c: AnyContext, notFound: NotFoundHandler<unknown>): Promise<void> {
  let result: HandlerResult | Promise<HandlerResult>;
  try {
    result = notFound(c);
  } catch (error) {
    return Promise.reject(error);
  }
  if (isPromise(result)) return result.then((value) => accept(c, value));
  accept(c, result);
  return DONE;
}

const NO_NEXT = (): Promise<void> => DONE;

/** Run one handler; route a throw or rejection to onError, a missing response to notFound. */
function guard(c: AnyContext, handler: Handler<string, unknown> | NotFoundHandler<unknown>, onError: ErrorHandler<unknown>, notFound: NotFoundHandler<unknown> | undefined): void | Promise<void> {
  let result: HandlerResult | Promise<HandlerResult>;
  try {
    result = handler(c, NO_NEXT);
  } catch (error) {
    return handleError(c, error, onError);
  }
  if (result === DONE) result = undefined;
  if (isPromise(result)) {
    return result.then(
      (value) => { accept(c, value); if (!c.finalized && notFound) return settle(c, notFound, onError); },
      (error) => handleError(c, error, onError),
    );
  }
  accept(c, result);
  if (!c.finalized && notFound) return settle(c, notFound, onError);
}

/** Nothing answered: the not-found handler does (its own failure goes to onError). */
function settle(c: AnyContext, notFound: NotFoundHandler<unknown>, onError: ErrorHandler<unknown>): void | Promise<void> {
  return guard(c, notFound, onError, undefined);
}

/** Answer an error through onError (a failing onError answers 500). */
export function handleError(c: AnyContext, error: unknown, onError: ErrorHandler<unknown>): void | Promise<void> {
  rethrowCoreTrap(error);
  const err = error instanceof Error ? error : new Error(String(error));
  c.error = err;
  let result: HandlerResult | Promise<HandlerResult>;
  try {
    result = onError(err, c);
  } catch (again) {
    return lastResort(c, again);
  }
  if (isPromise(result)) return result.then((value) => accept(c, value), (again) => lastResort(c, again));
  accept(c, result);
}

/** onError itself failed: answer 500 so the server keeps serving. */
function lastResort(c: AnyContext, error: unknown): void {
  console.error("asedge: error handler failed:", error);
  c.text("Internal Server Error", 500);
}
