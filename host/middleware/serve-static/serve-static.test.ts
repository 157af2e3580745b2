// serveStatic: the rules (tables), the Node file store (cache, symlinks,
// streaming) and the answers on every host: app.request and a Node socket
// serve a directory, workerd serves the same files through its assets binding.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { everyHost, type EveryHost, type HostName, type Shape } from "../../../tests/support/every-host.js";
import { App } from "../../app/app.js";
import { ByteLru } from "./lru.js";
import { mimeType } from "./mime.js";
import { fileStream, serveStatic } from "./index.js";
import { SECRETS, TRAVERSAL_TARGETS } from "./traversal.fixture.js";
import { chooseCoding, codingPreference, entityTags, fileEtag, ifRangeHolds, MAX_RANGES, parseRange, preconditions,
  safeSegments, type Precondition, type RangeAnswer } from "./rules.js";

const BASE = mkdtempSync(join(tmpdir(), "asedge-static-"));
const ROOT = join(BASE, "public");
const ASSETS = join(BASE, "assets");
const HELLO = "hello world\n";
const APP_JS = "console.log('app');\n".repeat(50);
const BIG = Buffer.alloc(300 * 1024);
for (let i = 0; i < BIG.length; i++) BIG[i] = (i * 31 + (i >> 9)) & 0xff;
const MTIME = new Date("2026-11-01T10:00:00Z");

function buildRoot(): void {
  mkdirSync(join(ROOT, "sub"), { recursive: true });
  mkdirSync(join(ROOT, "admin"));
  writeFileSync(join(BASE, "secret.txt"), "OUTSIDE-THE-ROOT-SECRET");
  writeFileSync(join(ROOT, "hello.txt"), HELLO);
  writeFileSync(join(ROOT, "index.html"), "<h1>home</h1>");
  writeFileSync(join(ROOT, "sub", "index.html"), "<h1>sub</h1>");
  writeFileSync(join(ROOT, "empty.txt"), "");
  writeFileSync(join(ROOT, "big.bin"), BIG);
  writeFileSync(join(ROOT, "app.js"), APP_JS);
  writeFileSync(join(ROOT, "app.js.gz"), gzipSync(APP_JS));
  writeFileSync(join(ROOT, "app.js.br"), brotliCompressSync(APP_JS));
  writeFileSync(join(ROOT, "admin", "secret.txt"), "GUARDED-ADMIN-SECRET");
  writeFileSync(join(ROOT, ".env"), "DOTENV-SECRET");
  writeFileSync(join(ROOT, "sub", ".env"), "DOTENV-SECRET");
  for (const name of ["hello.txt", "index.html", "sub/index.html", "empty.txt", "big.bin", "app.js", "app.js.gz", "app.js.br"]) {
    utimesSync(join(ROOT, name), MTIME, MTIME);
  }
  // The assets directory workerd serves: the same files, without the symlinks (wrangler resolves those when it uploads).
  cpSync(ROOT, ASSETS, { recursive: true });
  symlinkSync("../secret.txt", join(ROOT, "link-out"));
  symlinkSync("..", join(ROOT, "dir-out"));
  symlinkSync("hello.txt", join(ROOT, "link-in"));
}

let hosts: EveryHost;
beforeAll(async () => {
  buildRoot();
  process.env.SERVE_STATIC_ROOT = ROOT;
  hosts = await everyHost("host/middleware/serve-static/serve-static.fixture.ts", {
    workerFixture: "host/middleware/serve-static/serve-static.worker.fixture.ts",
    worker: {
      assets: { directory: ASSETS, binding: "ASSETS", routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true } },
    },
  });
}, 60_000);
afterAll(async () => {
  await hosts?.close();
  rmSync(BASE, { recursive: true, force: true });
});

const get = (shape: Shape, name: string) => shape.headers.find(([n]) => n === name)?.[1];


const HOSTS: HostName[] = ["fetch", "socket", "workerd"];
const NODE_ETAG = (size: number, coding?: string) => fileEtag(size, MTIME.getTime(), coding);
const LAST_MODIFIED = MTIME.toUTCString();

// ── Rules, table-driven ──────────────────────────────────────────────────────

describe("safeSegments", () => {
  const cases: [string, string[] | null][] = [
    ["/", [""]],
    ["/a/b.txt", ["a", "b.txt"]],
    ["/a/", ["a", ""]],
    ["/%C3%A9t%C3%A9.txt", ["été.txt"]],
    ["/a%20b", ["a b"]],
    ["/.well-known/x", [".well-known", "x"]],
    ["/a..b", ["a..b"]],
    ["/...", ["..."]],
    ["", null],
    ["a/b", null],
    ["/../x", null],
    ["/./x", null],
    ["/a/..", null],
    ["/a/.", null],
    ["/%2e%2e/x", null],
    ["/%2E%2E/x", null],
    ["/.%2e/x", null],
    ["/%2e/x", null],
    ["//x", null],
    ["/a//b", null],
    ["/a%2fb", null],
    ["/a%2Fb", null],
    ["/a%5cb", null],
    ["/a%5Cb", null],
    ["/a\\b", null],
    ["/a%00b", null],
    ["/a\0b", null],
    ["/%zz", null],
    ["/%E0%A4%A", null],
    ["/%c0%ae%c0%ae/x", null], // overlong UTF-8 for "..": not valid UTF-8, refused
  ];
  it.each(cases)("%j → %j", (path, expected) => {
    expect(safeSegments(path)).toEqual(expected);
  });
});

describe("mimeType", () => {
  const cases: [string, string][] = [
    ["index.html", "text/html; charset=utf-8"],
    ["app.js", "text/javascript; charset=utf-8"],
    ["app.mjs", "text/javascript; charset=utf-8"],
    ["style.css", "text/css; charset=utf-8"],
    ["data.json", "application/json; charset=utf-8"],
    ["site.webmanifest", "application/manifest+json; charset=utf-8"],
    ["logo.svg", "image/svg+xml; charset=utf-8"],
    ["photo.PNG", "image/png"],
    ["core.wasm", "application/wasm"],
    ["font.woff2", "font/woff2"],
    ["README", "application/octet-stream"],
    ["/x/.env", "application/octet-stream"],
    ["/x.d/file", "application/octet-stream"],
    ["a.unknown-ext", "application/octet-stream"],
  ];
  it.each(cases)("%s → %s", (name, type) => {
    expect(mimeType(name)).toBe(type);
  });
  it("takes overrides by extension", () => {
    expect(mimeType("a.foo", { foo: "x/y" })).toBe("x/y");
    expect(mimeType("a.html", { html: "text/plain" })).toBe("text/plain; charset=utf-8");
    expect(mimeType("a.constructor", {})).toBe("application/octet-stream");
  });
});

describe("fileEtag", () => {
  it("is strong, from size and mtime, with the coding of a variant", () => {
    expect(fileEtag(12, 1_500_000_000_000)).toBe('"c-15d3ef79800"');
    expect(fileEtag(12, 1_500_000_000_000.7, "br")).toBe('"c-15d3ef79800-br"');
  });
});

describe("entityTags", () => {
  const cases: [string, string[] | "*" | undefined][] = [
    ['"a"', ['"a"']],
    ['"a", W/"b" ,"c"', ['"a"', 'W/"b"', '"c"']],
    ["*", "*"],
    ['""', ['""']],
    ["a", undefined],
    ['"a" "b"', undefined],
    ['W/ "a"', undefined],
  ];
  it.each(cases)("%j → %j", (field, tags) => {
    expect(entityTags(field)).toEqual(tags);
  });
});

describe("preconditions", () => {
  const mtimeMs = Date.UTC(2026, 10, 1, 10, 0, 0);
  const same = new Date(mtimeMs).toUTCString();
  const later = new Date(mtimeMs + 5000).toUTCString();
  const earlier = new Date(mtimeMs - 5000).toUTCString();
  const cases: [string, Record<string, string>, Precondition][] = [
    ["nothing", {}, "pass"],
    ["If-None-Match the tag", { "if-none-match": '"abc"' }, 304],
    ["If-None-Match weak form (weak comparison)", { "if-none-match": 'W/"abc"' }, 304],
    ["If-None-Match list", { "if-none-match": '"x", "abc"' }, 304],
    ["If-None-Match *", { "if-none-match": "*" }, 304],
    ["If-None-Match another", { "if-none-match": '"x"' }, "pass"],
    ["If-None-Match malformed", { "if-none-match": "abc" }, "pass"],
    ["If-Modified-Since the same second", { "if-modified-since": same }, 304],
    ["If-Modified-Since later", { "if-modified-since": later }, 304],
    ["If-Modified-Since earlier", { "if-modified-since": earlier }, "pass"],
    ["If-Modified-Since not a date", { "if-modified-since": "yesterday" }, "pass"],
    ["If-Modified-Since ignored beside If-None-Match", { "if-none-match": '"x"', "if-modified-since": later }, "pass"],
    ["If-Match the tag", { "if-match": '"abc"' }, "pass"],
    ["If-Match *", { "if-match": "*" }, "pass"],
    ["If-Match another", { "if-match": '"x"' }, 412],
    ["If-Match weak (strong comparison)", { "if-match": 'W/"abc"' }, 412],
    ["If-Unmodified-Since earlier", { "if-unmodified-since": earlier }, 412],
    ["If-Unmodified-Since the same second", { "if-unmodified-since": same }, "pass"],
    ["If-Unmodified-Since ignored beside If-Match", { "if-match": '"abc"', "if-unmodified-since": earlier }, "pass"],
    ["If-Match fails before If-None-Match", { "if-match": '"x"', "if-none-match": '"abc"' }, 412],
  ];
  it.each(cases)("%s → %s", (_, headers, expected) => {
    expect(preconditions((name) => headers[name], { etag: '"abc"', mtimeMs })).toBe(expected);
  });
  it("without an mtime, dates decide nothing", () => {
    expect(preconditions((n) => ({ "if-modified-since": later } as Record<string, string>)[n], { etag: '"abc"' })).toBe("pass");
  });
});

describe("ifRangeHolds", () => {
  const mtimeMs = Date.UTC(2026, 10, 1, 10, 0, 0);
  const v = { etag: '"abc"', mtimeMs };
  const cases: [string, number, boolean][] = [
    ['"abc"', mtimeMs + 60_000, true],
    ['W/"abc"', mtimeMs + 60_000, false],
    ['"x"', mtimeMs + 60_000, false],
    [new Date(mtimeMs).toUTCString(), mtimeMs + 60_000, true],
    [new Date(mtimeMs).toUTCString(), mtimeMs + 500, false], // modified within the second: not a strong validator
    [new Date(mtimeMs + 1000).toUTCString(), mtimeMs + 60_000, false],
    ["garbage", mtimeMs + 60_000, false],
  ];
  it.each(cases)("%j (now %d) → %s", (field, now, expected) => {
    expect(ifRangeHolds(field, v, now)).toBe(expected);
  });
});

describe("parseRange", () => {
  const part = (...ranges: [number, number][]): RangeAnswer => ({ kind: "partial", ranges });
  const full: RangeAnswer = { kind: "full" };
  const none: RangeAnswer = { kind: "unsatisfiable" };
  const many = `bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 2}-${i * 2}`).join(",")}`;
  const cases: [string | undefined, number, RangeAnswer][] = [
    [undefined, 100, full],
    ["bytes=0-9", 100, part([0, 9])],
    ["bytes=90-", 100, part([90, 99])],
    ["bytes=-10", 100, part([90, 99])],
    ["bytes=-200", 100, part([0, 99])],
    ["bytes=95-200", 100, part([95, 99])],
    ["BYTES=0-1", 100, part([0, 1])],
    ["bytes=0-0, 50-59", 100, part([0, 0], [50, 59])],
    ["bytes=50-59,0-9", 100, part([50, 59], [0, 9])],
    ["bytes=0-9,5-19", 100, part([0, 19])],
    ["bytes=10-19,0-9", 100, part([0, 19])],
    ["bytes=0-,0-,0-", 100, part([0, 99])],
    ["bytes=100-,0-1", 100, part([0, 1])],
    ["bytes=100-", 100, none],
    ["bytes=-0", 100, none],
    ["bytes=100-200,300-", 100, none],
    ["bytes=0-", 0, none],
    ["bytes=-5", 0, none],
    ["bytes=abc", 100, full],
    ["bytes=5-3", 100, full],
    ["bytes=", 100, full],
    ["bytes=1-2-3", 100, full],
    ["bytes=0-1,", 100, full],
    ["bytes=--1", 100, full],
    ["bytes=-", 100, full],
    ["bytes=0x1-2", 100, full],
    ["items=0-1", 100, full],
    ["0-1", 100, full],
    [many, 100, full],
  ];
  it.each(cases)("%j of %d → %j", (field, size, expected) => {
    expect(parseRange(field, size)).toEqual(expected);
  });
});

describe("codingPreference / chooseCoding", () => {
  const cases: [string | undefined, string[]][] = [
    [undefined, []],
    ["", []],
    ["gzip", ["gzip"]],
    ["br", ["br"]],
    ["gzip, br", ["br", "gzip"]],
    ["gzip, deflate, br, zstd", ["br", "gzip"]],
    ["br;q=0.5, gzip", ["gzip", "br"]],
    ["gzip;q=0, br", ["br"]],
    ["*", ["br", "gzip"]],
    ["*;q=0.1, gzip", ["gzip", "br"]],
    ["*, br;q=0", ["gzip"]],
    ["identity", []],
    ["identity;q=1, gzip;q=0.5", []],
    ["identity;q=0.5, gzip", ["gzip"]],
    ["x-gzip", ["gzip"]],
    ["GZIP", ["gzip"]],
    ["br;q=1.0, gzip;q=0.999", ["br", "gzip"]],
    ["br;q=2", []],
    ["br;q=0.5555", []],
    ["deflate", []],
  ];
  it.each(cases)("%j → %j", (field, expected) => {
    expect(codingPreference(field)).toEqual(expected);
  });
  it("chooses among the variants that exist", () => {
    expect(chooseCoding("br, gzip", ["gzip"])).toBe("gzip");
    expect(chooseCoding("br", ["gzip"])).toBeUndefined();
    expect(chooseCoding(undefined, ["br", "gzip"])).toBeUndefined();
  });
});

describe("ByteLru", () => {
  it("keeps entries under the total and the per-entry cap, evicting the least recently used", () => {
    const lru = new ByteLru<string>(100, 60);
    expect(lru.set("a", "A", 40)).toBe(true);
    expect(lru.set("b", "B", 40)).toBe(true);
    expect(lru.get("a")).toBe("A"); // a is now the newest
    expect(lru.set("c", "C", 40)).toBe(true); // evicts b
    expect([lru.get("a"), lru.get("b"), lru.get("c"), lru.bytes, lru.size]).toEqual(["A", undefined, "C", 80, 2]);
    expect(lru.set("d", "D", 61)).toBe(false); // over the per-entry cap: not kept
    expect(lru.get("d")).toBeUndefined();
    expect(lru.set("a", "A2", 10)).toBe(true); // a replaced: its bytes recounted
    expect([lru.get("a"), lru.bytes]).toEqual(["A2", 50]);
    lru.delete("c");
    expect([lru.size, lru.bytes]).toEqual([1, 10]);
  });
});

// ── Every host ───────────────────────────────────────────────────────────────

function expectBodies(answers: Record<HostName, Shape>, status: number, body: string | Buffer): void {
  for (const host of HOSTS) {
    expect([host, answers[host].status, answers[host].body.toString("latin1")]).toEqual([host, status, Buffer.from(body).toString("latin1")]);
  }
}

describe("serveStatic on every host", () => {
  it("serves a file with its type, validators and Accept-Ranges", async () => {
    const answers = await hosts.ask({ path: "/hello.txt" });
    const node = {
      status: 200,
      headers: [["accept-ranges", "bytes"], ["content-type", "text/plain; charset=utf-8"], ["etag", NODE_ETAG(12)],
        ["last-modified", LAST_MODIFIED], ["vary", "Accept-Encoding"]],
      body: Buffer.from(HELLO),
    };
    expect(answers.fetch).toEqual(node);
    expect(answers.socket).toEqual(node);
    const w = answers.workerd;
    expect([w.status, w.body.toString(), get(w, "content-type"), get(w, "accept-ranges"), /^"[0-9a-f]{32}"$/.test(get(w, "etag") ?? "")])
      .toEqual([200, HELLO, "text/plain; charset=utf-8", "bytes", true]);
  });

  it("answers HEAD with no body (the Node socket: and the GET's Content-Length)", async () => {
    const socket = (await hosts.askSocket({ method: "HEAD", path: "/hello.txt" }, "socket")).raw;
    expect([socket.status, socket.headers.find(([n]) => n === "content-length")?.[1], socket.body.length]).toEqual([200, "12", 0]);
    // workerd: App.fetch answers HEAD with new Response(null, …), which carries no Content-Length on any route.
    const workerd = (await hosts.askSocket({ method: "HEAD", path: "/hello.txt" }, "workerd")).raw;
    expect([workerd.status, workerd.body.length, workerd.headers.find(([n]) => n === "etag")?.[1]?.length]).toEqual([200, 0, 34]);
  });

  it("serves an empty file", async () => {
    const answers = await hosts.ask({ path: "/empty.txt" });
    expectBodies(answers, 200, "");
    const { raw } = await hosts.askSocket({ path: "/empty.txt" });
    expect(raw.headers.find(([n]) => n === "content-length")?.[1]).toBe("0");
  });

  it("answers 304 to If-None-Match (the tag, a list, a weak form, *) with the validators a cache needs", async () => {
    const tags = Object.fromEntries(HOSTS.map((h) => [h, "" as string]));
    const first = await hosts.ask({ path: "/hello.txt" });
    for (const host of HOSTS) tags[host] = get(first[host], "etag")!;
    for (const make of [(t: string) => t, (t: string) => `"nope", ${t}`, (t: string) => `W/${t}`, () => "*"]) {
      for (const host of HOSTS) {
        const shape = (await hosts.ask({ path: "/hello.txt", headers: [["If-None-Match", make(tags[host])]] }))[host];
        const expected: [string, string][] = host === "workerd"
          ? [["cache-control", "public, max-age=0, must-revalidate"], ["etag", tags[host]]]
          : [["etag", tags[host]], ["vary", "Accept-Encoding"]];
        expect([host, shape.status, shape.headers, shape.body.length]).toEqual([host, 304, expected, 0]);
      }
    }
    const other = await hosts.ask({ path: "/hello.txt", headers: [["If-None-Match", '"nope"']] });
    expectBodies(other, 200, HELLO);
  });

  it("answers 412 to a failed If-Match", async () => {
    const answers = await hosts.ask({ path: "/hello.txt", headers: [["If-Match", '"nope"']] });
    expectBodies(answers, 412, "");
  });

  it("answers If-Modified-Since from the file's mtime (Node: assets have none)", async () => {
    for (const [since, status] of [[LAST_MODIFIED, 304], [new Date(MTIME.getTime() - 60_000).toUTCString(), 200]] as const) {
      const answers = await hosts.ask({ path: "/hello.txt", headers: [["If-Modified-Since", since]] });
      expect([answers.fetch.status, answers.socket.status, answers.workerd.status]).toEqual([status, status, 200]);
    }
  });

  it("answers one range with 206 and Content-Range", async () => {
    const cases: [string, string, string][] = [
      ["bytes=0-4", "hello", "bytes 0-4/12"],
      ["bytes=-6", "world\n", "bytes 6-11/12"],
      ["bytes=6-", "world\n", "bytes 6-11/12"],
      ["bytes=10-999", "d\n", "bytes 10-11/12"],
    ];
    for (const [range, body, contentRange] of cases) {
      const answers = await hosts.ask({ path: "/hello.txt", headers: [["Range", range]] });
      expectBodies(answers, 206, body);
      for (const host of HOSTS) {
        expect([host, range, get(answers[host], "content-range"), get(answers[host], "content-type")])
          .toEqual([host, range, contentRange, "text/plain; charset=utf-8"]);
      }
    }
  });

  it("answers several ranges with multipart/byteranges", async () => {
    const answers = await hosts.ask({ path: "/hello.txt", headers: [["Range", "bytes=0-1, 6-7"]] });
    for (const host of HOSTS) {
      const shape = answers[host];
      const boundary = /^multipart\/byteranges; boundary=(asedge-[0-9a-f]{24})$/.exec(get(shape, "content-type") ?? "")?.[1];
      expect([host, shape.status, typeof boundary]).toEqual([host, 206, "string"]);
      expect(shape.body.toString()).toBe(
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/12\r\n\r\nhe` +
        `\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 6-7/12\r\n\r\nwo` +
        `\r\n--${boundary}--\r\n`);
    }
  });

  it("answers an unsatisfiable range with 416 and Content-Range: bytes */size", async () => {
    const answers = await hosts.ask({ path: "/hello.txt", headers: [["Range", "bytes=12-"]] });
    expectBodies(answers, 416, "");
    for (const host of HOSTS) expect([host, get(answers[host], "content-range")]).toEqual([host, "bytes */12"]);
  });

  it("ignores a malformed Range (200 with the whole file)", async () => {
    for (const range of ["bytes=abc", "bytes=5-3", "items=0-1", "bytes=0-1,", "bytes=--1"]) {
      const answers = await hosts.ask({ path: "/hello.txt", headers: [["Range", range]] });
      expectBodies(answers, 200, HELLO);
      for (const host of HOSTS) expect([host, range, get(answers[host], "content-range")]).toEqual([host, range, undefined]);
    }
  });

  it("applies a Range under If-Range only when the tag matches by strong comparison", async () => {
    const first = await hosts.ask({ path: "/hello.txt" });
    for (const host of HOSTS) {
      const tag = get(first[host], "etag")!;
      const ask = async (ifRange: string) => (await hosts.ask({ path: "/hello.txt", headers: [["Range", "bytes=0-4"], ["If-Range", ifRange]] }))[host];
      const [same, weak, other] = [await ask(tag), await ask(`W/${tag}`), await ask('"nope"')];
      expect([host, same.status, same.body.toString(), weak.status, weak.body.toString(), other.status])
        .toEqual([host, 206, "hello", 200, HELLO, 200]);
    }
  });

  it("streams a file larger than the cache's per-file cap, ranges included", async () => {
    expectBodies(await hosts.ask({ path: "/big.bin" }), 200, BIG);
    const answers = await hosts.ask({ path: "/big.bin", headers: [["Range", "bytes=100000-199999"]] });
    expectBodies(answers, 206, BIG.subarray(100000, 200000));
    for (const host of HOSTS) expect([host, get(answers[host], "content-range")]).toEqual([host, `bytes 100000-199999/${BIG.length}`]);
    const multi = await hosts.ask({ path: "/big.bin", headers: [["Range", "bytes=0-9,200000-200009"]] });
    for (const host of HOSTS) {
      const boundary = /boundary=(.*)$/.exec(get(multi[host], "content-type") ?? "")?.[1];
      const type = host === "workerd" ? "application/octet-stream" : "application/octet-stream";
      expect([host, multi[host].status, multi[host].body.toString("latin1")]).toEqual([host, 206,
        `--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes 0-9/${BIG.length}\r\n\r\n${BIG.subarray(0, 10).toString("latin1")}` +
        `\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes 200000-200009/${BIG.length}\r\n\r\n${BIG.subarray(200000, 200010).toString("latin1")}` +
        `\r\n--${boundary}--\r\n`]);
    }
  });

  it("streams from disk chunked on the Node socket (no Content-Length), from the binding with one in workerd", async () => {
    const node = await hosts.askSocket({ path: "/big.bin" }, "socket");
    const worker = await hosts.askSocket({ path: "/big.bin" }, "workerd");
    const h = (raw: typeof node.raw, name: string) => raw.headers.find(([n]) => n === name)?.[1];
    expect([h(node.raw, "transfer-encoding"), h(worker.raw, "content-length")]).toEqual(["chunked", String(BIG.length)]);
  });

  it("serves index files and redirects a directory to its trailing slash (workerd: the binding's html_handling)", async () => {
    expectBodies(await hosts.ask({ path: "/" }), 200, "<h1>home</h1>");
    expectBodies(await hosts.ask({ path: "/sub/" }), 200, "<h1>sub</h1>");
    const bare = await hosts.ask({ path: "/sub?x=1" });
    for (const host of ["fetch", "socket"] as const) {
      expect([host, bare[host].status, bare[host].headers]).toEqual([host, 301, [["location", "/sub/?x=1"]]]);
    }
    expect([bare.workerd.status, bare.workerd.body.toString()]).toEqual([200, "<h1>sub</h1>"]);
  });

  it("chooses a precompressed sibling by Accept-Encoding q-values, Vary on every variant (Node)", async () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ["gzip", "gzip"],
      ["br", "br"],
      ["gzip, br", "br"],
      ["br;q=0.5, gzip", "gzip"],
      ["gzip, br;q=0", "gzip"],
      ["deflate", undefined],
      ["identity;q=1, br;q=0.5", undefined],
    ];
    for (const [accept, coding] of cases) {
      const answers = await hosts.ask({ path: "/app.js", headers: accept ? [["Accept-Encoding", accept]] : [] });
      for (const host of ["fetch", "socket"] as const) {
        const shape = answers[host];
        const body = coding === "gzip" ? gunzipSync(shape.body) : coding === "br" ? brotliDecompressSync(shape.body) : shape.body;
        const size = coding === "gzip" ? gzipSync(APP_JS).length : coding === "br" ? brotliCompressSync(APP_JS).length : APP_JS.length;
        expect([host, accept, shape.status, get(shape, "content-encoding"), get(shape, "vary"), get(shape, "etag"),
          get(shape, "content-type"), body.toString()])
          .toEqual([host, accept, 200, coding, "Accept-Encoding", NODE_ETAG(size, coding), "text/javascript; charset=utf-8", APP_JS]);
      }
    }
  });

  it("falls through to the app for missing files, directories named as files and other methods", async () => {
    for (const request of [{ path: "/nope.txt" }, { path: "/hello.txt/" }, { method: "POST", path: "/hello.txt" }, { method: "DELETE", path: "/" }]) {
      const answers = await hosts.ask(request);
      expectBodies(answers, 404, "no such file");
    }
  });

  it("serves a symlink that stays inside the root (Node)", async () => {
    const answers = await hosts.ask({ path: "/link-in" });
    for (const host of ["fetch", "socket"] as const) expect([host, answers[host].status, answers[host].body.toString()]).toEqual([host, 200, HELLO]);
  });
});

describe("path safety: the traversal corpus", () => {
  it("serves nothing outside the root nor around the guard, on raw sockets and the fetch path", async () => {
    const leaks: string[] = [];
    const statuses: Record<string, number[]> = {};
    for (const target of TRAVERSAL_TARGETS) {
      const answers: [string, { status: number; headers: [string, string][]; body: Buffer }][] = [];
      for (const host of ["socket", "workerd"] as const) {
        const { raw } = await hosts.askSocket({ path: target }, host);
        answers.push([host, raw]);
      }
      const fetched = await hosts.app.request(target).catch(() => undefined);
      if (fetched) {
        const headers: [string, string][] = [];
        fetched.headers.forEach((value, name) => { headers.push([name, value]); });
        answers.push(["fetch", { status: fetched.status, headers, body: Buffer.from(await fetched.arrayBuffer()) }]);
      }
      for (const [host, answer] of answers) {
        const text = answer.body.toString("latin1");
        for (const secret of SECRETS) if (text.includes(secret)) leaks.push(`${host} ${target}: ${secret}`);
        const location = answer.headers.find(([n]) => n.toLowerCase() === "location")?.[1];
        if (location !== undefined && (!location.startsWith("/") || location.startsWith("//") || location.startsWith("/\\"))) {
          leaks.push(`${host} ${target}: Location ${location}`);
        }
      }
      statuses[target] = answers.map(([, a]) => a.status);
    }
    expect(leaks).toEqual([]);
    // The secrets exist and are reachable the legitimate way, so their absence above means something.
    expect((await hosts.askSocket({ path: "/admin/secret.txt" })).raw.status).toBe(403);
    expect(TRAVERSAL_TARGETS.length).toBeGreaterThan(50);
    // Every target is answered (an error status or a file inside the root, never a hang or a reset).
    for (const [target, list] of Object.entries(statuses)) expect([target, list.every((s) => s >= 200 && s < 600)]).toEqual([target, true]);
  });
});

// ── The Node store: cache, invalidation, symlink changes, streams ────────────

describe("serveStatic on Node: the content cache", () => {
  const dir = join(BASE, "cache");
  const app = (options: Parameters<typeof serveStatic>[0]) => new App().use("/*", serveStatic({ root: dir, ...options })).all("/*", (c) => c.text("none", 404));
  const text = async (a: App, path: string) => { const r = await a.request(path); return `${r.status} ${await r.text()}`; };
  const write = (name: string, content: string, mtime: Date) => { writeFileSync(join(dir, name), content); utimesSync(join(dir, name), mtime, mtime); };
  const T1 = new Date("2026-11-01T00:00:00Z");
  const T2 = new Date("2026-11-02T00:00:00Z");

  beforeAll(() => { mkdirSync(dir, { recursive: true }); writeFileSync(join(BASE, "outside.txt"), "OUTSIDE-THE-ROOT-SECRET"); });

  it("serves a cached file from memory until its mtime changes", async () => {
    const a = app({});
    write("a.txt", "first", T1);
    expect(await text(a, "/a.txt")).toBe("200 first");
    write("a.txt", "other", T1); // same size, same mtime: the cache cannot tell, and answers from memory
    expect(await text(a, "/a.txt")).toBe("200 first");
    utimesSync(join(dir, "a.txt"), T2, T2);
    expect(await text(a, "/a.txt")).toBe("200 other");
  });

  it("does not keep a file over the per-file cap, and evicts to stay under the total", async () => {
    const a = app({ cacheBytes: 100, cacheFileBytes: 60 });
    write("big.txt", "x".repeat(61), T1);
    expect(await text(a, "/big.txt")).toBe(`200 ${"x".repeat(61)}`);
    write("big.txt", "y".repeat(61), T1);
    expect(await text(a, "/big.txt")).toBe(`200 ${"y".repeat(61)}`); // read from disk each time
    write("b1.txt", "1".repeat(50), T1);
    write("b2.txt", "2".repeat(50), T1);
    write("b3.txt", "3".repeat(50), T1);
    for (const name of ["b1", "b2", "b3"]) await text(a, `/${name}.txt`); // b3 evicts b1
    write("b1.txt", "4".repeat(50), T1);
    write("b3.txt", "5".repeat(50), T1);
    expect([await text(a, "/b1.txt"), await text(a, "/b3.txt")]).toEqual([`200 ${"4".repeat(50)}`, `200 ${"3".repeat(50)}`]);
  });

  it("no cache: cacheBytes 0 reads every answer from disk", async () => {
    const a = app({ cacheBytes: 0 });
    write("c.txt", "first", T1);
    expect(await text(a, "/c.txt")).toBe("200 first");
    write("c.txt", "other", T1);
    expect(await text(a, "/c.txt")).toBe("200 other");
  });

  it("stats through the thread pool with syncStat: false, and answers alike", async () => {
    const a = app({ syncStat: false });
    write("s.txt", "pooled", T1);
    expect([await text(a, "/s.txt"), await text(a, "/missing.txt"), await text(a, "/s.txt/x")]).toEqual(["200 pooled", "404 none", "404 none"]);
  });

  it("stops serving a cached symlink retargeted outside the root", async () => {
    const a = app({});
    write("target.txt", "inside", T1);
    symlinkSync("target.txt", join(dir, "moving"));
    expect(await text(a, "/moving")).toBe("200 inside");
    rmSync(join(dir, "moving"));
    symlinkSync("../outside.txt", join(dir, "moving"));
    expect(await text(a, "/moving")).toBe("404 none");
  });

  it("serves under rewriteRequestPath, and the rewritten path is checked too", async () => {
    write("r.txt", "rewritten", T1);
    const a = new App().use("/static/*", serveStatic({ root: dir, rewriteRequestPath: (p) => p.replace(/^\/static/, "") }))
      .all("/*", (c) => c.text("none", 404));
    expect([await text(a, "/static/r.txt"), await text(a, "/static/..%2fouter.txt"), await text(a, "/r.txt")])
      .toEqual(["200 rewritten", "404 none", "404 none"]);
  });

  it("serves dotfiles only when asked to, and /.well-known/ always", async () => {
    mkdirSync(join(dir, ".well-known"), { recursive: true });
    write(".well-known/security.txt", "contact", T1);
    write(".hidden", "dot", T1);
    expect([await text(app({}), "/.hidden"), await text(app({ dotfiles: true }), "/.hidden"), await text(app({}), "/.well-known/security.txt")])
      .toEqual(["404 none", "200 dot", "200 contact"]);
  });

  it("sets Cache-Control when configured, on 200 and 304 alike", async () => {
    write("cc.txt", "cc", T1);
    const a = app({ cacheControl: "public, max-age=60" });
    const ok = await a.request("/cc.txt");
    const again = await a.request("/cc.txt", { headers: { "If-None-Match": ok.headers.get("etag")! } });
    expect([ok.status, ok.headers.get("cache-control"), again.status, again.headers.get("cache-control")])
      .toEqual([200, "public, max-age=60", 304, "public, max-age=60"]);
  });
});

describe("fileStream", () => {
  it("reads one chunk per pull (back-pressure: nothing is read ahead of the consumer)", async () => {
    const path = join(ROOT, "big.bin");
    const reader = fileStream(path, 0, BIG.length - 1).getReader();
    const first = await reader.read();
    expect(first.value?.length).toBe(64 * 1024);
    let total = first.value!.length;
    for (;;) { const { done, value } = await reader.read(); if (done) break; total += value.length; }
    expect(total).toBe(BIG.length);
  });

  it("opens nothing until the first pull, so a cancelled or HEAD answer costs no file handle", async () => {
    const stream = fileStream(join(BASE, "does-not-exist"), 0, 10);
    await stream.cancel();
    const failing = fileStream(join(BASE, "does-not-exist"), 0, 10).getReader();
    await expect(failing.read()).rejects.toThrow(/ENOENT/);
  });
});

describe("asedge/middleware/serve-static export conditions", () => {
  // What a bundler resolves (esbuild, as wrangler runs it), from the built dist/.
  const bundle = (conditions: string[]) => buildSync({
    stdin: { contents: 'export { serveStatic } from "asedge/middleware/serve-static";', resolveDir: process.cwd(), loader: "js" },
    bundle: true, write: false, format: "esm", platform: "neutral", conditions, external: ["node:*", "mrmime"], metafile: true,
  });
  const inputs = (conditions: string[]) => Object.keys(bundle(conditions).metafile!.inputs).filter((f) => f.includes("serve-static")).sort();

  it("workerd and worker get the assets build: no node: module, no MIME table", () => {
    for (const conditions of [["workerd"], ["worker"]]) {
      const result = bundle(conditions);
      expect([conditions, inputs(conditions), /from "(node:|mrmime)/.test(result.outputFiles[0].text)]).toEqual([conditions, [
        "dist/host/middleware/serve-static/answer.js", "dist/host/middleware/serve-static/options.js",
        "dist/host/middleware/serve-static/rules.js", "dist/host/middleware/serve-static/worker.js"], false]);
    }
  });

  it("node (and no condition) get the files build", () => {
    for (const conditions of [["node"], []]) expect(inputs(conditions)).toContain("dist/host/middleware/serve-static/index.js");
  });
});
