/**
 * A real HTTP upstream on 127.0.0.1 (node:http, port 0) for proxy tests and
 * benchmarks. Paths:
 *   /stream/…            the request body piped back (any size), counted
 *   /big?bytes=N         N bytes (a repeating 0..250 pattern), streamed in 64 KiB writes
 *   /stall-headers       never answers
 *   /stall-body          head and "first" sent, then silence
 *   /slow?ms=N           answers after N ms
 *   /reset               the socket destroyed before any answer
 *   /reset-once?key=K    destroyed the first time K is seen, answered after
 *   /hop                 answers with hop-by-hop and Connection-listed fields
 *   /status/N            status N, no body
 *   /counter             text: how many times /counter was asked (1, 2, …)
 *   /gzip?text=T         T gzip-encoded, Content-Encoding: gzip
 *   anything else        JSON: method, url, headers (raw, in order), body (text)
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

export interface Upstream {
  url: string;
  port: number;
  server: Server;
  /** Requests seen, by path (without the query). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export function pattern(bytes: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) b[i] = i % 251;
  return b;
}

export async function startUpstream(): Promise<Upstream> {
  const hits = new Map<string, number>();
  const seen = new Set<string>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const p = url.pathname;
    if (p.startsWith("/stream/")) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      req.pipe(res);
      return;
    }
    if (p === "/big") {
      const total = Number(url.searchParams.get("bytes"));
      const chunk = pattern(65536 - (65536 % 251));
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(total) });
      let sent = 0;
      const more = () => {
        while (sent < total) {
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { res.once("drain", more); return; }
        }
        res.end();
      };
      more();
      return;
    }
    if (p === "/stall-headers") return;
    if (p === "/stall-body") { res.writeHead(200, { "content-type": "text/plain" }); res.write("first"); return; }
    if (p === "/reset") { req.socket.destroy(); return; }
    if (p === "/reset-once") {
      const key = url.searchParams.get("key") ?? "";
      if (!seen.has(key)) { seen.add(key); req.socket.destroy(); return; }
    }
    if (p === "/hop") {
      res.setHeader("Connection", "keep-alive, X-Secret-Hop");
      res.setHeader("X-Secret-Hop", "1");
      res.setHeader("Keep-Alive", "timeout=5");
      res.setHeader("Proxy-Authenticate", "Basic");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.setHeader("X-End-To-End", "kept");
      res.end("hop");
      return;
    }
    if (p.startsWith("/status/")) { res.writeHead(Number(p.slice(8))); res.end(); return; }
    if (p === "/counter") { res.writeHead(200, { "content-type": "text/plain" }); res.end(String(hits.get(p))); return; }
    if (p === "/gzip") {
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      res.end(gzipSync(url.searchParams.get("text") ?? ""));
      return;
    }
    if (p === "/slow") await new Promise((r) => setTimeout(r, Number(url.searchParams.get("ms"))));
    const body = await text(req);
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i].toLowerCase(), req.rawHeaders[i + 1]]);
    res.writeHead(200, { "content-type": "application/json", "x-upstream": "1" });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers, body }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, port, server, hits,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
