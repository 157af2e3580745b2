// Short copies without memory.copy: V8 compiles memory.copy to a call out of
// the generated code, which costs more than the copy itself for the keys,
// short strings and number digits a writer mostly moves. Longer runs still
// go to memory.copy.

/** Copies up to this many bytes are done inline. */
const INLINE_COPY_MAX: u32 = 32;

/** Copy n bytes from src to dst; the regions must not overlap. Never touches bytes outside either. */
// @ts-ignore: decorator
@inline export function copyBytes(dst: usize, src: usize, n: u32): void {
  if (n >= 8) {
    if (n > INLINE_COPY_MAX) {
      memory.copy(dst, src, n);
      return;
    }
    // Whole words, then one last word ending exactly at n (it may overlap the previous one).
    for (let i: u32 = 0; i < n - 8; i += 8) store<u64>(dst + i, load<u64>(src + i));
    store<u64>(dst + n - 8, load<u64>(src + n - 8));
  } else if (n >= 4) {
    store<u32>(dst, load<u32>(src));
    store<u32>(dst + n - 4, load<u32>(src + n - 4));
  } else if (n != 0) {
    // 1-3 bytes: the first, the middle and the last (some coincide).
    store<u8>(dst, load<u8>(src));
    store<u8>(dst + (n >> 1), load<u8>(src + (n >> 1)));
    store<u8>(dst + n - 1, load<u8>(src + n - 1));
  }
}
