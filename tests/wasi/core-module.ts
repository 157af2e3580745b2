/**
 * Read a component's core modules and a core module's sections (the binary
 * format: a preamble, then sections of id + LEB128 size + content), enough to
 * tell whether a build was pre-initialised: Wizer's output has no start
 * section.
 */

const CORE_MODULE_SECTION = 1; // in a component
const START_SECTION = 8; // in a core module

/** [id, content] of each top-level section after the 8-byte preamble. */
export function sections(bytes: Uint8Array): [number, Uint8Array][] {
  const out: [number, Uint8Array][] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    out.push([id, bytes.subarray(at, at + size)]);
    at += size;
  }
  return out;
}

/** The component's largest core module: the app's (the others are wit-component's small shims). */
export function mainCoreModule(component: Uint8Array): Uint8Array {
  const modules = sections(component).filter(([id]) => id === CORE_MODULE_SECTION).map(([, content]) => content);
  if (!modules.length) throw new Error("no core module in the component");
  return modules.reduce((a, b) => (b.length > a.length ? b : a));
}

export function hasStartSection(module: Uint8Array): boolean {
  return sections(module).some(([id]) => id === START_SECTION);
}

/** An import object whose functions all throw: an instance that calls none of them works with it. */
export function throwingImports(module: WebAssembly.Module): WebAssembly.Imports {
  const imports: Record<string, Record<string, () => never>> = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    (imports[from] ??= {})[name] = () => {
      throw new Error(`import ${from} ${name} called`);
    };
  }
  return imports;
}

/** scripts/build-component.mjs, typed (a build script without types). */
export interface BuildComponentScript {
  INIT_EXPORT: string;
  buildCore(appFile: string, options?: { preinit?: boolean }): Promise<Uint8Array<ArrayBuffer>>;
  preinitialise(core: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  componentOf(core: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
  buildComponent(appFile: string, outFile: string, options?: { preinit?: boolean }): Promise<number>;
}
export const buildScript = () =>
  import(new URL("../../scripts/build-component.mjs", import.meta.url).href) as Promise<BuildComponentScript>;
