// canonicalJson's room on a fetch host (app.fetch): a body whose work does not
// fit a small slot's arena is worked out in a large slot taken for the call,
// so a 32 KiB body needs the large slot, a 4 KB one does not; with every
// large slot busy the answer is 503, not a wrong 413 or 400. The
// AssemblyScript app does the same and sends such a response from the large slot.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Core, WasmFetchApp } from "../../host/index.js";
import { instantiateCore } from "../../host/node/core-file.js";
import { NO_SLOT, Stat } from "../../host/core/abi.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { bigJson, canonicalOf } from "../conformance/big-json.js";
import { REFERENCE_APP_WASM } from "../wasm-app/reference-wasm.js";

async function post(app: { fetch(request: Request): Response | Promise<Response> }, body: string): Promise<[number, string]> {
  const response = await app.fetch(new Request("http://localhost/json/canonical", { method: "POST", body }));
  return [response.status, await response.text()];
}

describe("canonicalJson on a fetch host", () => {
  it("takes a large slot for a 32 KiB body, answers 503 while none is free, and gives it back", async () => {
    const core = new Core(instantiateCore(), { slots: 2, largeSlots: 1, maxLargeSlots: 1 });
    const app = createReferenceApp();
    app.bind(core);
    const api = core.exports;
    const small = bigJson(4096);
    const large = bigJson(32 * 1024);
    expect(await post(app, large)).toEqual([200, canonicalOf(large)]);
    const held = api.moveToLarge(api.acquire(), 0);
    expect(held).not.toBe(NO_SLOT);
    try {
      expect(await post(app, large)).toEqual([503, '{"error":"server busy","offset":0}']);
      expect(await post(app, small)).toEqual([200, canonicalOf(small)]);
    } finally {
      api.release(held);
    }
    expect(await post(app, large)).toEqual([200, canonicalOf(large)]);
    expect(api.stat(Stat.IN_USE)).toBe(0);
  });
});

describe("the AssemblyScript app's canonical route in a small slot", () => {
  // A body that stays in a small slot (the request is under the 64 KiB arena)
  // and whose work does not fit there is worked out in a large slot, and the
  // response is sent from that slot: the output need not fit beside the body.
  const asApp = new WasmFetchApp(new WebAssembly.Module(readFileSync(REFERENCE_APP_WASM)));
  const tsApp = createReferenceApp();

  it.each([32 * 1024, 56 * 1024])("answers a %i-byte body as the TypeScript app does", async (bytes) => {
    const body = bigJson(bytes);
    expect(await post(asApp, body)).toEqual([200, canonicalOf(body)]);
    expect(await post(tsApp, body)).toEqual([200, canonicalOf(body)]);
  });

  it("gives the large slot back: fifty such requests in a row (two large slots)", async () => {
    const body = bigJson(40 * 1024);
    const want = canonicalOf(body);
    for (let i = 0; i < 50; i++) {
      const [status, text] = await post(asApp, body);
      if (status !== 200 || text !== want) expect([i, status, text.slice(0, 80)]).toEqual([i, 200, want.slice(0, 80)]);
    }
  });
});
