// The two JSON error codes only the boundary can produce (no JSON text leads
// to them), through the real .wasm: a full compiled-schema table, and a
// string decode asked for a tape word that is not a string.
import { describe, expect, it } from "vitest";
import { instantiateCore } from "../../host/node/core-file.js";
import { JsonError, type CoreExports } from "../../host/core/abi.js";

function freshCore(): { core: CoreExports; slot: number } {
  const core = instantiateCore();
  core.configure(0, 0, 0, 0, 2, 64 << 10, 0);
  return { core, slot: core.acquire() };
}

/** `text` copied into the slot's arena; its address. */
function put(core: CoreExports, slot: number, text: string): { at: number; length: number } {
  const bytes = Buffer.from(text);
  const at = core.slotAlloc(slot, bytes.length, 1);
  new Uint8Array(core.memory.buffer).set(bytes, at);
  return { at, length: bytes.length };
}

describe("JSON errors of the boundary", () => {
  it("SCHEMA_TOO_MANY: the 257th schema of a core is refused, the 256 before it compiled", () => {
    const { core, slot } = freshCore();
    const compile = (i: number) => {
      const { at, length } = put(core, slot, `{"type":"integer","minimum":${i}}`);
      return core.schemaCompile(at, length);
    };
    const ids = Array.from({ length: 256 }, (_, i) => compile(i));
    expect(ids).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(compile(256)).toBe(-JsonError.SCHEMA_TOO_MANY);
  });

  it("INVALID_TAPE: jsonDecodeString at a word that is not a string; a string word decodes", () => {
    const { core, slot } = freshCore();
    const tape = core.slotAlloc(slot, 4096, 4);
    const out = core.slotAlloc(slot, 64, 1);
    const object = put(core, slot, '{"a":"x"}');
    expect(core.jsonParse(object.at, object.length, tape, 4096)).toBeGreaterThan(0);
    expect(core.jsonDecodeString(object.at, tape, 0, out)).toBe(-JsonError.INVALID_TAPE);
    const string = put(core, slot, '"x\\ny"');
    expect(core.jsonParse(string.at, string.length, tape, 4096)).toBeGreaterThan(0);
    const n = core.jsonDecodeString(string.at, tape, 0, out);
    expect(Buffer.from(core.memory.buffer, out, n).toString()).toBe("x\ny");
  });
});
