// Build an AssemblyScript app as a wasi:http@0.2.0 component:
//   1. asc: assembly/wasi/entry.ts + the app → core module (scripts/build-app.mjs)
//   2. rename its `handle` export to "wasi:http/incoming-handler@0.2.0#handle"
//      (AssemblyScript cannot spell that name)
//   3. append the world's component-type section (wit/world.wasm, encoded by
//      scripts/encode-world.mjs) and wrap the module: jco's componentNew
//
//   node scripts/build-component.mjs <app.ts> <out.component.wasm>
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./build-app.mjs";
import { EMPTY_MODULE, WORLD_FILE } from "./encode-world.mjs";
import { importPeer } from "./peers.mjs";

export const HANDLE_EXPORT = "wasi:http/incoming-handler@0.2.0#handle";

/** Read an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** Rewrite the export section with export `from` named `to`. */
export function renameExport(wasm, from, to) {
  const chunks = [wasm.subarray(0, 8)];
  let at = 8;
  let renamed = false;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 7) {
      chunks.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, start);
    const body = encodeLeb(count);
    for (let i = 0; i < count; i++) {
      const [nameLen, nameAt] = leb(wasm, p);
      let name = Buffer.from(wasm.subarray(nameAt, nameAt + nameLen)).toString("utf8");
      p = nameAt + nameLen;
      const kind = wasm[p];
      const [index, next] = leb(wasm, p + 1);
      p = next;
      if (name === from) {
        name = to;
        renamed = true;
      }
      const nameBytes = Buffer.from(name, "utf8");
      body.push(...encodeLeb(nameBytes.length), ...nameBytes, kind, ...encodeLeb(index));
    }
    chunks.push(Uint8Array.of(7, ...encodeLeb(body.length), ...body));
    at = end;
  }
  if (!renamed) throw new Error(`build-component: no export named ${from}`);
  return Buffer.concat(chunks);
}

/** Build `appFile` into a wasi:http component at `outFile`; returns the core module's size. */
export async function buildComponent(appFile, outFile) {
  const { componentNew } = await importPeer("@bytecodealliance/jco");
  const work = mkdtempSync(join(tmpdir(), "asedge-component-"));
  try {
    const core = join(work, "core.wasm");
    const errors = await buildApp(appFile, core, { entries: ["assembly/wasi/entry.ts"] });
    if (errors) throw new Error(errors);
    const renamed = renameExport(readFileSync(core), "handle", HANDLE_EXPORT);
    const worldSections = readFileSync(WORLD_FILE).subarray(EMPTY_MODULE.length);
    writeFileSync(resolve(outFile), await componentNew(Buffer.concat([renamed, worldSections])));
    return renamed.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [appFile, outFile] = process.argv.slice(2);
  if (!appFile || !outFile) {
    process.stderr.write("usage: node scripts/build-component.mjs <app.ts> <out.component.wasm>\n");
    process.exit(2);
  }
  try {
    await buildComponent(appFile, outFile);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
