// HTTP/1.1 request parsing through the real boundary, the way a host drives
// it: copy the received Buffer into the slot's input region, one `parse`
// call, read a few RequestHead fields, release/acquire the slot. Side by
// side with Node's own llhttp (the HTTPParser binding, callbacks set as
// lib/_http_common.js sets them) and http-parser-js, fed the same Buffers.
//   npx vite-node bench/parser.bench.ts
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { measure, do_not_optimize } from "mitata";
import { instantiateCore } from "../host/node/core-file.js";
import { REQ } from "../host/core/abi.js";

const require = createRequire(import.meta.url);
const { HTTPParser: JsParser } = require("http-parser-js");
// The peer measured here is node:http's own native llhttp, which only this
// (deprecated, DEP0111) binding reaches; the tests' reference parser is the
// WebAssembly llhttp in tests/http/llhttp.ts, a different cost.
// @ts-expect-error: internal binding, untyped
const { HTTPParser: NodeParser } = process.binding("http_parser");
const { kOnHeaders, kOnHeadersComplete, kOnBody, kOnMessageComplete } = NodeParser as Record<string, number>;

// ── The request mix ────────────────────────────────────────────────────────
const browserGet = [
  "GET /articles/2026/11/wasm-http-servers?ref=home&utm_source=feed HTTP/1.1",
  "Host: www.example.com",
  "Connection: keep-alive",
  "Cache-Control: max-age=0",
  'sec-ch-ua: "Chromium";v="130", "Google Chrome";v="130", "Not?A_Brand";v="99"',
  "sec-ch-ua-mobile: ?0",
  "Upgrade-Insecure-Requests: 1",
  "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  "Sec-Fetch-Site: same-origin",
  "Sec-Fetch-Mode: navigate",
  "Accept-Encoding: gzip, deflate, br, zstd",
  "Accept-Language: en-US,en;q=0.9,de;q=0.8",
  "Cookie: session=3f9a1c0b7e; theme=dark",
].join("\r\n") + "\r\n\r\n";
const json = JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com", roles: ["admin", "author"], active: true, score: 99.5 });
const apiPost = [
  "POST /api/v1/users HTTP/1.1", "Host: api.example.com", "Content-Type: application/json",
  "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl", "Accept: application/json",
  `Content-Length: ${json.length}`,
].join("\r\n") + "\r\n\r\n" + json;
const curlGet = "GET /health HTTP/1.1\r\nHost: localhost:3000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n";
const part = "x".repeat(400);
const chunkedUpload = [
  "POST /upload HTTP/1.1", "Host: files.example.com", "Content-Type: application/octet-stream",
  "Transfer-Encoding: chunked",
].join("\r\n") + "\r\n\r\n" + `190\r\n${part}\r\n190;part=2\r\n${part}\r\n10\r\n${"y".repeat(16)}\r\n0\r\n\r\n`;

const MIX = { "browser GET": browserGet, "API POST (JSON)": apiPost, "curl GET": curlGet, "chunked upload": chunkedUpload };
const buffers = Object.fromEntries(Object.entries(MIX).map(([k, v]) => [k, Buffer.from(v, "latin1")]));
const mixBuffers = Object.values(buffers);
const mixBytes = mixBuffers.reduce((n, b) => n + b.length, 0);

// ── asedge: copy in, one parse call, read the head, recycle the slot ───────
const core = instantiateCore();
core.configure(0, 0, 0, 0, 0, 0, 0);
// Memory does not grow after configure(): views and slot addresses are
// computed once, as a host would.
const mem8 = new Uint8Array(core.memory.buffer);
const mem32 = new Uint32Array(core.memory.buffer);
const inputOf: number[] = [];
const headOf: number[] = [];
let slot = core.acquire();
function asedge(buf: Buffer): number {
  const input = (inputOf[slot] ??= core.slotInput(slot));
  const head = (headOf[slot] ??= core.slotRequest(slot) >> 2);
  mem8.set(buf, input);
  const n = core.parse(slot, input, buf.length);
  const seen = n + mem32[head + (REQ.METHOD_ID >> 2)] + mem32[head + (REQ.HEADER_COUNT >> 2)]
    + mem32[head + (REQ.BODY_LEN >> 2)];
  core.release(slot);
  slot = core.acquire();
  return seen;
}

// ── Node's llhttp, callbacks as lib/_http_common.js sets them ──────────────
const llhttp = new NodeParser();
llhttp.initialize(NodeParser.REQUEST, {}, 0, 0);
let llSeen = 0;
llhttp[kOnHeaders] = (headers: string[], url: string) => { llSeen += headers.length + url.length; };
llhttp[kOnHeadersComplete] = (_maj: number, _min: number, headers: string[], method: number, url: string) => {
  llSeen += headers.length + method + url.length;
  return 0;
};
llhttp[kOnBody] = (b: Buffer) => { llSeen += b.length; };
llhttp[kOnMessageComplete] = () => { llSeen++; };
function nodeLlhttp(buf: Buffer): number {
  const r = llhttp.execute(buf);
  if (typeof r !== "number") throw r;
  return llSeen;
}

// ── http-parser-js, same callbacks ─────────────────────────────────────────
const js = new JsParser(JsParser.REQUEST);
let jsSeen = 0;
js[JsParser.kOnHeaders] = (headers: string[], url: string) => { jsSeen += headers.length + url.length; };
js[JsParser.kOnHeadersComplete] = (info: { headers: string[]; url: string }) => { jsSeen += info.headers.length + info.url.length; return 0; };
js[JsParser.kOnBody] = (_b: Buffer, _o: number, len: number) => { jsSeen += len; };
js[JsParser.kOnMessageComplete] = () => { jsSeen++; };
function httpParserJs(buf: Buffer): number {
  const r = js.execute(buf);
  if (typeof r !== "number") throw r;
  return jsSeen;
}

const PARSERS = { asedge, "node llhttp": nodeLlhttp, "http-parser-js": httpParserJs };

// Sanity: every parser takes every request whole.
for (const [name, buf] of Object.entries(buffers)) {
  const r = core.parse(slot, (new Uint8Array(core.memory.buffer, core.slotInput(slot), buf.length).set(buf), core.slotInput(slot)), buf.length);
  if (r !== buf.length) throw new Error(`asedge: ${name} → ${r}`);
  core.release(slot);
  slot = core.acquire();
}

// ── Measure ────────────────────────────────────────────────────────────────
type Row = { workload: string; parser: string; nsPerReq: number; reqPerSec: number; mbPerSec: number };
const rows: Row[] = [];
const workloads: [string, Buffer[]][] = [["mix (all four)", mixBuffers], ...Object.entries(buffers).map(([k, b]) => [k, [b]] as [string, Buffer[]])];
const REPS = 64; // requests per measured call, so timer overhead does not count
for (const [workload, bufs] of workloads) {
  const bytesPerRep = bufs.reduce((n, b) => n + b.length, 0);
  for (const [parser, fn] of Object.entries(PARSERS)) {
    const stats = await measure(() => {
      let s = 0;
      for (let i = 0; i < REPS; i++) for (const b of bufs) s += fn(b);
      do_not_optimize(s);
    }, { min_cpu_time: 1e9 });
    const ns = stats.avg / (REPS * bufs.length);
    rows.push({ workload, parser, nsPerReq: ns, reqPerSec: 1e9 / ns, mbPerSec: (bytesPerRep * REPS / stats.avg) * 1e9 / 1e6 });
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`\n${cpus().length} × ${cpus()[0].model}, node ${process.version}; mix = ${mixBuffers.map((b) => b.length).join(" + ")} = ${mixBytes} bytes\n`);
console.log("| workload | parser | ns/request | requests/s | MB/s | vs llhttp |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) {
  const ll = rows.find((x) => x.workload === r.workload && x.parser === "node llhttp")!;
  console.log(`| ${r.workload} | ${r.parser} | ${fmt(r.nsPerReq)} | ${fmt(r.reqPerSec)} | ${fmt(r.mbPerSec, 1)} | ${fmt(ll.nsPerReq / r.nsPerReq, 2)}× |`);
}
