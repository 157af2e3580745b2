// Decimal → double, correctly rounded (round half to even), in three tiers:
//   1. Clinger's fast path: w ≤ 2^53 and |q| ≤ 22 — one exact multiply or divide.
//   2. Eisel-Lemire (Lemire, "Number parsing at a gigabyte per second", 2021):
//      one or two 64×128-bit products against tables/lemire_table.ts. For a
//      mantissa that held every digit (≤ 19) this is always exact (Mushtak &
//      Lemire, "Fast number parsing without fallback", 2023).
//   3. More than 19 digits: the kept prefix w and w + 1 bracket the value; when
//      Eisel-Lemire rounds both to the same double that is the answer,
//      otherwise decimal.ts decides exactly.

import { POW5_128, LEMIRE_MIN_Q, LEMIRE_MAX_Q } from "./tables/lemire_table";
import { umul128, umulHigh } from "./ryu";
import { decimalToF64 } from "./decimal";

// 1e0 … 1e22: every one exact in a double.
const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

const INF_BITS: u64 = 0x7ff0000000000000;

/** IEEE bits (sign clear) of w × 10^q rounded to nearest even; w != 0. */
export function eiselLemire(w: u64, q: i32): u64 {
  if (q < LEMIRE_MIN_Q) return 0;
  if (q > LEMIRE_MAX_Q) return INF_BITS;
  const lz = <i32>clz(w);
  w <<= <u64>lz;
  const entry = POW5_128 + (<usize>(q - LEMIRE_MIN_Q) << 4);
  let low = umul128(w, load<u64>(entry));
  let high = umulHigh();
  if ((high & 0x1ff) == 0x1ff) {
    // The low 9 bits (below the 55 we keep) are all ones: the second table
    // word may carry into them.
    umul128(w, load<u64>(entry, 8));
    const carry = umulHigh();
    low += carry;
    if (carry > low) high++;
  }
  const upper = <i32>(high >> 63);
  const shift = <u64>(upper + 9);
  let mantissa = high >> shift;
  // floor(log2(10^q)) + 63 + upper − lz − (−1023)
  let power2 = (((152170 + 65536) * q) >> 16) + 63 + upper - lz + 1023;
  if (power2 <= 0) {
    // Subnormal (or zero).
    if (-power2 + 1 >= 64) return 0;
    mantissa >>= <u64>(-power2 + 1);
    mantissa += mantissa & 1;
    mantissa >>= 1;
    return mantissa | (mantissa < (<u64>1 << 52) ? 0 : <u64>1 << 52);
  }
  // Exactly halfway between two doubles can only happen for small q: round to even.
  if (low <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == high) {
    mantissa &= ~<u64>1;
  }
  mantissa += mantissa & 1;
  mantissa >>= 1;
  if (mantissa >= (<u64>2 << 52)) {
    mantissa = <u64>1 << 52;
    power2++;
  }
  mantissa &= ~(<u64>1 << 52);
  if (power2 >= 0x7ff) return INF_BITS;
  return mantissa | (<u64>power2 << 52);
}

/**
 * The double for a number already split by the reader: w holds the first
 * significant digits (≤ 19), value ≈ w × 10^q; truncated says non-zero digits
 * were dropped; src/len is the source text for the exact fallback.
 */
export function toF64(neg: bool, w: u64, q: i32, truncated: bool, src: usize, len: u32): f64 {
  if (w == 0) return neg ? -0.0 : 0.0;
  let bits: u64;
  if (!truncated) {
    if (w <= 9007199254740992 && q >= -22 && q <= 22) {
      const d = <f64>w;
      const r = q < 0 ? d / load<f64>(POW10 + (<usize>-q << 3)) : d * load<f64>(POW10 + (<usize>q << 3));
      return neg ? -r : r;
    }
    bits = eiselLemire(w, q);
  } else {
    bits = eiselLemire(w, q);
    if (bits != eiselLemire(w + 1, q)) return decimalToF64(src, len);
  }
  return reinterpret<f64>(neg ? bits | (<u64>1 << 63) : bits);
}
