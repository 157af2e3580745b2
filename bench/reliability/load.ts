/**
 * A small closed-loop load generator for the reliability scripts: `connections`
 * keep-alive sockets, each sending one request of the mix at a time and
 * judging its answer against the status its route must give. Unlike
 * autocannon it never loses track of which answer belongs to which request
 * (after a reset it reconnects and resends nothing twice), so an unexpected
 * status is the server's, not the tool's.
 */
import net from "node:net";
import { parseResponses } from "../../tests/support/raw-http.js";

export interface MixEntry { method: string; path: string; body?: number; status: number }

export interface LoadResult {
  requests: number;
  /** "METHOD path → status" for answers with another status than their route's. */
  unexpected: Map<string, number>;
  /** Connections reset or closed by the server while a request was out. */
  errors: number;
  seconds: number;
}

function requestBytes(entry: MixEntry): Buffer {
  const body = entry.body || entry.method === "POST" ? Buffer.alloc(entry.body ?? 0, "x") : undefined;
  const head = `${entry.method} ${entry.path} HTTP/1.1\r\nHost: bench\r\n${body ? `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n` : ""}\r\n`;
  return body ? Buffer.concat([Buffer.from(head, "latin1"), body]) : Buffer.from(head, "latin1");
}

export async function runLoad(port: number, mix: MixEntry[], options: { connections: number; seconds: number }): Promise<LoadResult> {
  const bytes = mix.map(requestBytes);
  const result: LoadResult = { requests: 0, unexpected: new Map(), errors: 0, seconds: options.seconds };
  const until = Date.now() + options.seconds * 1000;
  const note = (key: string) => result.unexpected.set(key, (result.unexpected.get(key) ?? 0) + 1);

  const worker = (start: number) => new Promise<void>((resolve) => {
    let next = start;
    let socket: net.Socket;
    let pending: Buffer = Buffer.alloc(0);
    let current = -1;
    const send = () => {
      if (Date.now() >= until) {
        socket.destroy();
        resolve();
        return;
      }
      current = next++ % mix.length;
      socket.write(bytes[current]);
    };
    const connect = () => {
      pending = Buffer.alloc(0);
      socket = net.connect(port, "127.0.0.1");
      socket.setNoDelay(true);
      socket.on("connect", send);
      socket.on("data", (data) => {
        pending = pending.length ? Buffer.concat([pending, data]) : data;
        const { responses, rest } = parseResponses(pending);
        if (responses.length === 0) return;
        pending = rest;
        const entry = mix[current];
        result.requests++;
        if (responses[0].status !== entry.status) note(`${entry.method} ${entry.path} → ${responses[0].status}`);
        const closing = responses[0].headers.some(([k, v]) => k === "connection" && v === "close");
        current = -1;
        if (closing) socket.destroy();
        else send();
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        if (current !== -1) result.errors++; // a request was out and no answer came
        current = -1;
        if (Date.now() < until) setTimeout(connect, 1);
        else resolve();
      });
    };
    connect();
  });
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  return result;
}
