// Cookies: parsing and serialization as tables, signing (also against Hono's
// own format), and the helpers on every host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as honoParse, parseSigned as honoParseSigned, serializeSigned as honoSerializeSigned } from "hono/utils/cookie";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import {
  ERR_COOKIE_ATTRIBUTE, ERR_COOKIE_EXPIRES, ERR_COOKIE_HOST_PREFIX, ERR_COOKIE_MAX_AGE, ERR_COOKIE_NAME,
  ERR_COOKIE_PARTITIONED, ERR_COOKIE_PRIORITY, ERR_COOKIE_SAME_SITE, ERR_COOKIE_SAME_SITE_NONE, ERR_COOKIE_SECRET,
  ERR_COOKIE_SECURE_PREFIX, ERR_COOKIE_TOO_LONG, ERR_COOKIE_VALUE,
  generateCookie, generateSignedCookie, parseCookies, serializeCookie, type CookieOptions,
} from "./index.js";
import { sign, unsign } from "./signed.js";
import { SECRET } from "./cookie.fixture.js";

const PARSE: [header: string, expected: Record<string, string>][] = [
  ["a=1", { a: "1" }],
  ["a=1; b=2", { a: "1", b: "2" }],
  ["a=1;b=2", { a: "1", b: "2" }],
  ["  a = 1 ;\tb=2\t", { a: "1", b: "2" }],
  ["a=1; a=2", { a: "1" }], // first wins
  ['a="quoted"', { a: "quoted" }],
  ['a="', {}], // a lone DQUOTE is not a cookie-octet (Hono reads it as "": listed in HONO_DIFFERS)
  ["a=%E2%9C%93", { a: "✓" }],
  ["a=%E2%9C", { a: "%E2%9C" }], // undecodable: kept as sent
  ["a=x=y", { a: "x=y" }],
  ["a=", { a: "" }],
  ["novalue; b=2", { b: "2" }],
  ["a=1;;; b=2", { a: "1", b: "2" }],
  ["a b=1; c=2", { c: "2" }], // a space in a name
  ['a="x;y"', {}], // split at ";": the pieces are not values
  ["a=back\\slash; b=2", { b: "2" }],
  ["", {}],
  ["__Host-id=7; __Secure-s=8", { "__Host-id": "7", "__Secure-s": "8" }],
];

/** Headers Hono's parse reads otherwise, with the reason we do not follow it. */
const HONO_DIFFERS = new Set([
  'a="', // Hono strips the "quotes" of a one-character value and keeps an empty cookie
]);

describe("parseCookies", () => {
  it.each(PARSE)("%j", (header, expected) => {
    expect({ ...parseCookies(header) }).toEqual(expected);
  });

  it.each(PARSE.filter(([header]) => !HONO_DIFFERS.has(header)))("agrees with Hono's parse: %j", (header) => {
    expect({ ...parseCookies(header) }).toEqual({ ...honoParse(header) });
  });

  it("finds one name, first value", () => {
    expect(parseCookies("x=0; a=1; a=2", "a")).toEqual({ a: "1" });
    expect(parseCookies("ab=1", "a")).toEqual({});
  });
});

const FUTURE = new Date(Date.now() + 86_400_000);
const SERIALIZE: [name: string, value: string, options: CookieOptions, expected: string][] = [
  ["a", "1", {}, "a=1"],
  ["a", "x y;z\r\n", {}, "a=x%20y%3Bz%0D%0A"], // CR, LF and ";" cannot reach the header
  ["a", "✓", {}, "a=%E2%9C%93"],
  ["a", "1", { maxAge: 60 }, "a=1; Max-Age=60"],
  ["a", "1", { maxAge: 1.9 }, "a=1; Max-Age=1"],
  ["a", "1", { maxAge: 0 }, "a=1; Max-Age=0"],
  ["a", "1", { maxAge: 34_560_000 }, "a=1; Max-Age=34560000"],
  ["a", "1", { domain: "example.com", path: "/p" }, "a=1; Domain=example.com; Path=/p"],
  ["a", "1", { expires: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }, "a=1; Expires=Fri, 02 Jan 2026 03:04:05 GMT"],
  ["a", "1", { httpOnly: true, secure: true }, "a=1; HttpOnly; Secure"],
  ["a", "1", { sameSite: "lax" }, "a=1; SameSite=Lax"],
  ["a", "1", { sameSite: "STRICT" as never }, "a=1; SameSite=Strict"],
  ["a", "1", { sameSite: "None", secure: true }, "a=1; Secure; SameSite=None"],
  ["a", "1", { priority: "high" }, "a=1; Priority=High"],
  ["a", "1", { secure: true, partitioned: true }, "a=1; Secure; Partitioned"],
  ["__Secure-a", "1", { secure: true }, "__Secure-a=1; Secure"],
  ["__Host-a", "1", { secure: true, path: "/" }, "__Host-a=1; Path=/; Secure"],
  ["a", "1", { maxAge: 10, domain: "d.example", path: "/", expires: new Date(Date.UTC(2026, 5, 1)), httpOnly: true, secure: true, sameSite: "Strict", priority: "Low", partitioned: true },
    "a=1; Max-Age=10; Domain=d.example; Path=/; Expires=Mon, 01 Jun 2026 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict; Priority=Low; Partitioned"],
];

const REFUSED: [name: string, value: string, options: CookieOptions, message: string][] = [
  ["a;b", "1", {}, `${ERR_COOKIE_NAME}: "a;b"`],
  ["a b", "1", {}, `${ERR_COOKIE_NAME}: "a b"`],
  ["a\r\n", "1", {}, `${ERR_COOKIE_NAME}: "a\\r\\n"`],
  ["", "1", {}, `${ERR_COOKIE_NAME}: ""`],
  ["a=", "1", {}, `${ERR_COOKIE_NAME}: "a="`],
  ["a", "\ud800", {}, `${ERR_COOKIE_VALUE}: a`],
  ["a", "x".repeat(4096), {}, `${ERR_COOKIE_TOO_LONG}: a`],
  ["a", "1", { maxAge: 34_560_001 }, `${ERR_COOKIE_MAX_AGE}: 34560001`],
  ["a", "1", { maxAge: -1 }, `${ERR_COOKIE_MAX_AGE}: -1`],
  ["a", "1", { maxAge: NaN }, `${ERR_COOKIE_MAX_AGE}: NaN`],
  ["a", "1", { expires: new Date(Date.now() + 401 * 86_400_000) }, ERR_COOKIE_EXPIRES],
  ["a", "1", { expires: new Date(NaN) }, `${ERR_COOKIE_EXPIRES}: Invalid Date`],
  ["a", "1", { domain: "a.example;b" }, `${ERR_COOKIE_ATTRIBUTE}: Domain="a.example;b"`],
  ["a", "1", { path: "/\r\nX: y" }, `${ERR_COOKIE_ATTRIBUTE}: Path="/\\r\\nX: y"`],
  ["a", "1", { path: `/${"p".repeat(1024)}` }, `${ERR_COOKIE_ATTRIBUTE}: Path="/${"p".repeat(1024)}"`],
  ["a", "1", { sameSite: "loose" as never }, `${ERR_COOKIE_SAME_SITE}: "loose"`],
  ["a", "1", { sameSite: "None" }, `${ERR_COOKIE_SAME_SITE_NONE}: a`],
  ["a", "1", { priority: "urgent" as never }, `${ERR_COOKIE_PRIORITY}: "urgent"`],
  ["a", "1", { partitioned: true }, `${ERR_COOKIE_PARTITIONED}: a`],
  ["__Secure-a", "1", {}, `${ERR_COOKIE_SECURE_PREFIX}: __Secure-a`],
  ["__SECURE-a", "1", {}, `${ERR_COOKIE_SECURE_PREFIX}: __SECURE-a`],
  ["__Host-a", "1", { secure: true }, `${ERR_COOKIE_HOST_PREFIX}: __Host-a`],
  ["__Host-a", "1", { secure: true, path: "/x" }, `${ERR_COOKIE_HOST_PREFIX}: __Host-a`],
  ["__host-a", "1", { secure: true, path: "/", domain: "a.example" }, `${ERR_COOKIE_HOST_PREFIX}: __host-a`],
];

describe("serializeCookie", () => {
  it.each(SERIALIZE)("%s=%j %j", (name, value, options, expected) => {
    expect(serializeCookie(name, value, options)).toBe(expected);
  });

  it.each(REFUSED)("refuses %j=%j %j", (name, value, options, message) => {
    const expires = options.expires;
    if (expires && !Number.isNaN(expires.getTime())) message = `${message}: ${String(expires)}`;
    expect(() => serializeCookie(name, value, options)).toThrow(message);
    expect(() => serializeCookie(name, value, options)).toThrowError(expect.objectContaining({ message }));
  });

  it("lets Expires reach 400 days", () => {
    expect(serializeCookie("a", "1", { expires: FUTURE })).toBe(`a=1; Expires=${FUTURE.toUTCString()}`);
  });
});

describe("generateCookie (setCookie's value)", () => {
  it.each<[string, CookieOptions | undefined, string]>([
    ["a", undefined, "a=1; Path=/"],
    ["a", { path: "/x" }, "a=1; Path=/x"],
    ["a", { path: undefined }, "a=1; Path=/"],
    ["a", { prefix: "secure" }, "__Secure-a=1; Path=/; Secure"],
    ["a", { prefix: "secure", domain: "d.example" }, "__Secure-a=1; Domain=d.example; Path=/; Secure"],
    ["a", { prefix: "host", path: "/ignored" }, "__Host-a=1; Path=/; Secure"],
  ])("%s %j", (name, options, expected) => {
    expect(generateCookie(name, "1", options)).toBe(expected);
  });

  it("refuses a Domain on a __Host- cookie", () => {
    expect(() => generateCookie("a", "1", { prefix: "host", domain: "d.example" })).toThrow(`${ERR_COOKIE_HOST_PREFIX}: __Host-a`);
  });
});

describe("signed values", () => {
  it("round-trip, and fail when anything changes", async () => {
    const signed = await sign("user 42", "s3cret");
    expect(signed).toMatch(/^user 42\.[A-Za-z0-9+/]{43}=$/);
    expect(await unsign(signed, "s3cret")).toBe("user 42");
    expect(await unsign(signed, "other")).toBe(false);
    expect(await unsign(signed.replace("42", "43"), "s3cret")).toBe(false);
    expect(await unsign("user 42", "s3cret")).toBe(false);
    expect(await unsign("user 42.short=", "s3cret")).toBe(false);
    expect(await unsign(`user 42.${"!".repeat(43)}=`, "s3cret")).toBe(false);
    expect(await unsign(await sign("a", new TextEncoder().encode("bytes")), new TextEncoder().encode("bytes"))).toBe("a");
  });

  it("use Hono's format: each verifies the other's cookies", async () => {
    const ours = await generateSignedCookie("s", "v.1 ✓", "k");
    const pair = ours.split(";")[0];
    expect(await honoParseSigned(pair, "k")).toEqual({ s: "v.1 ✓" });
    const theirs = (await honoSerializeSigned("s", "v.1 ✓", "k")).split(";")[0];
    expect(theirs).toBe(pair);
    expect(await unsign(parseCookies(theirs).s, "k")).toBe("v.1 ✓");
  });

  it("refuse an empty secret", async () => {
    await expect(sign("a", "")).rejects.toThrow(ERR_COOKIE_SECRET);
  });

  it("check the attributes before signing", async () => {
    await expect(generateSignedCookie("a", "1", "k", { maxAge: -5 })).rejects.toThrow(`${ERR_COOKIE_MAX_AGE}: -5`);
  });
});

describe("cookie helpers on every host", () => {
  let hosts: EveryHost;
  beforeAll(async () => { hosts = await everyHost("host/helper/cookie/cookie.fixture.ts"); });
  afterAll(() => hosts.close());

  async function same(request: Parameters<EveryHost["ask"]>[0], status: number, headers: [string, string][], body: string) {
    const answers = await hosts.ask(request);
    const expected = { status, headers, body: Buffer.from(body) };
    expect(answers).toEqual({ fetch: expected, socket: expected, workerd: expected });
  }
  const JSON_TYPE: [string, string] = ["content-type", "application/json"];
  const TEXT_TYPE: [string, string] = ["content-type", "text/plain; charset=UTF-8"];

  it("reads the Cookie header: quotes, repeats, %-decoding", async () => {
    await same({ path: "/cookies", headers: [["Cookie", 'a=1; b="two"; a=3; c=%E2%9C%93; bad']] }, 200, [JSON_TYPE], '{"a":"1","b":"two","c":"✓"}');
    await same({ path: "/cookie/b", headers: [["Cookie", 'a=1; b="two"']] }, 200, [JSON_TYPE], '{"value":"two"}');
    await same({ path: "/cookie/b" }, 200, [JSON_TYPE], '{"value":null}');
    await same({ path: "/cookies" }, 200, [JSON_TYPE], "{}");
  });

  it("sets cookies, one Set-Cookie field each", async () => {
    await same({ path: "/set" }, 200, [TEXT_TYPE,
      ["set-cookie", "theme=dark%20mode%3B%20%E2%9C%93; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax"],
      ["set-cookie", "__Host-id=7; Path=/; Secure"]], "set");
    const { raw } = await hosts.askSocket({ path: "/set" });
    expect(raw.headers.filter(([n]) => n === "set-cookie").length).toBe(2);
  });

  it("signs and verifies", async () => {
    const answers = await hosts.ask({ path: "/sign" });
    const cookie = answers.socket.headers.find(([n]) => n === "set-cookie")![1];
    expect(cookie).toMatch(/^__Secure-session=user%2042\.[A-Za-z0-9%]+; Path=\/; HttpOnly; Secure$/);
    for (const shape of Object.values(answers)) expect(shape.headers).toEqual([TEXT_TYPE, ["set-cookie", cookie]]);
    const pair = cookie.split(";")[0];
    await same({ path: "/signed", headers: [["Cookie", pair]] }, 200, [JSON_TYPE], '{"session":"user 42"}');
    await same({ path: "/signed", headers: [["Cookie", pair.replace("42", "43")]] }, 200, [JSON_TYPE], '{"session":false}');
    await same({ path: "/signed" }, 200, [JSON_TYPE], '{"session":null}');
  });

  it("deletes, returning the old value", async () => {
    await same({ path: "/delete", headers: [["Cookie", "theme=dark"]] }, 200, [JSON_TYPE, ["set-cookie", "theme=; Max-Age=0; Path=/"]], '{"was":"dark"}');
  });

  it("refuses a bad name with the named error", async () => {
    await same({ path: "/bad" }, 500, [TEXT_TYPE], `${ERR_COOKIE_NAME}: "a;b"`);
  });
});
