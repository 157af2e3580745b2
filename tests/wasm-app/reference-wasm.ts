/** The AssemblyScript reference app built by `npm run build` (assembly/apps/reference.ts). */
export const REFERENCE_APP_WASM = new URL("../../build/reference-app.wasm", import.meta.url);
