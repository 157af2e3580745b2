/** Types shared by App, Context and handlers. */
import type { Context } from "./context.js";

/** Names of the params in a route pattern: "/users/:id{[0-9]+}/:tab?" → "id" | "tab". */
export type ParamKeys<Path extends string> = StripOptional<MarkedParamKeys<Path>>;

/** The params a match always has: "/users/:id/:tab?" → "id". */
export type RequiredParamKeys<Path extends string> = Exclude<MarkedParamKeys<Path>, `${string}?`>;

/** The optional params (`:name?`, `:name{re}?`), absent from some matches: "/users/:id/:tab?" → "tab". */
export type OptionalParamKeys<Path extends string> = StripOptional<Extract<MarkedParamKeys<Path>, `${string}?`>>;

/** Param names with a trailing "?" kept on the optional ones. */
type MarkedParamKeys<Path extends string> =
  Path extends `${infer Head}/${infer Rest}` ? MarkedParamKey<Head> | MarkedParamKeys<Rest> : MarkedParamKey<Path>;

type MarkedParamKey<Segment extends string> =
  Segment extends `:${infer Name}{${string}}?` ? `${Name}?`
  : Segment extends `:${infer Name}{${string}` ? Name
  : Segment extends `:${infer Name}` ? Name
  : never;

type StripOptional<Name extends string> = Name extends `${infer N}?` ? N : Name;

/** Calls the next matching handler; resolves when it (and everything after it) is done. */
export type Next = () => Promise<void>;

/** What a handler returns: the value of c.text()/c.json()/…, a Web Response, or nothing (middleware). */
export type HandlerResult = ResponseReady | Response | void | undefined;

/** Returned by c.text(), c.json(), c.body(), …: the response is recorded on the context. */
export interface ResponseReady {
  readonly __asedgeResponse: true;
}

export type Handler<Path extends string = string, E = unknown> =
  (c: Context<Path, E>, next: Next) => HandlerResult | Promise<HandlerResult>;

export type ErrorHandler<E = unknown> = (error: Error, c: Context<string, E>) => HandlerResult | Promise<HandlerResult>;
export type NotFoundHandler<E = unknown> = (c: Context<string, E>) => HandlerResult | Promise<HandlerResult>;

/** Workers' ExecutionContext (waitUntil / passThroughOnException), when the host has one. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** Header values a response may carry. */
export type HeaderRecord = Record<string, string | string[]>;

export type StatusCode = number;
