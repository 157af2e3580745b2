// Byte-range equality with unaligned word loads. memory.compare goes byte by
// byte unless both ranges share an alignment, and a path segment rarely
// shares its key's.

/** a[0..n) == b[0..n)? */
@inline export function bytesEqual(a: usize, b: usize, n: u32): bool {
  while (n >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8; b += 8; n -= 8;
  }
  if (n & 4) {
    if (load<u32>(a) != load<u32>(b)) return false;
    a += 4; b += 4;
  }
  if (n & 2) {
    if (load<u16>(a) != load<u16>(b)) return false;
    a += 2; b += 2;
  }
  return (n & 1) == 0 || load<u8>(a) == load<u8>(b);
}
