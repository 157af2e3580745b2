// One rule per HTTP concept: host/core/http-rules.ts states it, and the
// AssemblyScript side (assembly/response/rules.ts, used by the response
// writer, the AS app context and the wasi entry) must say the same, checked
// here in both directions.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { instantiateCore } from "../../host/node/core-file.js";
import { ContentType, REQ, RespondFlag } from "../../host/core/abi.js";
import { FRAMING_HEADERS, isBodyless, isHeaderName, isTransportHeader, omitsContentLength, TRANSPORT_HEADERS } from "../../host/core/http-rules.js";

const AS_RULES = readFileSync(new URL("../../assembly/response/rules.ts", import.meta.url), "utf8");

function asNames(): { names: string[]; framing: number } {
  const list = /const TRANSPORT_NAMES: StaticArray<string> = \[([^\]]*)\];/.exec(AS_RULES);
  const count = /const FRAMING_COUNT: i32 = (\d+);/.exec(AS_RULES);
  if (!list || !count) throw new Error("assembly/response/rules.ts: TRANSPORT_NAMES / FRAMING_COUNT not found");
  return { names: [...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]), framing: Number(count[1]) };
}

describe("transport header names", () => {
  it("the AS list is host/core/http-rules.ts TRANSPORT_HEADERS, framing names first", () => {
    const { names, framing } = asNames();
    expect([...names].sort()).toEqual([...TRANSPORT_HEADERS].sort());
    expect(names.slice(0, framing).sort()).toEqual([...FRAMING_HEADERS].sort());
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("header names ignoring case, without a copy", () => {
  it("isHeaderName is name.toLowerCase() === lower for every tchar, letters folded, nothing else", () => {
    const tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (const a of tchars) for (const b of tchars) {
      const lower = b.toLowerCase();
      expect(isHeaderName(`x-${a}`, `x-${lower}`), `${a} vs ${lower}`).toBe(`x-${a}`.toLowerCase() === `x-${lower}`);
    }
    expect(isHeaderName("Content-Type", "content-type")).toBe(true);
    expect(isHeaderName("Content-Types", "content-type")).toBe(false);
    expect(isHeaderName("X-^", "x-~")).toBe(false); // ^ | 0x20 is ~: only A–Z fold
  });

  it("isTransportHeader is TRANSPORT_HEADERS.has(name.toLowerCase())", () => {
    for (const name of [...TRANSPORT_HEADERS, "Content-Length", "DATE", "Keep-Alive", "Connection", "Transfer-Encoding",
      "content-type", "Vary", "X-Date", "dates", "", "keep_alive", "Content-Lengths"]) {
      expect(isTransportHeader(name), name).toBe(TRANSPORT_HEADERS.has(name.toLowerCase()));
    }
  });
});

const core = instantiateCore();
core.configure(0, 0, 0, 0, 2, 4096, 1);

/** respond() for `status` with a 3-byte body: the bytes it wrote. */
function respond(status: number, flags = 0): string | null {
  const slot = core.acquire();
  try {
    const bytes = Buffer.from("\r\nxyz");
    const region = core.responseRegion(slot, bytes.length);
    new Uint8Array(core.memory.buffer).set(bytes, region);
    const len = core.respond(slot, region, status, ContentType.TEXT, 0, 3, flags, 0, 0);
    if (len < 0) return null;
    const start = new DataView(core.memory.buffer).getUint32(core.slotRequest(slot) + REQ.RESPONSE_START, true);
    return Buffer.from(core.memory.buffer, start, len).toString("latin1");
  } finally {
    core.release(slot);
  }
}

describe("bodyless statuses: the core's writer follows host/core/http-rules.ts", () => {
  const statuses = Array.from({ length: 500 }, (_, i) => 100 + i).filter((status) => respond(status) !== null);

  it("knows the statuses this checks", () => {
    expect(statuses).toEqual(expect.arrayContaining([100, 101, 103, 200, 204, 205, 304, 404, 500]));
  });

  it("every status the writer has a line for: body and Content-Length as the TS rule says", () => {
    const seen = statuses.map((status) => {
      const [head, body] = respond(status)!.split("\r\n\r\n");
      return [status, body, /\r\nContent-Length: (\d+)\r\n/.exec(`${head}\r\n`)?.[1]];
    });
    const want = statuses.map((status) => [
      status, isBodyless(status) ? "" : "xyz", omitsContentLength(status) ? undefined : isBodyless(status) ? "0" : "3",
    ]);
    expect(seen).toEqual(want);
  });

  it("a streamed 205 says Content-Length: 0, not chunked", () => {
    const text = respond(205, RespondFlag.STREAM)!;
    expect(text).toContain("\r\nContent-Length: 0\r\n");
    expect(text).not.toContain("Transfer-Encoding");
    expect(text.slice(-4)).toBe("\r\n\r\n");
  });
});
