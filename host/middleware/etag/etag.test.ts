// etag and conditional requests on every host (app.request, a Node socket,
// workerd), and the pieces they are made of, table-driven.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost, type HostRequest } from "../../../tests/support/every-host.js";
import { evaluatePreconditions, hash64, parseTagList, type PreconditionResult } from "./index.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/etag/etag.fixture.ts"); });
afterAll(() => hosts.close());

async function ask(request: HostRequest): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const answers = await hosts.ask(request);
  expect(answers.socket, "socket").toEqual(answers.fetch);
  expect(answers.workerd, "workerd").toEqual(answers.fetch);
  return { status: answers.fetch.status, headers: answers.fetch.headers, body: answers.fetch.body.toString() };
}

const TEXT: [string, string] = ["content-type", "text/plain; charset=UTF-8"];
const HELLO = '"5-bfb06f3a63cd7226"'; // length 5, hash64("hello")
const HELLO_200 = {
  status: 200,
  headers: [["cache-control", "max-age=60"], TEXT, ["etag", HELLO], ["vary", "Accept"], ["x-other", "dropped on 304"]],
  body: "hello",
};
const HELLO_304 = { status: 304, headers: [["cache-control", "max-age=60"], ["etag", HELLO], ["vary", "Accept"]], body: "" };
const withHeader = (path: string, name: string, value: string, method = "GET"): HostRequest => ({ method, path, headers: [[name, value]] });

describe("etag: strong tags from the body", () => {
  it("tags a text body with its length and hash", async () => {
    expect(await ask({ path: "/text" })).toEqual(HELLO_200);
  });

  it("tags bytes the same way", async () => {
    expect(await ask({ path: "/bytes" })).toEqual({
      status: 200, headers: [["content-type", "application/octet-stream"], ["etag", '"3-17ef0c1db549d625"']], body: "\x01\x02\x03",
    });
  });

  it("tags a body over 16 KiB with the first 64 bits of its SHA-1", async () => {
    const answer = await ask({ path: "/large" });
    expect(answer.headers).toEqual([TEXT, ["etag", '"4e20-2cbe80a4a470a379"']]);
  });

  it("sends W/ tags when weak, and keeps a tag the handler set", async () => {
    expect((await ask({ path: "/weak/text" })).headers).toEqual([TEXT, ["etag", `W/${HELLO}`]]);
    expect((await ask({ path: "/own" })).headers).toEqual([TEXT, ["etag", '"v1"']]);
  });

  it("passes a stream through without a tag, and tags no error answer", async () => {
    expect(await ask({ path: "/stream" })).toEqual({ status: 200, headers: [], body: "streamed" });
    expect(await ask({ path: "/missing", headers: [["If-None-Match", "*"]] })).toEqual({ status: 404, headers: [TEXT], body: "no" });
  });

  it("answers HEAD as GET: the same tag, and 304 when it matches", async () => {
    expect(await ask({ method: "HEAD", path: "/text" })).toEqual({ ...HELLO_200, body: "" });
    expect(await ask(withHeader("/text", "If-None-Match", HELLO, "HEAD"))).toEqual(HELLO_304);
  });
});

describe("etag: If-None-Match", () => {
  it.each([
    ["the tag", HELLO],
    ["the tag, weak (weak comparison)", `W/${HELLO}`],
    ["a list holding it", `"other", ${HELLO}, "x"`],
    ["*", "*"],
  ])("%s → 304 with only the retained headers", async (_, value) => {
    expect(await ask(withHeader("/text", "If-None-Match", value))).toEqual(HELLO_304);
  });

  it.each([["another tag", '"other"'], ["a malformed value", "bfb06f3a63cd7226"]])("%s → 200", async (_, value) => {
    expect(await ask(withHeader("/text", "If-None-Match", value))).toEqual(HELLO_200);
  });

  it("answers a weak tag's match 304, and a handler's own tag's", async () => {
    expect(await ask(withHeader("/weak/text", "If-None-Match", HELLO))).toEqual({ status: 304, headers: [["etag", `W/${HELLO}`]], body: "" });
    expect(await ask(withHeader("/own", "If-None-Match", '"v1"'))).toEqual({ status: 304, headers: [["etag", '"v1"']], body: "" });
  });

  it("evaluates a stream's own tag and answers 304 without its body", async () => {
    expect(await ask(withHeader("/stream-tagged", "If-None-Match", '"s1"'))).toEqual({ status: 304, headers: [["etag", '"s1"']], body: "" });
  });
});

describe("etag: If-Match, If-Modified-Since, If-Unmodified-Since", () => {
  it("If-Match with another tag → 412; with the tag → 200; with a weak tag → 412 (strong comparison)", async () => {
    expect(await ask(withHeader("/text", "If-Match", '"other"'))).toEqual({ status: 412, headers: [], body: "" });
    expect(await ask(withHeader("/text", "If-Match", HELLO))).toEqual(HELLO_200);
    expect((await ask(withHeader("/text", "If-Match", `W/${HELLO}`))).status).toBe(412);
    expect((await ask(withHeader("/weak/text", "If-Match", HELLO))).status).toBe(412);
  });

  it("If-Modified-Since at or after Last-Modified → 304; before → 200; unparsable → 200", async () => {
    const tag = '"5-6111c42fd3f854c5"';
    const dated = { status: 200, headers: [TEXT, ["etag", tag], ["last-modified", "Wed, 02 Dec 2026 10:00:00 GMT"]], body: "dated" };
    expect(await ask({ path: "/dated" })).toEqual(dated);
    expect(await ask(withHeader("/dated", "If-Modified-Since", "Wed, 02 Dec 2026 10:00:00 GMT"))).toEqual({ status: 304, headers: [["etag", tag]], body: "" });
    expect((await ask(withHeader("/dated", "If-Modified-Since", "Thu, 03 Dec 2026 00:00:00 GMT"))).status).toBe(304);
    expect(await ask(withHeader("/dated", "If-Modified-Since", "Wed, 02 Dec 2026 09:59:59 GMT"))).toEqual(dated);
    expect(await ask(withHeader("/dated", "If-Modified-Since", "yesterday"))).toEqual(dated);
  });

  it("If-Unmodified-Since before Last-Modified → 412", async () => {
    expect((await ask(withHeader("/dated", "If-Unmodified-Since", "Tue, 01 Dec 2026 00:00:00 GMT"))).status).toBe(412);
    expect((await ask(withHeader("/dated", "If-Unmodified-Since", "Wed, 02 Dec 2026 10:00:00 GMT"))).status).toBe(200);
  });

  it("If-None-Match matching on a PUT → 412", async () => {
    expect(await ask({ method: "PUT", path: "/text", headers: [["If-None-Match", "*"]] })).toEqual({ status: 412, headers: [], body: "" });
  });
});

describe("hash64", () => {
  it.each([
    ["", "488bdcb81aee8d83"],
    ["hello", "bfb06f3a63cd7226"],
    ["hellp", "81762e0406881e2c"],
    ["héllo €", "91a686bd3bde9a66"],
    ['{"ok":true}', "ca4094237d3fcd53"],
  ])("%j → %s", (input, expected) => {
    expect(hash64(input)).toBe(expected);
  });

  it("hashes ASCII bytes as their string", () => {
    expect(hash64(new TextEncoder().encode("hello"))).toBe("bfb06f3a63cd7226");
    expect(hash64(new Uint8Array([1, 2, 3]))).toBe("17ef0c1db549d625");
  });
});

describe("parseTagList", () => {
  it.each([
    ['"a"', [{ weak: false, opaque: '"a"' }]],
    ['W/"a", "b"', [{ weak: true, opaque: '"a"' }, { weak: false, opaque: '"b"' }]],
    ['"a,b" ,W/"c"', [{ weak: false, opaque: '"a,b"' }, { weak: true, opaque: '"c"' }]],
    ["*", "*"],
    [" * ", "*"],
    ['"a", *', [{ weak: false, opaque: '"a"' }]],
    ['"a", junk, "b"', [{ weak: false, opaque: '"a"' }]],
    ['"open', []],
    ["", []],
  ] as const)("%j → %j", (field, expected) => {
    expect(parseTagList(field)).toEqual(expected);
  });
});

describe("evaluatePreconditions (RFC 9110 §13.2.2 order)", () => {
  const LM = "Wed, 02 Dec 2026 10:00:00 GMT";
  const EARLIER = "Tue, 01 Dec 2026 10:00:00 GMT";
  const req = (method: string, headers: Record<string, string>) => ({ method, header: (n: string) => headers[n] });
  it.each<[string, string, Record<string, string>, PreconditionResult]>([
    ["no preconditions", "GET", {}, "pass"],
    ["If-Match fails before If-None-Match is looked at", "GET", { "if-match": '"x"', "if-none-match": '"a"' }, 412],
    ["If-Match passes, If-None-Match matches", "GET", { "if-match": '"a"', "if-none-match": '"a"' }, 304],
    ["If-Match * with a current tag", "DELETE", { "if-match": "*" }, "pass"],
    ["If-Match replaces If-Unmodified-Since", "GET", { "if-match": '"a"', "if-unmodified-since": EARLIER }, "pass"],
    ["If-Unmodified-Since earlier", "PUT", { "if-unmodified-since": EARLIER }, 412],
    ["If-None-Match replaces If-Modified-Since", "GET", { "if-none-match": '"x"', "if-modified-since": LM }, "pass"],
    ["If-Modified-Since on POST is ignored", "POST", { "if-modified-since": LM }, "pass"],
    ["If-None-Match on POST", "POST", { "if-none-match": '"a"' }, 412],
  ])("%s", (_, method, headers, expected) => {
    expect(evaluatePreconditions(req(method, headers), { etag: '"a"', lastModified: LM })).toBe(expected);
  });

  it("If-Match * and If-None-Match * without a current representation", () => {
    expect(evaluatePreconditions(req("PUT", { "if-match": "*" }), {})).toBe(412);
    expect(evaluatePreconditions(req("PUT", { "if-none-match": "*" }), {})).toBe("pass");
  });
});
