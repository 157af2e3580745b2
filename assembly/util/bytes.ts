// Small byte helpers: copy ASCII from a static
// AS string (compile-time literal, no allocation) and write decimal numbers.

/** Copy an ASCII string literal to `dst`, at most `max` bytes; returns bytes written. */
export function writeAscii(dst: usize, s: string, max: u32 = u32.MAX_VALUE): u32 {
  const n = min(<u32>s.length, max);
  const src = changetype<usize>(s);
  for (let i: u32 = 0; i < n; i++) {
    store<u8>(dst + i, <u8>load<u16>(src + (<usize>i << 1)));
  }
  return n;
}

/** Number of decimal digits of v. */
export function decimalLength(v: u32): u32 {
  let n: u32 = 1;
  while (v >= 10) { v /= 10; n++; }
  return n;
}

/** Write v in decimal at dst (exactly decimalLength(v) bytes); returns that length. */
export function writeDecimal(dst: usize, v: u32): u32 {
  const n = decimalLength(v);
  let p = dst + n;
  do {
    p--;
    store<u8>(p, <u8>(48 + v % 10));
    v /= 10;
  } while (v != 0);
  return n;
}

/** Write v as exactly `width` zero-padded decimal digits. */
export function writePadded(dst: usize, v: u32, width: u32): void {
  for (let i = width; i > 0; i--) {
    store<u8>(dst + i - 1, <u8>(48 + v % 10));
    v /= 10;
  }
}

/** Do the bytes at ptr equal the ASCII string, ignoring ASCII case? */
export function equalsIgnoreCase(ptr: usize, len: u32, ascii: string): bool {
  if (<u32>ascii.length != len) return false;
  for (let i: u32 = 0; i < len; i++) {
    let a = <u32>load<u8>(ptr + i);
    let b = <u32>ascii.charCodeAt(i);
    if (a - 65 < 26) a |= 32;
    if (b - 65 < 26) b |= 32;
    if (a != b) return false;
  }
  return true;
}
