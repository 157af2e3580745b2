/**
 * An AssemblyScript app .wasm answering Web Requests (app.fetch style: tests,
 * Workers). The request is written into a slot as HTTP/1.1 bytes, so the
 * core's parser applies the same rules and limits as on the socket host; one
 * handle() call answers; the response bytes become a Web Response.
 *
 * @example
 *   const app = new WasmFetchApp(module);   // a precompiled WebAssembly.Module
 *   const response = await app.fetch(new Request("http://x/users/1"));
 */
import { Core, type CoreOptions } from "../core/core.js";
import { NO_SLOT, ParseError, REQ, RespondFlag } from "../core/abi.js";
import { instantiateApp, type AppExports } from "./exports.js";
import { microsSince } from "../core/metrics.js";
import { FRAMING_HEADERS, isBodyless, TRANSPORT_HEADERS } from "../core/http-rules.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class WasmFetchApp {
  private core: Core | undefined;

  constructor(readonly module: WebAssembly.Module, private readonly options: CoreOptions = {}) {}

  /** Web-standard entry (a bound property: `export default { fetch: app.fetch }` works). */
  fetch = async (request: Request): Promise<Response> => {
    const startedAt = performance.now();
    const core = (this.core ??= new Core(instantiateApp(this.module), this.options));
    const api = core.exports as AppExports;
    const bytes = await requestBytes(request);
    let slot = api.acquire();
    if (slot === NO_SLOT) return errorResponse(core, ParseError.POOL_EXHAUSTED);
    try {
      if (bytes.length > core.slotInputCap(slot)) {
        const large = api.moveToLarge(slot, 0);
        if (large === NO_SLOT) return errorResponse(core, ParseError.POOL_EXHAUSTED);
        slot = large;
        if (bytes.length > core.slotInputCap(slot)) return errorResponse(core, ParseError.BODY_TOO_LARGE);
      }
      const input = core.slotInput(slot);
      core.u8.set(bytes, input);
      const parsed = api.parse(slot, input, bytes.length);
      if (parsed <= 0) return errorResponse(core, parsed === 0 ? ParseError.INVALID_REQUEST_LINE : -parsed);
      let length: number;
      try {
        length = api.handle(slot, RespondFlag.CLOSE, microsSince(startedAt));
      } catch {
        length = api.handleFailed(slot, RespondFlag.CLOSE, microsSince(startedAt));
      }
      if (length < 0) return unwritten(length);
      const start = core.u32(core.slotRequest(slot) + REQ.RESPONSE_START);
      return toResponse(core.u8.subarray(start, start + length), request.method === "HEAD");
    } finally {
      api.release(slot);
    }
  };
}

/** The request as HTTP/1.1 bytes, by the rule in ../core/http-rules.ts (the wasi entry follows it too). */
async function requestBytes(request: Request): Promise<Uint8Array> {
  const url = new URL(request.url);
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
  let head = `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  request.headers.forEach((value, name) => {
    if (name !== "host" && !FRAMING_HEADERS.has(name)) head += `${name}: ${value}\r\n`;
  });
  if (body) head += `content-length: ${body.length}\r\n`;
  const headBytes = encoder.encode(`${head}\r\n`);
  if (!body) return headBytes;
  const bytes = new Uint8Array(headBytes.length + body.length);
  bytes.set(headBytes);
  bytes.set(body, headBytes.length);
  return bytes;
}

/** Response bytes written by the core → a Web Response (transport headers dropped). */
function toResponse(bytes: Uint8Array, head: boolean): Response {
  let end = 0;
  while (end + 3 < bytes.length && !(bytes[end] === 13 && bytes[end + 1] === 10 && bytes[end + 2] === 13 && bytes[end + 3] === 10)) end++;
  const lines = decoder.decode(bytes.subarray(0, end)).split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (!TRANSPORT_HEADERS.has(name)) headers.append(name, line.slice(colon + 1).trim()); // recomputed by whoever sends the Response
  }
  return new Response(head || isBodyless(status) ? null : bytes.slice(end + 4), { status, headers });
}

/** respond() refused what the app recorded (e.g. a status it has no status line for): the 500 a handler error gets. */
function unwritten(code: number): Response {
  console.error(`asedge: the app's response could not be written (respond error ${code}); answered 500`);
  return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=UTF-8" } });
}

function errorResponse(core: Core, code: number): Response {
  const api = core.exports;
  const length = api.respondError(code);
  const ptr = Number(api.ERROR_RESPONSE_PTR.value);
  return toResponse(core.u8.subarray(ptr, ptr + length), false);
}
