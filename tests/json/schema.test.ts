// schemaValidateText through the real .wasm: parse and validate in one call,
// with the tape and the output in the free part of a slot's arena.
import { afterAll, describe, expect, it } from "vitest";
import { instantiateCore } from "../../host/node/core-file.js";
import { JsonError, SCHEMA_CHECK_ONLY, SCHEMA_COERCE } from "../../host/core/abi.js";

const core = instantiateCore();
core.configure(0, 0, 0, 0, 4, 64 << 10, 0);

const SCHEMA = '{"type":"object","required":["page"],"properties":{"page":{"type":"integer","minimum":1},"tags":{"type":"array","items":{"type":"string"}}}}';

const u8 = () => new Uint8Array(core.memory.buffer);
const free = (slot: number) => core.slotInputCap(slot) - core.slotArenaUsed(slot);

function compile(schema: string): number {
  const slot = core.acquire();
  const bytes = Buffer.from(schema);
  const at = core.slotAlloc(slot, bytes.length, 1);
  u8().set(bytes, at);
  const id = core.schemaCompile(at, bytes.length);
  core.release(slot);
  return id;
}

const id = compile(SCHEMA);
const slot = core.acquire();
afterAll(() => core.release(slot));

/** Put text in the slot's arena and validate it; returns the result, the output text and the arena bytes it kept. */
function validateText(text: string, flags: number) {
  const bytes = Buffer.from(text);
  const at = core.slotAlloc(slot, bytes.length, 1);
  u8().set(bytes, at);
  const before = core.slotArenaUsed(slot);
  const result = core.schemaValidateText(id, slot, at, bytes.length, flags);
  const ptr = core.schemaOutputPtr();
  const output = Buffer.from(core.memory.buffer, ptr, core.schemaOutputLength()).toString("utf8");
  return { result, output, kept: core.slotArenaUsed(slot) - before, ptr };
}

describe("schemaValidateText", () => {
  it("a valid value: coerced output right after the input, the tape's room given back", () => {
    const r = validateText('{"page":"2","tags":"a","x":[1, 2]}', SCHEMA_COERCE);
    expect(r).toMatchObject({ result: 0, output: '{"page":2,"tags":["a"],"x":[1,2]}' });
    expect(r.kept).toBeLessThanOrEqual(r.output.length + 8); // the output (after alignment), no tape
  });

  it("check only: nothing written, nothing kept", () => {
    expect(validateText('{"page":3}', SCHEMA_CHECK_ONLY)).toMatchObject({ result: 0, output: "", kept: 0 });
  });

  it("an invalid value: the {path, message} list, nothing kept in the arena", () => {
    expect(validateText('{"page":0,"tags":[1]}', 0)).toMatchObject({
      result: 2,
      output: '[{"path":"/page","message":"must be >= 1"},{"path":"/tags/0","message":"expected string"}]',
      kept: 0,
    });
  });

  it("a syntax error: its code and offset, nothing kept", () => {
    expect(validateText('{"page":1,}', 0)).toMatchObject({ result: -JsonError.TRAILING_COMMA, kept: 0 });
    expect(core.jsonErrorOffset()).toBe(10);
  });

  it("an arena too small for the tape or the output is an error, not a trap", () => {
    const text = Buffer.from(`[${"1,".repeat(200)}1]`);
    const scratch = core.acquire();
    expect(scratch).toBeGreaterThanOrEqual(0);
    try {
      const at = core.slotAlloc(scratch, text.length, 1);
      u8().set(text, at);
      core.slotAlloc(scratch, free(scratch) - 600, 1); // 600 bytes left: not enough for 201 numbers (12 bytes each)
      expect(core.schemaValidateText(id, scratch, at, text.length, 0)).toBe(-JsonError.TAPE_FULL);
      expect(free(scratch)).toBe(600);
    } finally {
      core.release(scratch);
    }
  });

  it("at every arena size: TAPE_FULL, OUTPUT_FULL or the value, and the arena is only kept on success", () => {
    const text = Buffer.from('{"page":"12","tags":["a","b"]}');
    const seen = new Set<number>();
    for (let leftover = 0; leftover < 400; leftover++) {
      const scratch = core.acquire();
      try {
        const at = core.slotAlloc(scratch, text.length, 1);
        u8().set(text, at);
        core.slotAlloc(scratch, free(scratch) - leftover, 1);
        const result = core.schemaValidateText(id, scratch, at, text.length, SCHEMA_COERCE);
        seen.add(result);
        if (result === 0) {
          expect(Buffer.from(core.memory.buffer, core.schemaOutputPtr(), core.schemaOutputLength()).toString()).toBe('{"page":12,"tags":["a","b"]}');
        } else {
          expect(free(scratch)).toBe(leftover);
        }
      } finally {
        core.release(scratch);
      }
    }
    expect([...seen].sort()).toEqual([-JsonError.OUTPUT_FULL, -JsonError.TAPE_FULL, 0].sort());
  });

  it("refuses a slot that is not in use, and an unknown schema", () => {
    const spare = core.acquire();
    expect(core.release(spare)).toBe(1);
    expect(core.schemaValidateText(id, spare, 0, 0, 0)).toBe(-JsonError.INVALID_SLOT);
    const bytes = Buffer.from("{}");
    const at = core.slotAlloc(slot, 2, 1);
    u8().set(bytes, at);
    expect(core.schemaValidateText(id + 1000, slot, at, 2, 0)).toBe(-JsonError.SCHEMA_UNKNOWN);
  });
});
