/**
 * Is a handler's result a Web Response? Node defines `Response` as a lazy
 * global: the first read loads its fetch implementation (undici), which cost
 * tens of ms on the first request of a process. A handler that returned
 * c.text()/c.json()/… or nothing cannot have returned a Response, so only
 * another object is tested; one that is a Response was made by its handler,
 * which had loaded `Response` already.
 *
 * @example
 *   if (isWebResponse(result)) c.res = result;
 */
import type { HandlerResult, ResponseReady } from "./types.js";

export function isWebResponse(result: HandlerResult | unknown): result is Response {
  return typeof result === "object" && result !== null && (result as Partial<ResponseReady>).__asedgeResponse !== true && result instanceof Response;
}
