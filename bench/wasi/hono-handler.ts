// The WASI benchmark's reusable Hono component (bench/wasi.bench.ts): the
// Workers Hono app (bench/worker/hono.ts) behind a hand-written
// wasi:http/incoming-handler export, so one instance answers every request
// (the fetch event of hono-fetch-event.ts answers one per instance).
// incoming-request → Web Request → app.fetch → Web Response → outgoing-response.
// ComponentizeJS runs the event loop until the async `handle` settles; finding
// an `incomingHandler` export, it leaves the fetch event out.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam, type IncomingRequest } from "wasi:http/types@0.2.10";
import app from "../worker/hono.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// StarlingMonkey's SpiderMonkey may lack Symbol.dispose; the bindings fall back to this.
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for("dispose");
const dispose = (resource: object) => (resource as Record<symbol, (() => void) | undefined>)[DISPOSE]?.();

function readBody(request: IncomingRequest): Uint8Array<ArrayBuffer> {
  const body = request.consume();
  const stream = body.stream();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    let chunk: Uint8Array;
    try {
      chunk = stream.blockingRead(65536n);
    } catch (error) {
      if ((error as { payload?: { tag?: string } }).payload?.tag === "closed") break;
      throw error;
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  dispose(stream); // children first: input-stream, then incoming-body
  dispose(body);
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

export const incomingHandler = {
  async handle(request: IncomingRequest, responseOut: ResponseOutparam): Promise<void> {
    const m = request.method();
    const method = m.tag === "other" ? m.val : m.tag.toUpperCase();
    const headers = new Headers();
    const fields = request.headers();
    for (const [name, value] of fields.entries()) headers.append(name, decoder.decode(value));
    dispose(fields);
    const url = `http://${request.authority() ?? "localhost"}${request.pathWithQuery() ?? "/"}`;
    const body = method === "GET" || method === "HEAD" ? undefined : readBody(request);

    const response = await app.fetch(new Request(url, { method, headers, body }));

    const bytes = new Uint8Array(await response.arrayBuffer());
    const list: [string, Uint8Array][] = [];
    response.headers.forEach((value, name) => list.push([name, encoder.encode(value)]));
    const outgoing = new OutgoingResponse(Fields.fromList(list));
    outgoing.setStatusCode(response.status);
    const outgoingBody = outgoing.body();
    ResponseOutparam.set(responseOut, { tag: "ok", val: outgoing });
    const stream = outgoingBody.write();
    for (let at = 0; at < bytes.length; at += 4096) stream.blockingWriteAndFlush(bytes.subarray(at, at + 4096));
    dispose(stream); // the output-stream goes before its body is finished
    OutgoingBody.finish(outgoingBody, undefined);
  },
};
