// The foundation's size budget: the foundation (parser, arena and slot pool,
// response writer, boundary) compiles to a release .wasm under 64 KiB with
// no imports. Built the way `npm run size` builds it (scripts/size.mjs): its
// own entry file, assembly/foundation.ts, with the release target.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { instantiateCore } from "../host/node/core-file.js";
import { REQ, ContentType } from "../host/core/abi.js";
import { DEBUG_CORE_WASM_URL } from "./support/debug-core.js";

interface SizeScript {
  buildCore(options?: { foundation?: boolean; sources?: string[] }): Promise<Uint8Array<ArrayBuffer>>;
  sizes(wasm: Uint8Array): { raw: number; gzip: number };
}
const { buildCore, sizes } = (await import(new URL("../scripts/size.mjs", import.meta.url).href)) as SizeScript;

const BUDGET = 64 * 1024;

describe("foundation-only release build", () => {
  let wasm: Uint8Array<ArrayBuffer>;
  let module: WebAssembly.Module;
  let exported: string[];
  const sources: string[] = [];
  beforeAll(async () => {
    wasm = await buildCore({ foundation: true, sources }); // a full -O3 compile: seconds, more on a busy machine
    module = new WebAssembly.Module(wasm);
    exported = WebAssembly.Module.exports(module).map((e) => e.name);
  }, 300_000);

  it(`stays under ${BUDGET} bytes`, () => {
    const { raw, gzip } = sizes(wasm);
    expect(raw).toBeLessThan(BUDGET);
    expect(gzip).toBeLessThan(raw);
  });

  it("is compiled from no file of the router, JSON or replay", () => {
    expect(sources).toContain("assembly/foundation.ts");
    expect(sources.filter((path) => /^assembly\/(router|json|replay)\//.test(path))).toEqual([]);
  });

  it("imports nothing", () => {
    expect(WebAssembly.Module.imports(module)).toEqual([]);
  });

  it("exports the full core's boundary minus the router, JSON and replay", () => {
    // The debug build: the full boundary with its constants (the release build drops those).
    const full = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(DEBUG_CORE_WASM_URL))).map((e) => e.name);
    const optional = /^(route|ROUTE|TAPE_|json|JSON_|schema|SCHEMA_|replay|REPLAY_)/;
    expect(exported.filter((name) => !full.includes(name))).toEqual([]);
    expect(exported.filter((name) => optional.test(name))).toEqual([]);
    expect(full.filter((name) => !optional.test(name)).sort()).toEqual([...exported].sort());
  });

  it("parses a request and writes its response", () => {
    const core = instantiateCore(module);
    expect(core.configure(0, 0, 0, 0, 1, 0, 1)).toBe(0);
    const slot = core.acquire();
    const request = Buffer.from("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "latin1");
    const input = core.slotInput(slot);
    new Uint8Array(core.memory.buffer).set(request, input);
    expect(core.parse(slot, input, request.length)).toBe(request.length);
    const head = new DataView(core.memory.buffer, core.slotRequest(slot));
    expect(head.getUint32(REQ.HEADER_COUNT, true)).toBe(1);

    const region = core.responseRegion(slot, 64);
    const body = Buffer.from("\r\nhi");
    new Uint8Array(core.memory.buffer).set(body, region);
    const length = core.respond(slot, region, 200, ContentType.TEXT, 0, 2, 0, 0, 0);
    expect(length).toBeGreaterThan(0);
    const start = head.getUint32(REQ.RESPONSE_START, true);
    const response = Buffer.from(core.memory.buffer, start, length).toString("latin1");
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toContain("\r\nContent-Length: 2\r\n");
    expect(response).toMatch(/\r\n\r\nhi$/);
    expect(core.release(slot)).toBe(1);
  });
});
