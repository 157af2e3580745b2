// Rewriting a module's export section in place (the other sections are
// copied byte for byte): rename an export (AssemblyScript cannot spell
// "wasi:http/incoming-handler@0.2.0#handle") or drop some.

/** Export kinds in the binary format. */
export const EXPORT_KIND = { function: 0, table: 1, memory: 2, global: 3 };

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

/**
 * The module with each export renamed to `rename(name, kind)`, or dropped
 * where that returns null.
 */
export function rewriteExports(wasm, rename) {
  const chunks = [wasm.subarray(0, 8)];
  let at = 8;
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
    const entries = [];
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const [nameLen, nameAt] = leb(wasm, p);
      const name = Buffer.from(wasm.subarray(nameAt, nameAt + nameLen)).toString("utf8");
      p = nameAt + nameLen;
      const kind = wasm[p];
      const [index, next] = leb(wasm, p + 1);
      p = next;
      const renamed = rename(name, kind);
      if (renamed === null) continue;
      kept++;
      const nameBytes = Buffer.from(renamed, "utf8");
      entries.push(...encodeLeb(nameBytes.length), ...nameBytes, kind, ...encodeLeb(index));
    }
    const body = [...encodeLeb(kept), ...entries];
    chunks.push(Uint8Array.of(7, ...encodeLeb(body.length), ...body));
    at = end;
  }
  return Buffer.concat(chunks);
}
