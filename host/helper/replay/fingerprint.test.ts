// Request fingerprints: the core's MurmurHash3 against an independent
// implementation, then the fingerprint of the same request on every host
// (app.request, a Node socket, workerd) and of its stored parts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import murmur from "murmurhash3js-revisited";
import { everyHost, type EveryHost, type HostRequest } from "../../../tests/support/every-host.js";
import { instantiateCore } from "../../node/core-file.js";
import { Core } from "../../core/core.js";
import { ERR_BAD_FINGERPRINT, fingerprintOfParts, mixFingerprints, type FingerprintOptions, type RequestParts } from "./fingerprint.js";
import { OPTIONS, REDACT } from "./fingerprint.fixture.js";

const core = new Core(instantiateCore());

/** The core's replayHash of `bytes` placed `shift` bytes past an 8-aligned address. */
function coreHash(bytes: Uint8Array, shift: number): string {
  const api = core.exports;
  const slot = api.acquire();
  try {
    const at = api.slotAlloc(slot, bytes.length + 16, 8) + shift;
    core.u8.set(bytes, at);
    api.replayHash(at, bytes.length);
    return Buffer.from(core.u8.subarray(api.replayFingerprintPtr(), api.replayFingerprintPtr() + 16)).toString("hex");
  } finally {
    api.release(slot);
  }
}

/** A deterministic byte stream (xorshift32), so a failure can be reproduced. */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("MurmurHash3 x64_128 in the core", () => {
  it("equals murmurhash3js-revisited on every length 0..64 at every alignment", () => {
    for (let length = 0; length <= 64; length++) {
      for (let shift = 0; shift < 8; shift++) {
        const bytes = randomBytes(length, length * 8 + shift + 1);
        expect(coreHash(bytes, shift), `length ${length}, shift ${shift}`).toBe(murmur.x64.hash128(bytes));
      }
    }
  });

  it("equals it on longer random inputs", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = randomBytes((seed * 7919) % 5000, seed);
      expect(coreHash(bytes, seed % 8), `seed ${seed}`).toBe(murmur.x64.hash128(bytes));
    }
  });
});

describe("mixFingerprints", () => {
  const a = "0123456789abcdef0123456789abcdef";
  const b = "fedcba9876543210fedcba9876543210";

  it("is the hash of the two fingerprints' 32 bytes, in order", () => {
    const both = Buffer.from(a + b, "hex");
    expect(mixFingerprints(core, a, b)).toBe(murmur.x64.hash128(new Uint8Array(both)));
    expect(mixFingerprints(core, a, b)).not.toBe(mixFingerprints(core, b, a));
  });

  it("refuses what is not a fingerprint", () => {
    expect(() => mixFingerprints(core, "xyz", b)).toThrow(ERR_BAD_FINGERPRINT);
  });
});

describe("request fingerprints on every host", () => {
  let hosts: EveryHost;
  beforeAll(async () => { hosts = await everyHost("host/helper/replay/fingerprint.fixture.ts"); }, 60_000);
  afterAll(async () => { await hosts?.close(); });

  /** The fingerprint every host answers (they must agree). */
  async function fingerprint(request: HostRequest): Promise<string> {
    const answers = await hosts.ask(request);
    const bodies = Object.fromEntries(Object.entries(answers).map(([host, shape]) => [host, `${shape.status} ${shape.body.toString()}`]));
    const first = bodies.fetch;
    expect(first, JSON.stringify(bodies)).toMatch(/^200 [0-9a-f]{32}$/);
    expect(bodies, JSON.stringify(bodies)).toEqual({ fetch: first, socket: first, workerd: first });
    return first.slice(4);
  }

  /** The same request as stored parts (fingerprintOfParts). */
  function ofParts(request: HostRequest, options: FingerprintOptions = OPTIONS): string {
    const parts: RequestParts = {
      method: request.method ?? "GET",
      target: request.path,
      headers: (request.headers ?? []).map(([n, v]) => [n.toLowerCase(), v]),
      body: request.body,
    };
    return fingerprintOfParts(core, parts, options);
  }

  const json = (body: string, more: [string, string][] = []): HostRequest =>
    ({ method: "POST", path: "/fp/items", headers: [["Content-Type", "application/json"], ...more], body });
  const form = (body: string): HostRequest =>
    ({ method: "POST", path: "/fp/form", headers: [["Content-Type", "application/x-www-form-urlencoded"]], body });

  it("is the same for the same request, and equals fingerprintOfParts of it", async () => {
    for (const request of [
      { path: "/fp/a?x=1&y=2" },
      { path: "/fp/a", headers: [["Accept", "text/html"], ["X-Tenant", "t1"], ["X-Other", "o"]] },
      json('{"b":1,"a":[1,2]}'),
      form("b=2&a=1"),
      { method: "PUT", path: "/fp/bytes", headers: [["Content-Type", "application/octet-stream"]], body: new Uint8Array([0, 255, 10, 13]) },
    ] as HostRequest[]) {
      expect(await fingerprint(request), JSON.stringify(request)).toBe(ofParts(request));
    }
  }, 30_000);

  it("does not depend on query order, %-encoding of unreserved characters, JSON member order or form field order", async () => {
    expect(await fingerprint({ path: "/fp/a?y=2&x=1" })).toBe(await fingerprint({ path: "/fp/%61?x=1&y=%32" }));
    expect(await fingerprint(json('{"b":1,"a":{"d":[1,{"f":1,"e":2}],"c":null}}')))
      .toBe(await fingerprint(json(' {"a" : {"c":null, "d":[1, {"e":2,"f":1}]}, "b":1.0}\n')));
    expect(await fingerprint(form("b=2&a=1&c=%7e"))).toBe(await fingerprint(form("c=~&a=1&b=2")));
  }, 30_000);

  it("does not depend on dot segments or on how a URL parser encoded the target", async () => {
    expect(await fingerprint({ path: "/fp/x/../a/./b" })).toBe(await fingerprint({ path: "/fp/a/b" }));
    expect(await fingerprint({ path: "/fp/a?q=%7Bx%7D" })).toBe(await fingerprint({ path: "/fp/a?q={x}" }));
    expect(await fingerprint({ path: "/fp/%7Ba%7D" })).toBe(await fingerprint({ path: "/fp/{a}" }));
    expect(await fingerprint({ path: "/fp/a?q='x'" })).toBe(await fingerprint({ path: "/fp/a?q=%27x%27" }));
  }, 30_000);

  it("does not depend on header order or name case, nor on headers outside the allow-list", async () => {
    const a = await fingerprint({ path: "/fp/h", headers: [["Accept", "text/html"], ["X-Tenant", "t1"]] });
    expect(await fingerprint({ path: "/fp/h", headers: [["x-tenant", "t1"], ["ACCEPT", " text/html"], ["X-Trace", "123"]] })).toBe(a);
    expect(await fingerprint({ path: "/fp/h", headers: [["Accept", "text/html"], ["X-Tenant", "t2"]] })).not.toBe(a);
    expect(await fingerprint({ path: "/fp/h", headers: [["Accept", "text/html"]] })).not.toBe(a);
  }, 30_000);

  it("differs for a changed value, method or path", async () => {
    const base = await fingerprint({ path: "/fp/a?x=1" });
    expect(await fingerprint({ path: "/fp/a?x=2" })).not.toBe(base);
    expect(await fingerprint({ path: "/fp/b?x=1" })).not.toBe(base);
    expect(await fingerprint({ method: "DELETE", path: "/fp/a?x=1" })).not.toBe(base);
    expect(await fingerprint(json('{"a":1}'))).not.toBe(await fingerprint(json('{"a":2}')));
    expect(await fingerprint(form("a=1"))).not.toBe(await fingerprint(form("a=2")));
  }, 30_000);

  it("leaves out ignored query parameters", async () => {
    expect(await fingerprint({ path: "/fp/a?x=1&ts=1733000000" })).toBe(await fingerprint({ path: "/fp/a?ts=5&x=1" }));
    expect(await fingerprint({ path: "/fp/a?x=1&ts=1" })).toBe(await fingerprint({ path: "/fp/a?x=1" }));
  }, 30_000);

  it("hashes raw bodies by their bytes, and leaves the body out in ignore mode", async () => {
    const request = (path: string, body: string): HostRequest =>
      ({ method: "POST", path, headers: [["Content-Type", "application/json"]], body });
    expect(await fingerprint(request("/raw/a", '{"a":1,"b":2}'))).not.toBe(await fingerprint(request("/raw/a", '{"b":2,"a":1}')));
    expect(await fingerprint(request("/ignore/a", '{"a":1}'))).toBe(await fingerprint(request("/ignore/a", "anything")));
  }, 30_000);

  it("hashes a header's value as headerValue replaces it", async () => {
    const secret = (token: string): HostRequest => ({ path: "/redact/a", headers: [["Authorization", token]] });
    expect(await fingerprint(secret("Bearer aaaa"))).toBe(await fingerprint(secret("Bearer bbbb"))); // same length
    expect(await fingerprint(secret("Bearer aaaa"))).not.toBe(await fingerprint(secret("Bearer aaaaa")));
    const request = secret("Bearer aaaa");
    expect(await fingerprint(request)).toBe(fingerprintOfParts(core,
      { method: "GET", target: request.path, headers: [["authorization", "Bearer zzzz"]] }, { headers: ["authorization"] }, REDACT));
  }, 30_000);

  it("leaves the body readable for the handler", async () => {
    const answers = await hosts.ask({ method: "POST", path: "/then-read", headers: [["Content-Type", "text/plain"]], body: "hello" });
    for (const [host, shape] of Object.entries(answers)) expect(shape.body.toString(), host).toMatch(/^[0-9a-f]{32} hello$/);
  }, 30_000);

  it("works for a JSON body larger than a small slot's arena (large slot)", async () => {
    const members = Array.from({ length: 6000 }, (_, i) => `"k${i}":{"n":${i},"s":"${"x".repeat(8)}"}`);
    const forward = `{${members.join(",")}}`;
    const backward = `{${members.reverse().join(", ")}}`;
    expect(forward.length).toBeGreaterThan(128 * 1024);
    const a = await fingerprint(json(forward));
    expect(await fingerprint(json(backward))).toBe(a);
    expect(ofParts(json(backward))).toBe(a);
  }, 60_000);

  it("works for a form body larger than a small slot's arena", async () => {
    const fields = Array.from({ length: 9000 }, (_, i) => `f${i}=${"v".repeat(6)}%7e`);
    const a = await fingerprint(form(fields.join("&")));
    expect(await fingerprint(form(fields.reverse().join("&")))).toBe(a);
    expect(ofParts(form(fields.join("&")))).toBe(a);
  }, 60_000);

  it("takes a stored request's absolute URL as its path and query", async () => {
    const live = await fingerprint({ path: "/fp/a?x=1", headers: [["Accept", "*/*"]] });
    expect(ofParts({ path: "https://api.example/fp/a?x=1", headers: [["accept", "*/*"]] })).toBe(live);
  }, 30_000);
});
