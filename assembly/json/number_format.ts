// Doubles printed exactly as JavaScript's Number::toString (ECMA-262
// 6.1.6.1.20) prints them — which is what JSON.stringify emits:
//   shortest round-trip digits s (k of them) with decimal exponent n (value = 0.s × 10^n)
//   k ≤ n ≤ 21   → digits then n−k zeros          123000, 1e21 is the first exponent form
//   0 < n ≤ 21   → digits with a point after n     1.5
//   −6 < n ≤ 0   → "0." then −n zeros then digits  0.000001
//   otherwise    → d[.ddd]e±(n−1)                  1.5e-7, 1e+21
// −0 prints "0". NaN and ±Infinity are not numbers in JSON: the writer emits
// null for them before calling here.

import { writeU64, decimalLength64, writeDigits64 } from "./digits";
import { ryuShortest, ryuDigits, ryuExponent } from "./ryu";

/** Longest output: "-0.000000" + 17 digits is 25 bytes. */
export const MAX_F64_LENGTH: u32 = 25;

/** Write finite x at dst in JavaScript's format; returns the byte count. */
export function writeF64(dst: usize, x: f64): u32 {
  const bits = reinterpret<u64>(x);
  const ieeeMantissa = bits & 0xfffffffffffff;
  const ieeeExponent = <u32>(bits >> 52) & 0x7ff;
  if ((bits << 1) == 0) {
    store<u8>(dst, 48); // ±0 → "0"
    return 1;
  }
  let p = dst;
  if (<i64>bits < 0) {
    store<u8>(p++, 45); // '-'
  }
  const a = abs(x);
  // Integers below 2^53 print as themselves: no need for Ryu.
  if (a < 9007199254740992.0 && a == Math.floor(a)) {
    return <u32>(p - dst) + writeU64(p, <u64>a);
  }
  ryuShortest(ieeeMantissa, ieeeExponent);
  const digits = ryuDigits;
  const k = <i32>decimalLength64(digits);
  const n = ryuExponent + k;
  if (k <= n && n <= 21) {
    writeDigits64(p, digits, k);
    p += k;
    memory.fill(p, 48, n - k);
    return <u32>(p + (n - k) - dst);
  }
  if (0 < n && n <= 21) {
    writeDigits64(p, digits, k);
    memory.copy(p + n + 1, p + n, k - n); // open a gap for the point
    store<u8>(p + n, 46); // '.'
    return <u32>(p + k + 1 - dst);
  }
  if (-6 < n && n <= 0) {
    store<u16>(p, 0x2e30); // "0."
    memory.fill(p + 2, 48, -n);
    p += 2 - n;
    writeDigits64(p, digits, k);
    return <u32>(p + k - dst);
  }
  // Exponent form: d[.ddd]e±x
  writeDigits64(p + 1, digits, k); // one byte right, then pull the first digit back
  store<u8>(p, load<u8>(p + 1));
  if (k > 1) {
    store<u8>(p + 1, 46); // '.'
    p += k + 1;
  } else {
    p += 1;
  }
  const e = n - 1;
  store<u8>(p++, 101); // 'e'
  store<u8>(p++, e < 0 ? 45 : 43); // '-' or '+'
  p += writeU64(p, <u64>(e < 0 ? -e : e));
  return <u32>(p - dst);
}
