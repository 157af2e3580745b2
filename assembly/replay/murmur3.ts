// MurmurHash3 x64_128 (Austin Appleby, public domain), seed 0.
//
// Why this hash for request fingerprints: most parts hashed are short (a
// method, a path, a few headers) and x64_128 is fast there (16-byte blocks
// of two u64 lanes, a short tail); it gives 128 bits, so collisions among a
// recording's requests are out of reach by chance; it has well-known test
// vectors and independent implementations (tests check it against an npm
// one). It is not a MAC: anyone can compute it, so it must never stand in
// for a secret. Keyed redaction of header values is HMAC, done in TS before
// the value reaches this hash.
//
// Output: 16 bytes, h1 then h2, each big-endian, so that the bytes in order
// spell the usual hex form (h1's 16 digits, then h2's).

const C1: u64 = 0x87c37b91114253d5;
const C2: u64 = 0x4cf5ad432745937f;

// @ts-ignore: decorator
@inline function fmix64(k: u64): u64 {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccd;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53;
  k ^= k >> 33;
  return k;
}

// @ts-ignore: decorator
@inline function mixK1(k1: u64): u64 {
  return rotl<u64>(k1 * C1, 31) * C2;
}

// @ts-ignore: decorator
@inline function mixK2(k2: u64): u64 {
  return rotl<u64>(k2 * C2, 33) * C1;
}

/** Up to 8 tail bytes at p as a little-endian u64 (byte 0 lowest). */
function tailWord(p: usize, n: u32): u64 {
  let k: u64 = 0;
  for (let i: i32 = <i32>n - 1; i >= 0; i--) k = (k << 8) | <u64>load<u8>(p + <usize>i);
  return k;
}

/** The hash of [ptr, ptr + len), 16 bytes written at out. */
export function hash128(ptr: usize, len: u32, out: usize): void {
  let h1: u64 = 0;
  let h2: u64 = 0;
  const blocks = len >> 4;
  for (let i: u32 = 0; i < blocks; i++) {
    const p = ptr + (<usize>i << 4);
    const k1 = load<u64>(p); // unaligned loads are fine in WASM
    const k2 = load<u64>(p, 8);
    h1 ^= mixK1(k1);
    h1 = (rotl<u64>(h1, 27) + h2) * 5 + 0x52dce729;
    h2 ^= mixK2(k2);
    h2 = (rotl<u64>(h2, 31) + h1) * 5 + 0x38495ab5;
  }
  const tail = ptr + (<usize>blocks << 4);
  const rest = len & 15;
  if (rest > 8) h2 ^= mixK2(tailWord(tail + 8, rest - 8));
  if (rest > 0) h1 ^= mixK1(tailWord(tail, min(rest, 8)));
  h1 ^= <u64>len;
  h2 ^= <u64>len;
  h1 += h2;
  h2 += h1;
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 += h2;
  h2 += h1;
  store<u64>(out, bswap<u64>(h1));
  store<u64>(out, bswap<u64>(h2), 8);
}
