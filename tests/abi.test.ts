// The TS mirror (host/core/abi.ts) must agree with the built module, constant by
// constant: a layout change on one side without the other fails here.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  ABI_VERSION, NO_SLOT, REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE, REQ, HDR, Stat, Config,
  PARSE_ERRORS, RESPONSE_HEAD_ROOM, ROUTE_MATCH, ContentType, RespondFlag, RespondError, ARENA, HEADER_NAMES, METHODS, HDR as HEADER, REQUEST_HEAD_SIZE as HEAD_SIZE,
} from "../host/core/abi.js";
import { METHOD_HEAD, ReplayBody, ReplayError } from "../host/core/abi.js";
import { CORE_WASM_URL, instantiateCore } from "../host/node/core-file.js";
import { coreConstant, debugCoreExports, DEBUG_CORE_WASM_URL } from "./support/debug-core.js";

const { HOST_GLOBALS } = (await import(new URL("../scripts/build-core.mjs", import.meta.url).href)) as { HOST_GLOBALS: string[] };

/** True when the module has a start section (id 8): the release build's start function ran at build time (Wizer). */
function hasStartSection(wasm: Uint8Array): boolean {
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      size += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) break;
    }
    if (id === 8) return true;
    at += size;
  }
  return false;
}

const core = instantiateCore();
// The constants are read from the debug build: the release build drops them (scripts/build-core.mjs).
const exported = debugCoreExports();
const globalValue = coreConstant;

describe("boundary mirror", () => {
  it("the module imports nothing (no env.abort, no WASI)", () => {
    const mod = new WebAssembly.Module(readFileSync(CORE_WASM_URL));
    expect(WebAssembly.Module.imports(mod)).toEqual([]);
  });

  it("the release build exports the debug build's boundary without its constants, and has no start function", () => {
    const release = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(CORE_WASM_URL)));
    const debug = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(DEBUG_CORE_WASM_URL)));
    const kept = (e: WebAssembly.ModuleExportDescriptor) => e.kind !== "global" || HOST_GLOBALS.includes(e.name);
    expect(release.map((e) => `${e.kind} ${e.name}`).sort()).toEqual(debug.filter(kept).map((e) => `${e.kind} ${e.name}`).sort());
    expect(hasStartSection(readFileSync(CORE_WASM_URL))).toBe(false);
    expect(hasStartSection(readFileSync(DEBUG_CORE_WASM_URL))).toBe(true);
  });

  it("scalar constants", () => {
    expect(globalValue("ABI_VERSION")).toBe(ABI_VERSION);
    expect(globalValue("NO_SLOT") | 0).toBe(NO_SLOT);
    core.configure(0, 0, 0, 0, 1, 0, 1, 1, 1);
    expect(core.acquire()).toBe(0);
    expect(core.acquire()).toBe(NO_SLOT);
    expect(globalValue("REQUEST_HEAD_SIZE")).toBe(REQUEST_HEAD_SIZE);
    expect(globalValue("HEADER_ENTRY_SIZE")).toBe(HEADER_ENTRY_SIZE);
    expect(globalValue("RESPONSE_HEAD_ROOM")).toBe(RESPONSE_HEAD_ROOM);
  });

  it.each(Object.entries(REQ))("RequestHead.%s offset", (key, offset) => {
    expect(globalValue(`REQ_${key}`)).toBe(offset);
  });

  it.each(Object.entries(ARENA))("Arena.%s offset", (key, offset) => {
    expect(globalValue(`ARENA_${key}`)).toBe(offset);
  });

  it.each(Object.entries(RespondError))("respond error %s", (key, value) => {
    expect(globalValue(`RESPOND_${key}`) | 0).toBe(value);
  });

  it.each(Object.entries(ROUTE_MATCH))("route match table ROUTE_MATCH.%s", (key, offset) => {
    expect(globalValue(`ROUTE_MATCH_${key}`)).toBe(offset);
  });

  it("every ROUTE_MATCH_* global of the module is in the mirror", () => {
    const names = Object.keys(exported).filter((name) => name.startsWith("ROUTE_MATCH_")).map((name) => name.slice(12)).sort();
    expect(names).toEqual(Object.keys(ROUTE_MATCH).sort());
  });

  it.each(Object.entries(HDR))("HeaderEntry.%s offset", (key, offset) => {
    expect(globalValue(`HDR_${key}`)).toBe(offset);
  });

  it.each(Object.entries(Stat))("stat selector %s", (key, value) => {
    expect(globalValue(`STAT_${key}`)).toBe(value);
  });

  it.each(Object.entries(Config))("configure result %s", (key, value) => {
    expect(globalValue(`CONFIG_${key}`)).toBe(value);
  });

  it.each(Object.entries(RespondFlag))("respond flag %s", (key, value) => {
    expect(globalValue(`RESPOND_FLAG_${key}`)).toBe(value);
  });

  it.each(Object.entries(ContentType))("content type %s", (key, value) => {
    expect(globalValue(`CONTENT_TYPE_${key}`)).toBe(value);
  });

  it.each(Object.entries(ReplayBody))("replay body mode %s", (key, value) => {
    expect(globalValue(`REPLAY_BODY_${key}`)).toBe(value);
  });

  it.each(Object.entries(ReplayError))("replay error %s", (key, value) => {
    expect(globalValue(`REPLAY_ERR_${key}`)).toBe(value);
  });

  it.each(PARSE_ERRORS.map(([name, status, reason], code) => [name, code, status, reason] as const))(
    "parse error %s (code %i) → %i %s",
    (_name, code, status, reason) => {
      expect(core.errorStatus(code)).toBe(status);
      const len = core.errorReason(code);
      const text = Buffer.from(core.memory.buffer, core.errorReasonPtr(), len).toString("latin1");
      expect(text).toBe(reason);
    },
  );

  it("METHOD_HEAD is HEAD's id", () => {
    expect(METHODS[METHOD_HEAD]).toBe("HEAD");
  });

  it("codes past the table answer 500", () => {
    expect(core.errorStatus(PARSE_ERRORS.length)).toBe(500);
  });

  describe("interned ids", () => {
    const parser = instantiateCore();
    parser.configure(0, 0, 0, 0, 1, 0, 1);

    /** Parse `text` in a fresh slot; returns its method id and header ids. */
    function parseOne(text: string): { methodId: number; headerIds: number[] } {
      const slot = parser.acquire();
      try {
        const input = parser.slotInput(slot);
        const bytes = Buffer.from(text, "latin1");
        new Uint8Array(parser.memory.buffer).set(bytes, input);
        expect(parser.parse(slot, input, bytes.length)).toBe(bytes.length);
        const dv = new DataView(parser.memory.buffer);
        const head = parser.slotRequest(slot);
        const count = dv.getUint32(head + REQ.HEADER_COUNT, true);
        return {
          methodId: dv.getUint32(head + REQ.METHOD_ID, true),
          headerIds: Array.from({ length: count }, (_, i) => dv.getUint16(head + HEAD_SIZE + i * HEADER_ENTRY_SIZE + HEADER.ID, true)),
        };
      } finally {
        parser.release(slot);
      }
    }

    it.each(HEADER_NAMES.map((name, id) => [name, id] as const).filter(([, id]) => id !== 0))(
      "header %s is interned as id %i, in any letter case",
      (name, id) => {
        const mixed = name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
        const value = name === "host" ? "x" : name === "content-length" ? "0" : name === "transfer-encoding" ? "chunked" : "v";
        const host = name === "host" ? "" : "Host: x\r\n";
        const body = name === "transfer-encoding" ? "0\r\n\r\n" : "";
        const { headerIds } = parseOne(`POST / HTTP/1.1\r\n${host}${mixed}: ${value}\r\n\r\n${body}`);
        expect(headerIds).toContain(id);
      },
    );

    it.each(Object.entries(METHODS))("method id %s is %s", (id, method) => {
      const target = method === "CONNECT" ? "example.com:443" : method === "OPTIONS" ? "*" : "/";
      expect(parseOne(`${method} ${target} HTTP/1.1\r\nHost: x\r\n\r\n`).methodId).toBe(Number(id));
    });
  });
});
