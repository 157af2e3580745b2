// The committed lookup tables are exactly what their generators write from
// the rules they state: scripts/byte-tables.mjs (the 256-entry byte tables)
// and assembly/json/tables/generate.mjs (the power-of-five tables).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";

interface TableScript {
  tableFiles(): Record<string, string>;
}
const load = async (path: string) => (await import(new URL(path, import.meta.url).href)) as TableScript;
const GENERATORS: [string, TableScript][] = [
  ["scripts/byte-tables.mjs", await load("../scripts/byte-tables.mjs")],
  ["assembly/json/tables/generate.mjs", await load("../assembly/json/tables/generate.mjs")],
];
const ROOT = new URL("../", import.meta.url);

describe("generated tables", () => {
  for (const [generator, script] of GENERATORS) {
    for (const [path, text] of Object.entries(script.tableFiles())) {
      it(`${path} is what ${generator} writes`, () => {
        expect(readFileSync(new URL(path, ROOT), "utf8")).toBe(text);
      });
    }
  }

  it("holds 256 entries per byte table", () => {
    for (const text of Object.values(GENERATORS[0][1].tableFiles())) {
      for (const [, body] of text.matchAll(/memory\.data<u8>\(\[([\s\S]*?)\]\)/g)) {
        expect(body.replace(/\/\/.*$/gm, "").split(",").filter((v) => v.trim()).length).toBe(256);
      }
    }
  });
});
