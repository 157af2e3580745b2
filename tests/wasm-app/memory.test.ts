// The arena runtime: AS handlers' strings and arrays live in the request's
// arena, so memory does not grow over many requests, and a handler that
// exhausts its arena answers the app's 500 while the instance keeps serving.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Core } from "../../host/core/core.js";
import { Stat } from "../../host/core/abi.js";
import { WasmSlotApp } from "../../host/wasm-app/slot-app.js";
import { rawRequest } from "../support/raw-http.js";

const app = new WasmSlotApp(new WebAssembly.Module(readFileSync(new URL("../../build/reference-app.wasm", import.meta.url))));
const core = new Core(app.instantiate());
app.bind();
const api = core.exports;

/** One request through parse + handle; returns the response text. */
function roundTrip(bytes: Buffer): string {
  const slot = api.acquire();
  const input = api.slotInput(slot);
  core.u8.set(bytes, input);
  expect(api.parse(slot, input, bytes.length)).toBe(bytes.length);
  const reply = app.handleSlot(slot, false, core, performance.now());
  expect(reply).toBeInstanceOf(Uint8Array);
  expect(api.stat(Stat.IN_USE)).toBe(0); // the app handed the slot back
  return Buffer.from(reply as Uint8Array).toString("latin1");
}

describe("arena runtime", () => {
  it("serves 20 000 allocating requests without growing memory", () => {
    const targets = ["/users/42", "/users/%C3%A9t%C3%A9", "/echo?a=1&b=2&a=3", "/search?q=x&tag=a&tag=b", "/static/a/b.css"];
    for (let i = 0; i < 100; i++) roundTrip(rawRequest("GET", targets[i % targets.length]));
    const before = api.stat(Stat.MEMORY_BYTES);
    for (let i = 0; i < 20_000; i++) {
      const text = roundTrip(rawRequest("GET", `/users/${i}`));
      const body = `{"id":"${i}","name":"user-${i}"}`;
      if (i % 5000 === 0) expect(text.slice(-body.length)).toBe(body);
      roundTrip(rawRequest("GET", targets[i % targets.length]));
    }
    expect(api.stat(Stat.MEMORY_BYTES)).toBe(before);
  });

  it("answers 500 when a handler exhausts its arena, then keeps serving", () => {
    const query = "a=1&".repeat(1800);
    const text = roundTrip(rawRequest("GET", `/echo?${query}`));
    expect(text).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(text).toMatch(/\r\n\r\nInternal Server Error$/);
    expect(roundTrip(rawRequest("GET", "/users/7"))).toMatch(/\r\n\r\n\{"id":"7","name":"user-7"\}$/);
  });
});
