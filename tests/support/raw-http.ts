/**
 * A deliberately small HTTP/1.1 client over a raw socket, for tests that need
 * exact bytes: pipelining, split writes, malformed requests, connection close.
 */
import net from "node:net";
import { omitsContentLength } from "../../host/core/http-rules.js";

export interface RawResponse {
  status: number;
  reason: string;
  /** [lower-case name, value] in received order. */
  headers: [string, string][];
  body: Buffer;
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key === name)?.[1];
}

/**
 * Parse as many complete responses as `bytes` holds (Content-Length framing;
 * HEAD-aware). With `skipInterim`, 1xx responses (100 Continue) are dropped,
 * so `headRequests` and the count index final responses only.
 */
export function parseResponses(bytes: Buffer, headRequests: Set<number> = new Set(), skipInterim = false): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let off = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", off);
    if (end === -1) break;
    const lines = bytes.subarray(off, end).toString("latin1").split("\r\n");
    const [, status, ...reason] = lines[0].split(" ");
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
    const lengthHeader = headers.find(([key]) => key === "content-length")?.[1];
    const chunked = headers.some(([key, value]) => key === "transfer-encoding" && value === "chunked");
    const code = Number(status);
    if (skipInterim && code >= 100 && code < 200) {
      off = end + 4;
      continue;
    }
    // No body follows a HEAD answer or a 1xx/204/304 whatever its headers say (RFC 9112 §6.3); a 205 says Content-Length: 0.
    const bodyless = headRequests.has(responses.length) || omitsContentLength(code);
    if (chunked && !bodyless) {
      const decoded = decodeChunked(bytes, end + 4);
      if (!decoded) break;
      responses.push({ status: code, reason: reason.join(" "), headers, body: decoded.body });
      off = decoded.end;
      continue;
    }
    const length = bodyless ? 0 : Number(lengthHeader ?? 0);
    if (bytes.length < end + 4 + length) break;
    responses.push({ status: code, reason: reason.join(" "), headers, body: bytes.subarray(end + 4, end + 4 + length) });
    off = end + 4 + length;
  }
  return { responses, rest: bytes.subarray(off) };
}

/** A chunked body starting at `at`: its bytes and where the message ends, or null if incomplete. */
function decodeChunked(bytes: Buffer, at: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd === -1) return null;
    const size = parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) {
      if (bytes.length < lineEnd + 4) return null;
      return { body: Buffer.concat(parts), end: lineEnd + 4 };
    }
    if (bytes.length < lineEnd + 2 + size + 2) return null;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export interface Exchange {
  responses: RawResponse[];
  /** The server closed the connection. */
  closed: boolean;
  raw: Buffer;
}

/**
 * Connect, write each chunk (with `gapMs` between them), collect responses
 * until `expect` responses arrived (then keep the socket open) or the server
 * closes, or `timeoutMs` passes. With `quietMs`, once `expect` responses are
 * in (counted after the last write too, so 0 works) keep listening that long
 * more: anything else the server sends, or a close, shows in the result.
 */
export function exchange(port: number, chunks: (string | Buffer)[], options: {
  expect?: number; gapMs?: number; timeoutMs?: number; headRequests?: Set<number>; waitForClose?: boolean; skipInterim?: boolean;
  quietMs?: number;
} = {}): Promise<Exchange> {
  const { expect = 1, gapMs = 0, timeoutMs = 5000, headRequests, waitForClose = false, skipInterim = false, quietMs } = options;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let raw = Buffer.alloc(0);
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(quiet);
      socket.destroy();
      resolve({ responses: parseResponses(raw, headRequests, skipInterim).responses, closed, raw });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const settleIfAnswered = () => {
      if (waitForClose || parseResponses(raw, headRequests, skipInterim).responses.length < expect) return;
      if (quietMs === undefined) finish(false);
      else quiet ??= setTimeout(() => finish(false), quietMs);
    };
    socket.on("data", (data) => {
      raw = Buffer.concat([raw, data]);
      settleIfAnswered();
    });
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") finish(true);
      else if (!done) reject(error);
    });
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (quietMs !== undefined) settleIfAnswered();
    });
  });
}

/** Build a request's bytes. */
export function rawRequest(method: string, target: string, headers: [string, string][] = [], body?: string | Buffer): Buffer {
  const bodyBytes = body === undefined ? undefined : Buffer.from(body);
  const lines = [`${method} ${target} HTTP/1.1`, "Host: localhost"];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (bodyBytes && !headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))) {
    lines.push(`Content-Length: ${bodyBytes.length}`);
  }
  return Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1"), bodyBytes ?? Buffer.alloc(0)]);
}
