// The boundary: the only file that exports functions from the .wasm.
// (Filled in by the foundation work; see host/abi.ts for the TS mirror.)
export { poolInit } from "./arena/pool";
