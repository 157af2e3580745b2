// Percent-encoding normalisation (RFC 3986 §6.2.2.2): %XX of an unreserved
// character (ALPHA DIGIT - . _ ~) is decoded, every other %XX is written
// with upper-case hex. A '%' not followed by two hex digits stays as is,
// and so does '+' (a query's "+" and "%20" are not made equal).

/** 0-15 for a hex digit, -1 otherwise. */
function hexValue(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const lower = c | 0x20;
  if (lower - 97 < 6) return <i32>(lower - 87);
  return -1;
}

function isUnreserved(c: u32): bool {
  const lower = c | 0x20;
  return (lower - 97 < 26) || (c - 48 < 10) || c == 45 || c == 46 || c == 95 || c == 126;
}

/** Upper-case hex digit of 0-15. */
// @ts-ignore: decorator
@inline function hexDigit(v: u32): u8 {
  return <u8>(v < 10 ? 48 + v : 55 + v);
}

/**
 * The normalised form of src[0, len) written at dst (never longer than the
 * source; dst may be src itself, since it never runs ahead). Returns its length.
 */
export function normalisePercent(dst: usize, src: usize, len: u32): u32 {
  let o: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    const c = <u32>load<u8>(src + i);
    if (c == 37 && i + 2 < len) {
      const hi = hexValue(load<u8>(src + i + 1));
      const lo = hexValue(load<u8>(src + i + 2));
      if (hi >= 0 && lo >= 0) {
        const byte = <u32>(hi << 4 | lo);
        if (isUnreserved(byte)) {
          store<u8>(dst + o++, <u8>byte);
        } else {
          store<u8>(dst + o, 37);
          store<u8>(dst + o + 1, hexDigit(<u32>hi));
          store<u8>(dst + o + 2, hexDigit(<u32>lo));
          o += 3;
        }
        i += 3;
        continue;
      }
    }
    store<u8>(dst + o++, <u8>c);
    i++;
  }
  return o;
}
