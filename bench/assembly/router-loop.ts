// Bench-only entry (compiled by bench/router/in-wasm.ts into bench/build/, never
// part of the product .wasm): the router core plus a loop that matches inside
// WASM, to measure a lookup without the JS boundary.
import { TrieRouter } from "../../assembly/router/trie";

const router = new TrieRouter();
const BUF = memory.data(65536);

export function buffer(): usize { return BUF; }

export function add(method: u32, patternPtr: usize, patternLen: u32): i32 {
  return router.add(method, 0, 0, patternPtr, patternLen);
}

/**
 * Match the `count` requests laid out at `reqs` (method u32, path ptr u32,
 * path len u32 each) `rounds` times; returns the total match count.
 */
export function loop(reqs: usize, count: u32, rounds: u32, out: usize, outCap: u32): u32 {
  let total: u32 = 0;
  for (let r: u32 = 0; r < rounds; r++) {
    for (let i: u32 = 0; i < count; i++) {
      const at = reqs + <usize>i * 12;
      total += <u32>router.match(load<u32>(at), 0, 0, <usize>load<u32>(at, 4), load<u32>(at, 8), out, outCap);
    }
  }
  return total;
}
