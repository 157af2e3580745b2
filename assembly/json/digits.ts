// Integer formatting with a digit-pair table: two digits per lookup, written
// backwards from the end, so a u64 costs at most 10 table loads and no
// per-digit division.

// "00" "01" … "99": 200 bytes, pair n at offset 2n.
const DIGIT_PAIRS = memory.data<u8>([
  48,48, 48,49, 48,50, 48,51, 48,52, 48,53, 48,54, 48,55, 48,56, 48,57,
  49,48, 49,49, 49,50, 49,51, 49,52, 49,53, 49,54, 49,55, 49,56, 49,57,
  50,48, 50,49, 50,50, 50,51, 50,52, 50,53, 50,54, 50,55, 50,56, 50,57,
  51,48, 51,49, 51,50, 51,51, 51,52, 51,53, 51,54, 51,55, 51,56, 51,57,
  52,48, 52,49, 52,50, 52,51, 52,52, 52,53, 52,54, 52,55, 52,56, 52,57,
  53,48, 53,49, 53,50, 53,51, 53,52, 53,53, 53,54, 53,55, 53,56, 53,57,
  54,48, 54,49, 54,50, 54,51, 54,52, 54,53, 54,54, 54,55, 54,56, 54,57,
  55,48, 55,49, 55,50, 55,51, 55,52, 55,53, 55,54, 55,55, 55,56, 55,57,
  56,48, 56,49, 56,50, 56,51, 56,52, 56,53, 56,54, 56,55, 56,56, 56,57,
  57,48, 57,49, 57,50, 57,51, 57,52, 57,53, 57,54, 57,55, 57,56, 57,57,
]);

/** Decimal digits in v (1 for 0). */
export function decimalLength32(v: u32): u32 {
  if (v < 100000) {
    if (v < 100) return v < 10 ? 1 : 2;
    return v < 1000 ? 3 : v < 10000 ? 4 : 5;
  }
  if (v < 10000000) return v < 1000000 ? 6 : 7;
  return v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

/** Decimal digits in v (1 for 0). */
export function decimalLength64(v: u64): u32 {
  if (v < 0x100000000) return decimalLength32(<u32>v);
  let n: u32 = 10;
  let p: u64 = 10000000000;
  while (n < 20 && v >= p) {
    n++;
    p *= 10;
  }
  return n;
}

/** Write the `len` digits of v ending at dst + len (len = decimalLength32(v)). */
// @ts-ignore: decorator
@inline export function writeDigits32(dst: usize, v: u32, len: u32): void {
  let end = dst + len;
  while (v >= 100) {
    const q = v / 100;
    end -= 2;
    store<u16>(end, load<u16>(DIGIT_PAIRS + ((v - q * 100) << 1)));
    v = q;
  }
  if (v >= 10) store<u16>(dst, load<u16>(DIGIT_PAIRS + (v << 1)));
  else store<u8>(dst, <u8>(48 + v));
}

/** Write the `len` digits of v ending at dst + len (len = decimalLength64(v)). */
export function writeDigits64(dst: usize, v: u64, len: u32): void {
  // Peel 8 digits at a time with one 64-bit division, then stay in 32 bits.
  let end = dst + len;
  while (v >= 0x100000000) {
    const q = v / 100000000;
    let low = <u32>(v - q * 100000000);
    for (let i = 0; i < 4; i++) {
      const q2 = low / 100;
      end -= 2;
      store<u16>(end, load<u16>(DIGIT_PAIRS + ((low - q2 * 100) << 1)));
      low = q2;
    }
    v = q;
  }
  writeDigits32(dst, <u32>v, <u32>(end - dst));
}

/** Write v at dst; returns the byte count (at most 20). */
export function writeU64(dst: usize, v: u64): u32 {
  const len = decimalLength64(v);
  writeDigits64(dst, v, len);
  return len;
}

/** Write v at dst with a '-' when negative; returns the byte count (at most 20). */
export function writeI64(dst: usize, v: i64): u32 {
  if (v >= 0) return writeU64(dst, <u64>v);
  store<u8>(dst, 45); // '-'
  return 1 + writeU64(dst + 1, <u64>(-v)); // -i64.MIN wraps to 2^63 as u64: right
}
