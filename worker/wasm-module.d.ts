/**
 * A `.wasm` import is a precompiled WebAssembly.Module on Workers (wrangler's
 * CompiledWasm rule; miniflare's "CompiledWasm" module type).
 */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
