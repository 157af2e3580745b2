// The boundary per request: parse() routes, respond() releases, the host
// finds the response region in memory. A TypeScript handler on the Node host
// costs three calls into the core (acquire, parse, respond); the calls are
// counted on a real socket against the real .wasm.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantiateCore } from "../host/node/core-file.js";
import { ARENA, ParseError, REQ, RespondError, RespondFlag, ContentType, RESPONSE_HEAD_ROOM, Stat, Phase } from "../host/core/abi.js";
import type { CoreExports } from "../host/core/abi.js";
import { App, serve, type Server } from "../host/index.js";
import { AppSlotAdapter } from "../host/slot/app-adapter.js";
import { exchange, rawRequest } from "./support/raw-http.js";

/** Fresh core: 2 small slots of 4 KiB arena (no growth), 1 large slot. */
function smallCore(): CoreExports {
  const core = instantiateCore();
  core.configure(0, 0, 0, 0, 2, 4096, 1, 2, 1);
  return core;
}

function u32(core: CoreExports, ptr: number): number {
  return new Uint32Array(core.memory.buffer)[ptr >>> 2];
}

function put(core: CoreExports, slot: number, text: string): number {
  const input = core.slotInput(slot);
  const bytes = Buffer.from(text);
  new Uint8Array(core.memory.buffer).set(bytes, input);
  return core.parse(slot, input, bytes.length);
}

describe("slot guards", () => {
  it("parse and respond refuse a slot that is not handed out", () => {
    const core = smallCore();
    expect(core.parse(0, core.slotInput(0), 0)).toBe(-ParseError.INVALID_SLOT);
    expect(core.parse(99_999, 0, 27)).toBe(-ParseError.INVALID_SLOT);
    expect(core.respond(0, core.slotInput(0) + RESPONSE_HEAD_ROOM, 200, ContentType.TEXT, 0, 0, 0, 0, 0)).toBe(RespondError.BAD_SLOT);
    const slot = core.acquire();
    core.release(slot);
    expect(core.respond(slot, core.slotInput(slot) + RESPONSE_HEAD_ROOM, 200, ContentType.TEXT, 0, 0, 0, 0, 0)).toBe(RespondError.BAD_SLOT);
  });

  it("layout queries answer 0 for an index past the pool", () => {
    const core = smallCore();
    for (const query of [core.slotInput, core.slotInputCap, core.slotRequest, core.slotHeaderTable, core.slotArena]) {
      expect(query(3)).toBe(0);
      expect(query(0xffffffff)).toBe(0);
      expect(query(2)).toBeGreaterThan(0); // the large slot
    }
  });

  it("more bytes than the slot's input holds is a sticky error, before any byte is read", () => {
    const core = smallCore();
    const slot = core.acquire();
    const input = core.slotInput(slot);
    const cap = core.slotInputCap(slot);
    expect(core.parse(slot, input, cap + 1)).toBe(-ParseError.ARENA_EXHAUSTED);
    const head = core.slotRequest(slot);
    expect(u32(core, head + REQ.PHASE)).toBe(Phase.ERROR);
    expect(u32(core, head + REQ.ERROR_OFFSET)).toBe(0);
    expect(core.parse(slot, input, 10)).toBe(-ParseError.ARENA_EXHAUSTED);
  });

  it("a request that fills the whole input parses (nothing is rounded past the arena)", () => {
    const core = instantiateCore();
    core.configure(0, 0, 0, 0, 1, 1027, 0);
    const slot = core.acquire();
    const request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    const bytes = Buffer.alloc(core.slotInputCap(slot), "x");
    bytes.write(request);
    new Uint8Array(core.memory.buffer).set(bytes, core.slotInput(slot));
    expect(core.parse(slot, core.slotInput(slot), bytes.length)).toBe(request.length);
  });
});

describe("route on parse", () => {
  it("a complete request comes back routed: match table and count in the request head", () => {
    const core = smallCore();
    const scratch = core.routerScratch();
    const pattern = Buffer.from("/users/:id");
    new Uint8Array(core.memory.buffer).set(pattern, scratch);
    expect(core.routeAdd(1 /* GET */, scratch, 0, scratch, pattern.length)).toBe(0);
    core.routeOnParse(1);
    const slot = core.acquire();
    expect(put(core, slot, "GET /users/42 HTTP/1.1\r\nHost: a\r\n\r\n")).toBe(35); // the whole message
    const head = core.slotRequest(slot);
    const table = u32(core, head + REQ.MATCH_TABLE);
    expect(table).toBeGreaterThan(0);
    expect(u32(core, head + REQ.MATCH_COUNT)).toBe(1);
    expect(u32(core, table + 8)).toBe(0); // route id
    core.release(slot);

    const miss = core.acquire();
    expect(put(core, miss, "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n")).toBe(31); // the whole message
    expect(u32(core, core.slotRequest(miss) + REQ.MATCH_COUNT)).toBe(0);
    core.release(miss);
  });

  it("without it, parse leaves routing to the host", () => {
    const core = smallCore();
    const slot = core.acquire();
    expect(put(core, slot, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).toBe(27); // the whole message
    expect(u32(core, core.slotRequest(slot) + REQ.MATCH_TABLE)).toBe(0);
  });
});

describe("respond with RESPOND_FLAG_RELEASE", () => {
  it("writes at the arena's free end, releases the slot, and leaves the bytes in place", () => {
    const core = smallCore();
    core.setClock(784111777);
    const slot = core.acquire();
    expect(put(core, slot, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")).toBe(27); // the whole message
    const arena = core.slotArena(slot);
    const region = u32(core, arena + ARENA.TOP) + RESPONSE_HEAD_ROOM;
    expect(region + 4).toBeLessThanOrEqual(u32(core, arena + ARENA.END));
    new Uint8Array(core.memory.buffer).set(Buffer.from("\r\nhi"), region);
    const length = core.respond(slot, region, 200, ContentType.TEXT, 0, 2, RespondFlag.RELEASE, 0, 0);
    expect(core.stat(Stat.IN_USE)).toBe(0);
    const start = u32(core, core.slotRequest(slot) + REQ.RESPONSE_START);
    expect(Buffer.from(core.memory.buffer, start, length).toString()).toBe(
      "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
      "Content-Length: 2\r\n\r\nhi");
    expect(u32(core, core.slotRequest(slot) + REQ.PHASE)).toBe(Phase.HEAD); // parser state cleared
    expect(core.release(slot)).toBe(0); // already given back
  });
});

describe("calls into the core per request on the Node host", () => {
  let server: Server;
  const calls = new Map<string, number>();

  beforeAll(async () => {
    const app = new App()
      .get("/users/:id", (c) => c.json({ id: c.req.param("id") }))
      .get("/plaintext", (c) => c.text("Hello, World!"));
    // Count every exported function call of the instance the server runs on.
    const counted = Object.create(null) as Record<string, unknown>;
    const exports = instantiateCore() as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      counted[name] = typeof value === "function"
        ? (...args: number[]) => { calls.set(name, (calls.get(name) ?? 0) + 1); return (value as (...a: number[]) => number)(...args); }
        : value;
    }
    server = await serve(Object.assign(new AppSlotAdapter(app), { instantiate: () => counted as unknown as CoreExports }), { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(() => server.close());

  it.each(["/plaintext", "/users/42"])("%s: acquire, parse, respond", async (path) => {
    await exchange(server.port, [rawRequest("GET", path)]); // warm: slot addresses learned once
    calls.clear();
    const { responses } = await exchange(server.port, Array.from({ length: 10 }, () => rawRequest("GET", path)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(Object.fromEntries(calls)).toEqual({ acquire: 10, parse: 10, respond: 10 });
  });
});
