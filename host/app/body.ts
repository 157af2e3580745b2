/**
 * Reading a Web Request's body under the app's limit (the core's
 * maxBodyBytes), as the Node host's parser enforces it on sockets: a declared
 * Content-Length over the limit is refused before reading, and the bytes are
 * counted as they stream in, so a body without a length cannot exceed it either.
 */
import { PARSE_ERRORS, ParseError } from "../core/abi.js";

/** The reason the Node host sends with its 413; fetch hosts answer with the same text. */
export const BODY_TOO_LARGE_REASON = PARSE_ERRORS[ParseError.BODY_TOO_LARGE][2];

/** A request body longer than the limit; the default onError answers it 413 Payload Too Large. */
export class BodyTooLargeError extends RangeError {
  readonly status = 413;

  constructor(readonly limit: number) {
    super(`asedge: request body larger than ${limit} bytes (maxBodyBytes)`);
  }
}

/** The whole body of `request`, at most `limit` bytes (else BodyTooLargeError). */
export async function readBody(request: Request, limit: number): Promise<ArrayBuffer> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new BodyTooLargeError(limit);
  if (request.body === null) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    length += next.value.byteLength;
    if (length > limit) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body.buffer;
}
