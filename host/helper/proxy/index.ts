/**
 * The proxy over `fetch`: what `asedge/helper/proxy` is on Workers (and any
 * host with fetch and no "node" export condition); on Node the package's
 * "node" condition gives ./node.ts (undici's pool) under the same names.
 *
 * fetch cannot tell a connect from a head timeout: one timer runs from
 * sending to the answer's head (`timeouts.headers`, with `connect` added),
 * then `timeouts.body` is the longest silence between body chunks. A fetch
 * that fails without a timeout is "connect" (fetch does not say more); the
 * platform pools upstream connections itself.
 */
import type { Context } from "../../app/context.js";
import { ProxyError, proxyApi, type ProxyTransport, type UpstreamRequest, type UpstreamResponse } from "./core.js";

export * from "./core.js";

/** Upstream exchanges with the platform's fetch. */
export class FetchTransport implements ProxyTransport {
  /** Workers: Cloudflare sets CF-Connecting-IP to the client's address (a client cannot forge it there; elsewhere it is just a header). */
  clientAddress(c: Context): string | undefined {
    return c.req.header("cf-connecting-ip");
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const { timeouts } = request;
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeouts.connect + timeouts.headers);
    let response: Response;
    try {
      // duplex: Node's fetch needs it for a stream body; workerd ignores it.
      const init = { method: request.method, headers: request.headers.filter(([name]) => name !== "host"),
        body: request.body as BodyInit | null, redirect: "manual", signal: abort.signal, duplex: "half" } as RequestInit;
      response = await fetch(request.url, init);
    } catch (error) {
      throw new ProxyError(timedOut ? "headers-timeout" : "connect", error);
    } finally {
      clearTimeout(timer);
    }
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => { if (name !== "set-cookie") headers.push([name, value]); });
    for (const cookie of response.headers.getSetCookie?.() ?? []) headers.push(["set-cookie", cookie]);
    return { status: response.status, headers, body: response.body && idleLimited(response.body, timeouts.body, abort) };
  }
}

/** `body`, erroring (and aborting the fetch) when no chunk arrives for `ms`. */
function idleLimited(body: ReadableStream<Uint8Array>, ms: number, abort: AbortController): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => { abort.abort(); reject(new ProxyError("body-timeout")); }, ms);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), stalled]);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) { abort.abort(); return reader.cancel(reason); },
  }, { highWaterMark: 1 });
}

const api = proxyApi(() => transport);
const transport = new FetchTransport();

/** See core.ts proxyApi. */
export const { proxy, proxyRequest, proxyApp } = api;
