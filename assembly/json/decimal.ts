// Exact decimal → double for the rare inputs Eisel-Lemire cannot settle
// (more than 19 significant digits whose truncation straddles a rounding
// boundary). The decimal is scaled by powers of two digit by digit until it
// holds the 53-bit mantissa, then rounded half to even — the algorithm of
// Go's strconv (decimal.go, floatBits). Up to 800 digits are kept; any
// non-zero digit beyond that only sets `trunc`, which is enough to break an
// exact-half tie upwards (a double needs at most 767 significant digits).
//
// State is global (one conversion at a time; no allocation).

const MAX_DIGITS: i32 = 800;
const SLACK: i32 = 20; // room for the digits a left shift by ≤ 60 bits adds
const digits = memory.data(MAX_DIGITS + SLACK); // one digit value 0-9 per byte
let nd: i32 = 0;      // digits in use
let dp: i32 = 0;      // value = 0.d[0]d[1]… × 10^dp
let trunc = false;    // non-zero digits were dropped
const MAX_SHIFT: i32 = 60;

// @ts-ignore: decorator
@inline function digit(i: i32): u32 {
  return load<u8>(digits + <usize>i);
}
// @ts-ignore: decorator
@inline function setDigit(i: i32, v: u32): void {
  store<u8>(digits + <usize>i, <u8>v);
}

function trim(): void {
  while (nd > 0 && digit(nd - 1) == 0) nd--;
  if (nd == 0) dp = 0;
}

/** Read a JSON number (already validated) from src[0, len); returns false if negative. */
function readDecimal(src: usize, len: u32): bool {
  nd = 0;
  dp = 0;
  trunc = false;
  let i: u32 = 0;
  const neg = load<u8>(src) == 45;
  if (neg) i++;
  let sawDot = false;
  for (; i < len; i++) {
    const c = <u32>load<u8>(src + i);
    if (c == 46) {
      sawDot = true;
      continue;
    }
    if (c - 48 > 9) break; // 'e' / 'E'
    const d = c - 48;
    if (d == 0 && nd == 0) {
      if (sawDot) dp--;
      continue;
    }
    if (!sawDot) dp++;
    if (nd < MAX_DIGITS) setDigit(nd++, d);
    else if (d != 0) trunc = true;
  }
  if (i < len) {
    i++; // 'e'
    let expNeg = false;
    const s = load<u8>(src + i);
    if (s == 45 || s == 43) {
      expNeg = s == 45;
      i++;
    }
    let e: i32 = 0;
    for (; i < len; i++) {
      if (e < 100000) e = e * 10 + <i32>(load<u8>(src + i) - 48);
    }
    dp += expNeg ? -e : e;
  }
  trim();
  return neg;
}

/** Multiply by 2^k, 0 < k ≤ 60. */
function leftShift(k: u32): void {
  // Work from the last digit back, writing SLACK places further right, then
  // slide the result back to index 0.
  let r = nd - 1;
  let w = nd - 1 + SLACK;
  let n: u64 = 0;
  for (; r >= 0; r--) {
    n += <u64>digit(r) << k;
    const q = n / 10;
    setDigit(w--, <u32>(n - q * 10));
    n = q;
  }
  while (n > 0) {
    const q = n / 10;
    setDigit(w--, <u32>(n - q * 10));
    n = q;
  }
  const count = nd + SLACK - (w + 1);
  memory.copy(digits, digits + <usize>(w + 1), <usize>count);
  dp += count - nd;
  nd = count;
  if (nd > MAX_DIGITS) {
    for (let i = MAX_DIGITS; i < nd; i++) if (digit(i) != 0) trunc = true;
    nd = MAX_DIGITS;
  }
  trim();
}

/** Divide by 2^k, 0 < k ≤ 60 (Go's rightShift). */
function rightShift(k: u32): void {
  let r: i32 = 0;
  let w: i32 = 0;
  let n: u64 = 0;
  // Pick up enough leading digits to cover the first shift.
  for (; (n >> k) == 0; r++) {
    if (r >= nd) {
      if (n == 0) {
        nd = 0;
        return;
      }
      while ((n >> k) == 0) {
        n *= 10;
        r++;
      }
      break;
    }
    n = n * 10 + digit(r);
  }
  dp -= r - 1;
  const mask: u64 = (<u64>1 << k) - 1;
  for (; r < nd; r++) {
    const c = digit(r);
    setDigit(w++, <u32>(n >> k));
    n &= mask;
    n = n * 10 + c;
  }
  while (n > 0) {
    const d = <u32>(n >> k);
    n &= mask;
    if (w < MAX_DIGITS) setDigit(w++, d);
    else if (d > 0) trunc = true;
    n *= 10;
  }
  nd = w;
  trim();
}

function shift(k: i32): void {
  if (nd == 0) return;
  if (k > 0) {
    while (k > MAX_SHIFT) {
      leftShift(MAX_SHIFT);
      k -= MAX_SHIFT;
    }
    leftShift(<u32>k);
  } else if (k < 0) {
    while (k < -MAX_SHIFT) {
      rightShift(MAX_SHIFT);
      k += MAX_SHIFT;
    }
    rightShift(<u32>-k);
  }
}

function shouldRoundUp(at: i32): bool {
  if (at < 0 || at >= nd) return false;
  if (digit(at) == 5 && at + 1 == nd) {
    // Exactly half: to even, unless dropped digits made it more than half.
    if (trunc) return true;
    return at > 0 && (digit(at - 1) & 1) == 1;
  }
  return digit(at) >= 5;
}

function roundedInteger(): u64 {
  let n: u64 = 0;
  let i: i32 = 0;
  for (; i < dp && i < nd; i++) n = n * 10 + digit(i);
  for (; i < dp; i++) n *= 10;
  if (shouldRoundUp(dp)) n++;
  return n;
}

// Bits to shift by to bring 10^dp below 2^n: powtab[dp] for dp < 9, else 27.
// [1, 3, 6, 9, 13, 16, 19, 23, 26]
const POWTAB = memory.data<u8>([1, 3, 6, 9, 13, 16, 19, 23, 26]);

// @ts-ignore: decorator
@inline function powtab(i: i32): i32 {
  return i < 9 ? <i32>load<u8>(POWTAB + <usize>i) : 27;
}

const BIAS: i32 = -1023;
const INF_BITS: u64 = 0x7ff0000000000000;

/** The correctly rounded double of the validated JSON number src[0, len). */
export function decimalToF64(src: usize, len: u32): f64 {
  const neg = readDecimal(src, len);
  const sign: u64 = neg ? <u64>1 << 63 : 0;
  if (nd == 0 || dp < -330) return reinterpret<f64>(sign);
  if (dp > 310) return reinterpret<f64>(sign | INF_BITS);
  let exp: i32 = 0;
  // Scale into [0.5, 1).
  while (dp > 0) {
    const n = powtab(dp);
    shift(-n);
    exp += n;
  }
  while (dp < 0 || (dp == 0 && digit(0) < 5)) {
    const n = powtab(-dp);
    shift(n);
    exp -= n;
  }
  exp--; // [0.5, 1) → [1, 2)
  if (exp < BIAS + 1) {
    const n = BIAS + 1 - exp; // subnormal: shift down to the minimum exponent
    shift(-n);
    exp += n;
  }
  if (exp - BIAS >= 0x7ff) return reinterpret<f64>(sign | INF_BITS);
  shift(53);
  let mant = roundedInteger();
  if (mant == <u64>2 << 52) {
    mant >>= 1;
    exp++;
    if (exp - BIAS >= 0x7ff) return reinterpret<f64>(sign | INF_BITS);
  }
  if ((mant & (<u64>1 << 52)) == 0) exp = BIAS;
  const bits = (mant & 0xfffffffffffff) | (<u64>((exp - BIAS) & 0x7ff) << 52);
  return reinterpret<f64>(sign | bits);
}
