// compress on every host: app.request, a Node socket and workerd answer the
// same requests; bodies are decompressed here with node:zlib and compared
// with the originals.
//
// On workerd the request passes miniflare's model of Cloudflare's edge, which
// compresses the types on Cloudflare's list itself (text/plain, JSON, HTML…)
// for whatever the client accepts, whatever the Worker did. Rule tests use
// text/csv (not on that list), so what workerd answers there is the
// middleware's own decision; the edge's doing is checked where it shows.
import net from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type Answers, type EveryHost, type HostName, type Shape } from "../../../tests/support/every-host.js";
import { CHUNK_GAP_MS, CHUNKS, RECORDS, SHORT, TEXT } from "./compress.fixture.js";
import { App } from "../../app/app.js";
import { compress, ERR_ENCODING, ERR_LEVEL, ERR_THRESHOLD, platformEncoder } from "./index.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/compress/compress.fixture.ts"); });
afterAll(() => hosts?.close());

const HOSTS: HostName[] = ["fetch", "socket", "workerd"];
const CSV = "type=text/csv";
const csv = ["content-type", "text/csv"] as [string, string];
const vary = ["vary", "Accept-Encoding"] as [string, string];

/** The answer with its body decoded by its Content-Encoding (the encoding stays in the headers). */
function decoded(shape: Shape): { status: number; headers: [string, string][]; body: string } {
  const encoding = shape.headers.find(([n]) => n === "content-encoding")?.[1];
  const body = encoding === "br" ? zlib.brotliDecompressSync(shape.body)
    : encoding === "gzip" ? zlib.gunzipSync(shape.body)
      : encoding === "deflate" ? zlib.inflateSync(shape.body) : shape.body;
  return { status: shape.status, headers: shape.headers, body: body.toString("utf8") };
}

function expectAll(answers: Answers, expected: { status?: number; headers: [string, string][]; body: string }, only: HostName[] = HOSTS): void {
  for (const host of only) expect(decoded(answers[host]), host).toEqual({ status: 200, ...expected });
}

const ask = (path: string, acceptEncoding?: string, method = "GET") =>
  hosts.ask({ method, path, headers: acceptEncoding === undefined ? [] : [["Accept-Encoding", acceptEncoding]] });

describe("compress: the platform's encoder", () => {
  it("is node:zlib on Node", () => expect(platformEncoder).toBe("node:zlib"));
});

describe("compress: negotiation on every host", () => {
  // [Accept-Encoding, coding on Node (br, gzip, deflate offered), coding on workerd (br, gzip: the runtime encodes)]
  const cases: [string | undefined, string | undefined, string | undefined][] = [
    [undefined, undefined, undefined],
    ["gzip", "gzip", "gzip"],
    ["br", "br", "br"],
    ["deflate", "deflate", undefined],
    ["gzip, deflate, br", "br", "br"],
    ["gzip;q=1, br;q=0.5", "gzip", "gzip"],
    ["br;q=0, gzip;q=0.2, deflate;q=0.9", "deflate", "gzip"],
    ["*", "br", "br"],
    ["*;q=0", undefined, undefined],
    ["identity", undefined, undefined],
    ["gzip;q=0.5, identity", undefined, undefined],
    ["compress", undefined, undefined],
  ];
  for (const [header, node, workerd] of cases) {
    it(`${JSON.stringify(header)} → ${node ?? "identity"} on Node, ${workerd ?? "identity"} on workerd`, async () => {
      const answers = await ask(`/text?${CSV}`, header);
      const headers = (coding: string | undefined): [string, string][] => coding ? [["content-encoding", coding], csv, vary] : [csv, vary];
      expectAll(answers, { headers: headers(node), body: TEXT }, ["fetch", "socket"]);
      expectAll(answers, { headers: headers(workerd), body: TEXT }, ["workerd"]);
    });
  }

  it("compresses a 16 KB JSON body (c.json) to what the client accepts", async () => {
    const json = JSON.stringify(RECORDS);
    expect(json.length).toBeGreaterThan(6000);
    for (const coding of ["br", "gzip"]) {
      const answers = await ask("/json", coding);
      expectAll(answers, { headers: [["content-encoding", coding], ["content-type", "application/json"], vary], body: json });
      expect(answers.socket.body.length, coding).toBeLessThan(json.length / 4);
    }
  });

  it("replaces Content-Length with the encoded body's on the wire", async () => {
    for (const host of ["socket", "workerd"] as const) {
      const { raw } = await hosts.askSocket({ path: `/bytes`, headers: [["Accept-Encoding", "gzip"]] }, host);
      const length = raw.headers.find(([n]) => n.toLowerCase() === "content-length")?.[1];
      const chunked = raw.headers.some(([n, v]) => n.toLowerCase() === "transfer-encoding" && v === "chunked");
      expect(length === undefined ? chunked : Number(length) === raw.body.length, host).toBe(true);
      expect(zlib.gunzipSync(raw.body).toString(), host).toBe(TEXT);
    }
  });
});

describe("compress: what is left alone", () => {
  it("a body below the threshold (1023 bytes): identity, with Vary, ETag kept strong", async () => {
    expectAll(await ask(`/short?${CSV}`, "gzip"), { headers: [csv, ["etag", "\"s1\""], vary], body: SHORT });
  });

  it("a body at the threshold (1024 bytes) is compressed", async () => {
    expectAll(await ask(`/at-threshold?${CSV}`, "gzip"), { headers: [["content-encoding", "gzip"], csv, vary], body: `${SHORT}y` });
  });

  it("types that do not compress, and no Content-Type: untouched, no Vary", async () => {
    expectAll(await ask("/image", "gzip"), { headers: [["content-type", "image/png"]], body: TEXT });
    const untyped = await ask("/untyped", "gzip");
    expectAll(untyped, { headers: [], body: TEXT }, ["fetch", "socket"]);
    // The edge model compresses a response without Content-Type (Cloudflare does); the middleware did not.
    expectAll(untyped, { headers: [["content-encoding", "gzip"]], body: TEXT }, ["workerd"]);
  });

  it("text/event-stream: untouched, no Vary", async () => {
    expectAll(await ask("/sse", "gzip, br"), { headers: [["content-type", "text/event-stream"]], body: TEXT });
  });

  it("Cache-Control: no-transform (any case, in a list): untouched, no Vary", async () => {
    expectAll(await ask(`/no-transform?${CSV}`, "br"), { headers: [["cache-control", "public, No-Transform"], csv], body: TEXT });
  });

  it("an already encoded body (Content-Encoding set): untouched", async () => {
    // Decoded once, by its own deflate: not compressed a second time.
    expectAll(await ask("/encoded", "gzip"), { headers: [["content-encoding", "deflate"], ["content-type", "text/plain"]], body: TEXT });
  });

  it("206: untouched", async () => {
    expectAll(await ask(`/status/206?${CSV}`, "gzip"), { status: 206, headers: [["content-range", "bytes 0-2399/4800"], csv], body: TEXT });
  });

  it("204 and 304: no body, untouched", async () => {
    for (const status of [204, 304]) {
      const answers = await ask(`/status/${status}?${CSV}`, "gzip");
      for (const host of HOSTS) {
        expect(answers[host].status, host).toBe(status);
        expect(answers[host].body.length, host).toBe(0);
        expect(answers[host].headers.filter(([n]) => n === "content-encoding" || n === "vary"), host).toEqual([]);
      }
    }
  });

  it("HEAD: GET's headers and Vary, no coding, GET's uncompressed Content-Length", async () => {
    const answers = await ask(`/text?${CSV}`, "gzip", "HEAD");
    for (const host of HOSTS) expect(answers[host], host).toEqual({ status: 200, headers: [csv, vary], body: Buffer.alloc(0) });
    const { raw } = await hosts.askSocket({ method: "HEAD", path: `/text?${CSV}`, headers: [["Accept-Encoding", "gzip"]] });
    expect(raw.headers.find(([n]) => n.toLowerCase() === "content-length")?.[1]).toBe(String(TEXT.length));
  });

  it("on workerd the edge model compresses text/plain below the threshold and with no-transform, as Cloudflare's list says", async () => {
    // The middleware left these alone (the Node hosts show it); miniflare's edge did this.
    expectAll(await ask("/short", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["etag", "\"s1\""], vary], body: SHORT }, ["workerd"]);
    expectAll(await ask("/short", "gzip"), { headers: [["content-type", "text/plain; charset=UTF-8"], ["etag", "\"s1\""], vary], body: SHORT }, ["fetch", "socket"]);
  });
});

describe("compress: Vary and ETag", () => {
  it("merges Vary with the handler's", async () => {
    expectAll(await ask("/vary", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["vary", "Origin, Accept-Encoding"]], body: TEXT });
    expectAll(await ask("/vary-star", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["vary", "*"]], body: TEXT });
    expectAll(await ask("/vary-has", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["vary", "origin, accept-encoding"]], body: TEXT });
  });

  it("a strong ETag becomes weak when the body is encoded; a weak one stays", async () => {
    expectAll(await ask("/strong-etag", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["etag", "W/\"v1\""], vary], body: TEXT });
    expectAll(await ask("/weak-etag", "gzip"), { headers: [["content-encoding", "gzip"], ["content-type", "text/plain; charset=UTF-8"], ["etag", "W/\"v1\""], vary], body: TEXT });
    expectAll(await ask("/strong-etag"), { headers: [["content-type", "text/plain; charset=UTF-8"], ["etag", "\"v1\""], vary], body: TEXT });
  });

  it("a Web Response the handler returned is encoded too", async () => {
    expectAll(await ask("/response", "br"), { headers: [["content-encoding", "br"], ["content-type", "text/html; charset=UTF-8"], ["etag", "W/\"r1\""], vary], body: TEXT });
  });
});

describe("compress: streams", () => {
  it("a stream body is encoded whole on every host", async () => {
    for (const coding of ["br", "gzip"]) {
      expectAll(await ask(`/stream?${CSV}`, coding), { headers: [["content-encoding", coding], csv, vary], body: CHUNKS.join("") });
    }
    expectAll(await ask(`/stream?${CSV}`, "deflate"), { headers: [["content-encoding", "deflate"], csv, vary], body: CHUNKS.join("") }, ["fetch", "socket"]);
  });

  for (const coding of ["br", "gzip", "deflate"] as const) {
    it(`each chunk reaches a Node socket client decodable as it is produced (${coding}, a flush per chunk)`, async () => {
      const parts = await timedParts(hosts.server.port, `/stream?${CSV}`, coding);
      // What the client could decode, and when: each chunk before the next is produced.
      expect(parts.map((p) => p.text)).toEqual(CHUNKS);
      for (let i = 1; i < parts.length; i++) expect(parts[i].at - parts[i - 1].at, `gap before chunk ${i}`).toBeGreaterThan(CHUNK_GAP_MS * 0.6);
    });
  }
});

/**
 * GET `path` over a socket and decode the chunked, encoded body as it
 * arrives: the text that became decodable after each read, with its time (ms).
 */
function timedParts(port: number, path: string, coding: "br" | "gzip" | "deflate"): Promise<{ at: number; text: string }[]> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const parts: { at: number; text: string }[] = [];
    const decoder = coding === "br" ? zlib.createBrotliDecompress() : coding === "gzip" ? zlib.createGunzip() : zlib.createInflate();
    decoder.on("data", (d: Buffer) => parts.push({ at: Date.now() - start, text: d.toString() }));
    let head = true;
    let pending = Buffer.alloc(0);
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: ${coding}\r\nConnection: close\r\n\r\n`);
    });
    socket.on("data", (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      if (head) {
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        pending = pending.subarray(end + 4);
        head = false;
      }
      for (;;) { // chunked framing: size CRLF data CRLF
        const line = pending.indexOf("\r\n");
        if (line < 0) return;
        const size = parseInt(pending.subarray(0, line).toString(), 16);
        if (pending.length < line + 2 + size + 2) return;
        if (size > 0) decoder.write(pending.subarray(line + 2, line + 2 + size));
        pending = pending.subarray(line + 2 + size + 2);
      }
    });
    socket.on("end", () => decoder.end());
    decoder.on("end", () => resolve(parts));
    socket.on("error", reject);
    decoder.on("error", reject);
  });
}

describe("compress: options", () => {
  it("threshold, encodings and levels", async () => {
    const app = new App().use(compress({ threshold: 0, encodings: ["deflate", "gzip"], level: 1 })).get("/", (c) => c.text("tiny"));
    const response = await app.request("/", { headers: { "Accept-Encoding": "br, gzip, deflate" } });
    expect(response.headers.get("content-encoding")).toBe("deflate");
    expect(zlib.inflateSync(Buffer.from(await response.arrayBuffer())).toString()).toBe("tiny");
  });

  it("a filter decides which types compress", async () => {
    const app = new App().use(compress({ filter: (type) => type === "image/png" })).get("/", (c) => c.body(TEXT, 200, { "Content-Type": "image/png" }));
    const response = await app.request("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
  });

  it("refuses bad options at registration", () => {
    expect(() => compress({ threshold: -1 })).toThrow(`${ERR_THRESHOLD}: -1`);
    expect(() => compress({ encodings: [] })).toThrow(`${ERR_ENCODING}: []`);
    expect(() => compress({ brotliQuality: 12 })).toThrow(`${ERR_LEVEL}: 6, 12`);
  });
});
