// Ryu (Ulf Adams, PLDI 2018): the shortest decimal that reads back as the same
// double, and of those the closest (ties to even digit). Ported from the
// reference d2s.c without 128-bit integers: products are built from 32-bit
// halves. Tables: tables/ryu_tables.ts (generated, exact BigInt).
//
// Result in two globals (no allocation): ryuDigits × 10^ryuExponent.

import { POW5_SPLIT, POW5_INV_SPLIT, POW5_BITCOUNT, POW5_INV_BITCOUNT } from "./tables/ryu_tables";

export let ryuDigits: u64 = 0;
export let ryuExponent: i32 = 0;

const MANTISSA_BITS: i32 = 52;
const BIAS: i32 = 1023;

// @ts-ignore: decorator
@inline function pow5bits(e: i32): i32 {
  return <i32>((<u32>e * 1217359) >> 19) + 1;
}
// @ts-ignore: decorator
@inline function log10Pow2(e: i32): u32 {
  return (<u32>e * 78913) >> 18;
}
// @ts-ignore: decorator
@inline function log10Pow5(e: i32): u32 {
  return (<u32>e * 732923) >> 20;
}

function pow5Factor(value: u64): u32 {
  let count: u32 = 0;
  for (;;) {
    value *= 14757395258967641293; // 5⁻¹ mod 2^64
    if (value > 3689348814741910323) break; // 2^64 / 5: not a multiple of 5
    count++;
  }
  return count;
}

// @ts-ignore: decorator
@inline function multipleOfPowerOf5(value: u64, p: u32): bool {
  return pow5Factor(value) >= p;
}
// @ts-ignore: decorator
@inline function multipleOfPowerOf2(value: u64, p: u32): bool {
  return (value & ((<u64>1 << p) - 1)) == 0;
}

// High 64 bits of the last umul128 (a second return value without allocation).
let productHigh: u64 = 0;

/** Low 64 bits of a × b; the high 64 bits go to productHigh. */
export function umul128(a: u64, b: u64): u64 {
  const aLo = a & 0xffffffff, aHi = a >> 32;
  const bLo = b & 0xffffffff, bHi = b >> 32;
  const b00 = aLo * bLo, b01 = aLo * bHi, b10 = aHi * bLo, b11 = aHi * bHi;
  const mid1 = b10 + (b00 >> 32);
  const mid2 = b01 + (mid1 & 0xffffffff);
  productHigh = b11 + (mid1 >> 32) + (mid2 >> 32);
  return (mid2 << 32) | (b00 & 0xffffffff);
}

/** High 64 bits of the last umul128. */
// @ts-ignore: decorator
@inline export function umulHigh(): u64 {
  return productHigh;
}

/** (m × mul) >> j for a 128-bit table entry mul = [low, high]; 64 < j < 128. */
function mulShift64(m: u64, mul: usize, j: i32): u64 {
  const low1 = umul128(m, load<u64>(mul, 8));
  let high1 = productHigh;
  umul128(m, load<u64>(mul));
  const high0 = productHigh;
  const sum = high0 + low1;
  if (sum < high0) high1++;
  const dist = <u64>(j - 64);
  return (high1 << (64 - dist)) | (sum >> dist);
}

/**
 * Shortest representation of the finite, non-zero double with the given
 * IEEE fields. Sets ryuDigits / ryuExponent.
 */
export function ryuShortest(ieeeMantissa: u64, ieeeExponent: u32): void {
  let e2: i32;
  let m2: u64;
  if (ieeeExponent == 0) {
    e2 = 1 - BIAS - MANTISSA_BITS - 2;
    m2 = ieeeMantissa;
  } else {
    e2 = <i32>ieeeExponent - BIAS - MANTISSA_BITS - 2;
    m2 = (<u64>1 << MANTISSA_BITS) | ieeeMantissa;
  }
  const acceptBounds = (m2 & 1) == 0;

  // Step 2: the interval of decimals that read back as this double.
  const mv = m2 << 2;
  const mmShift: u64 = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0;
  const mp = mv + 2;
  const mm = mv - 1 - mmShift;

  // Step 3: move it to a power of ten with 128-bit arithmetic.
  let vr: u64, vp: u64, vm: u64;
  let e10: i32;
  let vmIsTrailingZeros = false;
  let vrIsTrailingZeros = false;
  if (e2 >= 0) {
    const q = log10Pow2(e2) - (e2 > 3 ? 1 : 0);
    e10 = <i32>q;
    const k = POW5_INV_BITCOUNT + pow5bits(<i32>q) - 1;
    const i = -e2 + <i32>q + k;
    const mul = POW5_INV_SPLIT + (<usize>q << 4);
    vr = mulShift64(mv, mul, i);
    vp = mulShift64(mp, mul, i);
    vm = mulShift64(mm, mul, i);
    if (q <= 21) {
      // Only one of mp, mv, mm can be a multiple of 5, if any.
      if (mv % 5 == 0) {
        vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
      } else if (acceptBounds) {
        vmIsTrailingZeros = multipleOfPowerOf5(mm, q);
      } else {
        vp -= multipleOfPowerOf5(mp, q) ? 1 : 0;
      }
    }
  } else {
    const q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
    e10 = <i32>q + e2;
    const i = -e2 - <i32>q;
    const k = pow5bits(i) - POW5_BITCOUNT;
    const j = <i32>q - k;
    const mul = POW5_SPLIT + (<usize>i << 4);
    vr = mulShift64(mv, mul, j);
    vp = mulShift64(mp, mul, j);
    vm = mulShift64(mm, mul, j);
    if (q <= 1) {
      // mv = 4 m2 has at least two trailing zero bits.
      vrIsTrailingZeros = true;
      if (acceptBounds) vmIsTrailingZeros = mmShift == 1;
      else vp--;
    } else if (q < 63) {
      vrIsTrailingZeros = multipleOfPowerOf2(mv, q);
    }
  }

  // Step 4: drop digits while the interval still holds a shorter decimal.
  let removed: i32 = 0;
  let lastRemovedDigit: u32 = 0;
  let output: u64;
  if (vmIsTrailingZeros || vrIsTrailingZeros) {
    // Rare general case (~0.7%): exact ties and inclusive bounds.
    for (;;) {
      const vpDiv10 = vp / 10;
      const vmDiv10 = vm / 10;
      if (vpDiv10 <= vmDiv10) break;
      const vmMod10 = <u32>(vm - vmDiv10 * 10);
      const vrDiv10 = vr / 10;
      const vrMod10 = <u32>(vr - vrDiv10 * 10);
      vmIsTrailingZeros = vmIsTrailingZeros && vmMod10 == 0;
      vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0;
      lastRemovedDigit = vrMod10;
      vr = vrDiv10; vp = vpDiv10; vm = vmDiv10;
      removed++;
    }
    if (vmIsTrailingZeros) {
      for (;;) {
        const vmDiv10 = vm / 10;
        const vmMod10 = <u32>(vm - vmDiv10 * 10);
        if (vmMod10 != 0) break;
        const vpDiv10 = vp / 10;
        const vrDiv10 = vr / 10;
        const vrMod10 = <u32>(vr - vrDiv10 * 10);
        vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0;
        lastRemovedDigit = vrMod10;
        vr = vrDiv10; vp = vpDiv10; vm = vmDiv10;
        removed++;
      }
    }
    if (vrIsTrailingZeros && lastRemovedDigit == 5 && (vr & 1) == 0) {
      lastRemovedDigit = 4; // exactly …50…0: round half to even
    }
    output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1 : 0);
  } else {
    // Common case: no ties possible.
    let roundUp = false;
    const vpDiv100 = vp / 100;
    const vmDiv100 = vm / 100;
    if (vpDiv100 > vmDiv100) {
      const vrDiv100 = vr / 100;
      roundUp = vr - vrDiv100 * 100 >= 50;
      vr = vrDiv100; vp = vpDiv100; vm = vmDiv100;
      removed += 2;
    }
    for (;;) {
      const vpDiv10 = vp / 10;
      const vmDiv10 = vm / 10;
      if (vpDiv10 <= vmDiv10) break;
      const vrDiv10 = vr / 10;
      roundUp = vr - vrDiv10 * 10 >= 5;
      vr = vrDiv10; vp = vpDiv10; vm = vmDiv10;
      removed++;
    }
    output = vr + (vr == vm || roundUp ? 1 : 0);
  }
  ryuDigits = output;
  ryuExponent = e10 + removed;
}
