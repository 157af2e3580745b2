// Byte classes for the HTTP/1.1 parser: one 256-entry table, one bit per
// class (C_TOKEN, C_VALUE, …), so every "is this byte allowed here" test is a
// load and an AND. The table and the class bits are generated from their
// rules (scripts/byte-tables.mjs → tables/char_class.ts, which lists the bytes
// of every class).

import { CLASS } from "./tables/char_class";
export { C_TOKEN, C_VALUE, C_TARGET, C_PATH, C_AUTHORITY, C_QDTEXT, C_ALPHA } from "./tables/char_class";

/** The class bits of byte `c`. */
// @ts-ignore: decorator
@inline export function classOf(c: u32): u8 {
  return load<u8>(CLASS + <usize>(c & 0xFF));
}

/** True when byte `c` belongs to any class in `mask`. */
// @ts-ignore: decorator
@inline export function isClass(c: u32, mask: u8): bool {
  return (classOf(c) & mask) != 0;
}

export const CR: u32 = 0x0D;
export const LF: u32 = 0x0A;
export const SP: u32 = 0x20;
export const HTAB: u32 = 0x09;

/** SP or HTAB (optional whitespace). */
// @ts-ignore: decorator
@inline export function isOws(c: u32): bool {
  return c == SP || c == HTAB;
}
