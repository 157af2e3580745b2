// The JSON part of the mirror (host/core/abi.ts) against the built module.
import { describe, expect, it } from "vitest";
import { Tape, JSON_ERRORS, JSON_DEFAULT_MAX_DEPTH, JSON_DEFAULT_MAX_BYTES, SCHEMA_COERCE, SCHEMA_CHECK_ONLY } from "../../host/core/abi.js";
import { core } from "./core.js";
import { coreConstant as globalValue } from "../support/debug-core.js";

describe("JSON boundary mirror", () => {
  it.each(Object.entries(Tape))("TAPE_%s", (key, value) => {
    expect(globalValue(`TAPE_${key}`)).toBe(value);
  });

  it("limits and flags", () => {
    expect(globalValue("JSON_DEFAULT_MAX_DEPTH")).toBe(JSON_DEFAULT_MAX_DEPTH);
    expect(globalValue("JSON_DEFAULT_MAX_BYTES")).toBe(JSON_DEFAULT_MAX_BYTES);
    expect(globalValue("SCHEMA_COERCE")).toBe(SCHEMA_COERCE);
    expect(globalValue("SCHEMA_CHECK_ONLY")).toBe(SCHEMA_CHECK_ONLY);
  });

  it.each(JSON_ERRORS.map(([name, reason], code) => [name, code, reason] as const))("error %s (%i) → %s", (_n, code, reason) => {
    const len = core.jsonErrorReason(code);
    expect(Buffer.from(core.memory.buffer, core.jsonErrorReasonPtr(), len).toString("latin1")).toBe(reason);
  });

  it("codes past the table", () => {
    const len = core.jsonErrorReason(JSON_ERRORS.length);
    expect(Buffer.from(core.memory.buffer, core.jsonErrorReasonPtr(), len).toString("latin1")).toBe("internal error");
  });
});
