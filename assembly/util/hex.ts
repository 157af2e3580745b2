// Hex digit values, shared by every decoder of hexadecimal text (chunk
// sizes, %xx escapes, JSON \u escapes). HEX is generated from its rule
// (scripts/byte-tables.mjs → tables/hex_digit.ts): 0-15 for a hex digit,
// 0xFF otherwise.

import { HEX } from "./tables/hex_digit";
export { HEX } from "./tables/hex_digit";

/** Value of hex digit `c` (0-15), or 0xFF when `c` is not HEXDIG. */
// @ts-ignore: decorator
@inline export function hexValue(c: u32): u32 {
  return <u32>load<u8>(HEX + <usize>(c & 0xFF));
}
