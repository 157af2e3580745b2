// Bytes ↔ AssemblyScript strings for the app API. HTTP and JSON stay UTF-8
// bytes; strings are made only when a handler asks for one, and (with the
// arena runtime) they live in the request's arena.

import { percentDecode } from "../router/percent";

/** The UTF-8 bytes [ptr, ptr + len) as a string. */
export function utf8String(ptr: usize, len: u32): string {
  return len == 0 ? "" : String.UTF8.decodeUnsafe(ptr, len);
}

/** UTF-8 length of a string. */
// @ts-ignore: decorator
@inline export function utf8Length(s: string): u32 {
  return <u32>String.UTF8.byteLength(s);
}

/** Encode `s` as UTF-8 at dst (room for utf8Length(s)); returns bytes written. */
export function writeUtf8(s: string, dst: usize): u32 {
  return <u32>String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, dst);
}

/** Lower-case ASCII copy of the bytes (header names). */
export function lowerAscii(ptr: usize, len: u32): string {
  const s = utf8String(ptr, len);
  return s.toLowerCase();
}

/**
 * Decode a URL component into dst (room for len bytes): '+' as space when
 * `plusIsSpace` (query strings), then %xx like decodeURIComponent (runs that
 * are not valid UTF-8 stay as written). Returns the decoded length.
 */
export function decodeComponent(src: usize, len: u32, dst: usize, plusIsSpace: bool): u32 {
  if (plusIsSpace) {
    for (let i: u32 = 0; i < len; i++) {
      const c = load<u8>(src + i);
      store<u8>(dst + i, c == 0x2b ? 0x20 : c);
    }
    return percentDecode(dst, len, dst);
  }
  return percentDecode(src, len, dst);
}

/** Decoded component as a string (scratch from the current allocator). */
export function decodedString(src: usize, len: u32, plusIsSpace: bool): string {
  if (len == 0) return "";
  const buf = heap.alloc(len);
  return utf8String(buf, decodeComponent(src, len, buf, plusIsSpace));
}

/** UTF-16 length of UTF-8 text (JavaScript's string.length of it). */
export function utf16Length(ptr: usize, len: u32): u32 {
  let n: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(ptr + i);
    if ((c & 0xc0) != 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

export { equalsIgnoreCase } from "../util/bytes";
