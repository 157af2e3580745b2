// Build-time pre-initialisation of the wasi:http component's core module
// (scripts/build-component.mjs: Wizer runs the start function and
// `initialize`, then writes the memory back as data). In-process, with
// imports that throw (start-up calls none): the snapshot is the state an
// un-initialised instance reaches, and start-up is a no-op on it. Both
// components serve the conformance list under wasmtime serve
// (tests/wasi/wasmtime.test.ts); the built one under jco serve too.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildScript, hasStartSection, mainCoreModule, throwingImports } from "./core-module.js";

const { buildCore, componentOf, preinitialise, INIT_EXPORT } = await buildScript();

const REFERENCE = fileURLToPath(new URL("../../assembly/apps/reference.ts", import.meta.url));
const COMPONENT = fileURLToPath(new URL("../../build/reference-app.component.wasm", import.meta.url));

let plain: Uint8Array<ArrayBuffer>; // asc's module: a start function, initialize() to run
let snapshot: Uint8Array<ArrayBuffer>; // the same after Wizer

beforeAll(async () => {
  plain = await buildCore(REFERENCE, { preinit: false });
  snapshot = await preinitialise(plain);
}, 120_000);

interface Started { exports: { memory: WebAssembly.Memory; initialize(): void } }
function instantiate(bytes: Uint8Array<ArrayBuffer>): Started {
  const module = new WebAssembly.Module(bytes);
  return new WebAssembly.Instance(module, throwingImports(module)) as unknown as Started;
}
const memoryOf = (instance: Started) => new Uint8Array(instance.exports.memory.buffer).slice();

describe("pre-initialised component", () => {
  it("is what npm run build writes: its core module has no start function", () => {
    expect(hasStartSection(plain)).toBe(true);
    expect(hasStartSection(snapshot)).toBe(false);
    expect(hasStartSection(mainCoreModule(readFileSync(COMPONENT)))).toBe(false);
  });

  it("holds the state an un-initialised instance reaches after its start function and initialize()", () => {
    const fresh = instantiate(plain);
    const afterStart = memoryOf(fresh);
    expect(INIT_EXPORT).toBe("initialize");
    fresh.exports.initialize();
    const initialised = memoryOf(fresh);
    expect(initialised.length, "initialize() lays out the slot pool").toBeGreaterThan(afterStart.length);
    const ready = memoryOf(instantiate(snapshot));
    expect(ready.length).toBe(initialised.length);
    expect(Buffer.compare(Buffer.from(ready), Buffer.from(initialised)), "same memory, byte for byte").toBe(0);
  });

  it("has nothing left to do at start-up: initialize() is a no-op on it", () => {
    const ready = instantiate(snapshot);
    const before = memoryOf(ready);
    ready.exports.initialize();
    expect(Buffer.compare(Buffer.from(memoryOf(ready)), Buffer.from(before))).toBe(0);
  });

  it("costs the start-up heap's bytes: the component is < 150 KiB without them, < 200 KiB with them", async () => {
    expect((await componentOf(plain)).length).toBeLessThan(150 * 1024);
    expect(readFileSync(COMPONENT).length).toBeLessThan(200 * 1024);
    expect(snapshot.length - plain.length).toBeLessThan(80 * 1024);
  });

  it("keeps an un-initialised instance's initialize() idempotent", () => {
    const fresh = instantiate(plain);
    fresh.exports.initialize();
    const once = memoryOf(fresh);
    fresh.exports.initialize();
    expect(Buffer.compare(Buffer.from(memoryOf(fresh)), Buffer.from(once))).toBe(0);
  });
});
