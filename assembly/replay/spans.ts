// Lists of byte spans in scratch memory, sorted stably (bottom-up merge
// sort: query strings and form bodies can have many fields, so no O(n²)).
//
// Span list (unmanaged, 8 bytes per entry):
//   0 ptr  u32  first byte
//   4 len  u32  bytes
// A header line's sort key is its name (the bytes before ':'); a query or
// form field's is the whole normalised `name=value` pair.

// @ts-ignore: decorator
@inline export function spanPtr(list: usize, i: u32): usize {
  return <usize>load<u32>(list + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function spanLen(list: usize, i: u32): u32 {
  return load<u32>(list + (<usize>i << 3), 4);
}

// @ts-ignore: decorator
@inline export function setSpan(list: usize, i: u32, ptr: usize, len: u32): void {
  store<u32>(list + (<usize>i << 3), <u32>ptr);
  store<u32>(list + (<usize>i << 3), len, 4);
}

/** Byte-order comparison of two byte strings (a shorter prefix comes first). */
export function compareBytes(a: usize, aLen: u32, b: usize, bLen: u32): i32 {
  const n = min(aLen, bLen);
  for (let i: u32 = 0; i < n; i++) {
    const d = <i32>load<u8>(a + i) - <i32>load<u8>(b + i);
    if (d != 0) return d;
  }
  return <i32>aLen - <i32>bLen;
}

/** Length of the header name in a `name:value` line (the whole line when it has no ':'). */
export function nameLength(p: usize, len: u32): u32 {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(p + i) == 58) return i;
  return len;
}

function keyLength(p: usize, len: u32, byName: bool): u32 {
  return byName ? nameLength(p, len) : len;
}

function inOrder(list: usize, i: u32, j: u32, byName: bool): bool {
  const a = spanPtr(list, i);
  const b = spanPtr(list, j);
  return compareBytes(a, keyLength(a, spanLen(list, i), byName), b, keyLength(b, spanLen(list, j), byName)) <= 0;
}

/**
 * Sort `count` spans of `list` stably by key (by name when `byName`), with
 * `temp` (count × 8 bytes) as the merge buffer. The sorted list ends in
 * `list`.
 */
export function sortSpans(list: usize, temp: usize, count: u32, byName: bool): void {
  let from = list;
  let to = temp;
  for (let width: u32 = 1; width < count; width <<= 1) {
    for (let lo: u32 = 0; lo < count; lo += width << 1) {
      const mid = min(lo + width, count);
      const hi = min(lo + (width << 1), count);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        const takeLeft = i < mid && (j >= hi || inOrder(from, i, j, byName));
        const s = takeLeft ? i++ : j++;
        setSpan(to, k, spanPtr(from, s), spanLen(from, s));
      }
    }
    const t = from;
    from = to;
    to = t;
  }
  if (from != list) memory.copy(list, from, <usize>count << 3);
}
