// secure-headers on every host: Hono's defaults, never over a handler's header, CSP nonces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { ERR_HEADER_VALUE } from "../../app/header-check.js";
import { secureHeaders } from "./index.js";

let hosts: EveryHost;
beforeAll(async () => { hosts = await everyHost("host/middleware/secure-headers/secure-headers.fixture.ts"); });
afterAll(() => hosts.close());

describe("secureHeaders", () => {
  it("sends Hono's defaults, keeps the handler's X-Frame-Options and removes X-Powered-By", async () => {
    const expected = {
      status: 200,
      headers: [
        ["content-type", "text/plain; charset=UTF-8"],
        ["cross-origin-opener-policy", "same-origin"],
        ["cross-origin-resource-policy", "same-origin"],
        ["origin-agent-cluster", "?1"],
        ["referrer-policy", "no-referrer"],
        ["strict-transport-security", "max-age=15552000; includeSubDomains"],
        ["x-content-type-options", "nosniff"],
        ["x-dns-prefetch-control", "off"],
        ["x-download-options", "noopen"],
        ["x-frame-options", "ALLOW-FROM https://mine.example"],
        ["x-permitted-cross-domain-policies", "none"],
        ["x-xss-protection", "0"],
      ],
      body: Buffer.from("page"),
    };
    const answers = await hosts.ask({ path: "/default/page" });
    expect(answers).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("sends a CSP with a fresh nonce per request, the one the handler read; options override defaults", async () => {
    const nonces = new Set<string>();
    for (let round = 0; round < 2; round++) {
      const answers = await hosts.ask({ path: "/csp/page" });
      for (const [host, shape] of Object.entries(answers)) {
        const nonce = /nonce="([A-Za-z0-9+/]{22}==)"/.exec(shape.body.toString())?.[1];
        expect(nonce, host).toBeDefined();
        nonces.add(nonce!);
        expect(shape.headers, host).toEqual([
          ["content-security-policy", `default-src 'self'; script-src 'self' 'nonce-${nonce}'; img-src data:`],
          ["content-type", "text/html; charset=UTF-8"],
          ["cross-origin-embedder-policy", "require-corp"],
          ["cross-origin-opener-policy", "same-origin"],
          ["cross-origin-resource-policy", "same-origin"],
          ["origin-agent-cluster", "?1"],
          ["permissions-policy", 'camera=(), geolocation=(self "https://maps.example"), fullscreen=*'],
          ["referrer-policy", "no-referrer"],
          ["x-content-type-options", "nosniff"],
          ["x-dns-prefetch-control", "off"],
          ["x-download-options", "noopen"],
          ["x-frame-options", "DENY"],
          ["x-permitted-cross-domain-policies", "none"],
          ["x-xss-protection", "0"],
        ]);
      }
    }
    expect(nonces.size).toBe(6);
  });

  it("refuses an option that is not a valid header value when registered, not per request", () => {
    expect(() => secureHeaders({ xFrameOptions: "DENY\r\nSet-Cookie: a=1" })).toThrow(`${ERR_HEADER_VALUE}: X-Frame-Options`);
    expect(() => secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'\n"] } })).toThrow(`${ERR_HEADER_VALUE}: Content-Security-Policy`);
  });
});
