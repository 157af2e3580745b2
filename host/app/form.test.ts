// Form bodies (c.req.parseBody / c.req.formData) on every host: urlencoded,
// multipart, Hono's shapes, and the limits with their statuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost, type HostRequest } from "../../tests/support/every-host.js";
import { ERR_FORM_BOUNDARY, ERR_FORM_FIELD_SIZE, ERR_FORM_FILE_SIZE, ERR_FORM_MALFORMED, ERR_FORM_PARTS, ERR_FORM_TYPE, mediaType } from "./form.js";

const B = "----asedge7MA4YWxk";
const MULTIPART: [string, string] = ["Content-Type", `multipart/form-data; boundary=${B}`];
const URLENCODED: [string, string] = ["Content-Type", "application/x-www-form-urlencoded"];

function multipart(parts: ({ name: string; value: string } | { name: string; file: string; type: string; content: string })[]): string {
  let body = "";
  for (const part of parts) {
    body += `--${B}\r\n`;
    if ("file" in part) body += `Content-Disposition: form-data; name="${part.name}"; filename="${part.file}"\r\nContent-Type: ${part.type}\r\n\r\n${part.content}\r\n`;
    else body += `Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`;
  }
  return `${body}--${B}--\r\n`;
}

describe("mediaType", () => {
  it.each([
    [undefined, ""], ["", ""], ["text/plain", "text/plain"], ["Multipart/Form-Data; boundary=x", "multipart/form-data"],
    [" application/x-www-form-urlencoded ; charset=UTF-8", "application/x-www-form-urlencoded"],
  ])("%j → %j", (value, expected) => { expect(mediaType(value)).toBe(expected); });
});

describe("forms on every host", () => {
  let hosts: EveryHost;
  beforeAll(async () => { hosts = await everyHost("host/app/form.fixture.ts"); });
  afterAll(() => hosts.close());

  async function same(request: HostRequest, status: number, body: unknown) {
    const answers = await hosts.ask({ method: "POST", ...request });
    const type = typeof body === "string" ? "text/plain; charset=UTF-8" : "application/json";
    const expected = { status, headers: [["content-type", type]], body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)) };
    expect(answers).toEqual({ fetch: expected, socket: expected, workerd: expected });
  }

  it("urlencoded: last value wins, [] names are lists, %-decoding and +", async () => {
    const body = "a=1&b=%E2%9C%93+x&a=2&c%5B%5D=x&empty=&flag";
    await same({ path: "/body", headers: [URLENCODED], body }, 200, { a: "2", b: "✓ x", "c[]": ["x"], empty: "", flag: "" });
    await same({ path: "/body/all", headers: [URLENCODED], body }, 200, { a: ["1", "2"], b: "✓ x", "c[]": ["x"], empty: "", flag: "" });
  });

  it("dot names nest, prototype names stay flat", async () => {
    await same({ path: "/body/dot", headers: [URLENCODED], body: "user.name=ann&user.age=3&x.__proto__.y=1&top=t" }, 200,
      { "x.__proto__.y": "1", top: "t", user: { name: "ann", age: "3" } });
  });

  it("multipart: fields and files", async () => {
    const body = multipart([
      { name: "title", value: "hello ✓" },
      { name: "doc", file: "a.txt", type: "text/plain", content: "file text" },
      { name: "tags[]", value: "x" },
      { name: "tags[]", value: "y" },
    ]);
    await same({ path: "/body", headers: [MULTIPART], body }, 200,
      { title: "hello ✓", doc: { file: "a.txt", type: "text/plain", size: 9, text: "file text" }, "tags[]": ["x", "y"] });
    await same({ path: "/form", headers: [MULTIPART], body }, 200,
      [["title", "hello ✓"], ["doc", { file: "a.txt", type: "text/plain", size: 9, text: "file text" }], ["tags[]", "x"], ["tags[]", "y"]]);
  });

  it("a quoted boundary", async () => {
    await same({ path: "/body", headers: [["Content-Type", `multipart/form-data; boundary="${B}"`]], body: multipart([{ name: "a", value: "1" }]) }, 200, { a: "1" });
  });

  it("parses once: a second call and text() see the same body", async () => {
    const body = "a=1&a=2";
    await same({ path: "/twice", headers: [URLENCODED], body }, 200, { first: { a: "2" }, second: { a: ["1", "2"] }, text: 7 });
  });

  it("another type: parseBody gives {}, formData() 415", async () => {
    await same({ path: "/body", headers: [["Content-Type", "application/json"]], body: '{"a":1}' }, 200, {});
    await same({ path: "/body", body: "a=1" }, 200, {});
    await same({ path: "/form", headers: [["Content-Type", "text/plain"]], body: "a=1" }, 415, ERR_FORM_TYPE);
  });

  it("malformed multipart: 400", async () => {
    await same({ path: "/body", headers: [["Content-Type", "multipart/form-data"]], body: multipart([{ name: "a", value: "1" }]) }, 400, ERR_FORM_BOUNDARY);
    await same({ path: "/body", headers: [MULTIPART], body: `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end` }, 400, ERR_FORM_MALFORMED);
  });

  it("limits: parts, field bytes, file bytes: 413", async () => {
    await same({ path: "/limited", headers: [URLENCODED], body: "a=1&b=2&c=3" }, 200, { a: "1", b: "2", c: "3" });
    await same({ path: "/limited", headers: [URLENCODED], body: "a=1&b=2&c=3&d=4" }, 413, `${ERR_FORM_PARTS} (3)`);
    const four = multipart(["a", "b", "c", "d"].map((name) => ({ name, value: "1" })));
    await same({ path: "/limited", headers: [MULTIPART], body: four }, 413, `${ERR_FORM_PARTS} (3)`);
    await same({ path: "/limited", headers: [URLENCODED], body: "a=12345678" }, 200, { a: "12345678" });
    await same({ path: "/limited", headers: [URLENCODED], body: "a=123456789" }, 413, `${ERR_FORM_FIELD_SIZE} (8)`);
    await same({ path: "/limited", headers: [URLENCODED], body: "a=%E2%9C%93%E2%9C%93%E2%9C%93" }, 413, `${ERR_FORM_FIELD_SIZE} (8)`); // 9 bytes, 3 chars
    await same({ path: "/limited", headers: [MULTIPART], body: multipart([{ name: "f", file: "f.bin", type: "application/octet-stream", content: "1234" }]) }, 200,
      { f: { file: "f.bin", type: "application/octet-stream", size: 4, text: "1234" } });
    await same({ path: "/limited", headers: [MULTIPART], body: multipart([{ name: "f", file: "f.bin", type: "application/octet-stream", content: "12345" }]) }, 413, `${ERR_FORM_FILE_SIZE} (4)`);
  });
});
