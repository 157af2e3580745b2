// Name tables: exact lookup of a short byte string among a fixed set of names
// (methods, interned header names) without strings on the hot path.
//
// A table is 128 one-byte buckets holding an id (0 = empty) and one row per
// id holding the name's length and bytes:
//
//   buckets: [id₀ id₁ … id₁₂₇]                 bucket = nameHash(name) & 127
//   rows:    id × rowSize → [len][name bytes][zero padding]
//
// The hash (first two bytes, last two bytes, length) is collision-free for
// each of our sets; the tables are filled once at start-up from the readable
// name lists, and the as-pect specs check that every name finds its own id.
// A lookup is one hash, one bucket load and one compare.

/** Bucket of the `len` (≥ 2) bytes at `ptr`, each OR-ed with `fold`. */
// @ts-ignore: decorator
@inline export function nameHash(ptr: usize, len: u32, fold: u32, mulPenult: u32, mulLast: u32): u32 {
  const h = (<u32>load<u8>(ptr) | fold) + (<u32>load<u8>(ptr + 1) | fold)
    + (<u32>load<u8>(ptr + len - 2) | fold) * mulPenult
    + (<u32>load<u8>(ptr + len - 1) | fold) * mulLast + len;
  return h & 127;
}

/**
 * Compare `len` bytes at `a` (each OR-ed with `fold`) with `len` bytes at `b`.
 * Reads stay inside both ranges; `b` is a table row. With fold 0x20 this is
 * an ASCII case fold: A-Z land on a-z, and among tchars only '^' and '~'
 * merge, so a folded token equals a lowercase name made of letters, digits
 * and '-' exactly when they match case-insensitively.
 */
// @ts-ignore: decorator
@inline export function equalFolded(a: usize, b: usize, len: u32, fold: u32): bool {
  const fold64 = <u64>fold * 0x0101010101010101;
  const fold32 = fold * 0x01010101;
  if (len >= 8) {
    let i: u32 = 0;
    for (; i + 8 <= len; i += 8) {
      if ((load<u64>(a + i) | fold64) != load<u64>(b + i)) return false;
    }
    return i == len || (load<u64>(a + len - 8) | fold64) == load<u64>(b + len - 8);
  }
  if (len >= 4) {
    return (load<u32>(a) | fold32) == load<u32>(b)
      && (load<u32>(a + len - 4) | fold32) == load<u32>(b + len - 4);
  }
  for (let i: u32 = 0; i < len; i++) {
    if ((<u32>load<u8>(a + i) | fold) != <u32>load<u8>(b + i)) return false;
  }
  return true;
}

/**
 * Start-up: put `names[id]` (ASCII; "" skips an id) into the table, with
 * bytes OR-ed with `fold` so the stored form is the folded one.
 */
export function fillNameTable(
  buckets: usize, rows: usize, rowSize: u32, names: StaticArray<string>,
  fold: u32, mulPenult: u32, mulLast: u32,
): void {
  for (let id = 0; id < names.length; id++) {
    const name = names[id];
    const len = <u32>name.length;
    if (len == 0) continue;
    const row = rows + <usize>id * rowSize;
    store<u8>(row, <u8>len);
    for (let i: u32 = 0; i < len; i++) {
      store<u8>(row + 1 + i, <u8>(name.charCodeAt(i) | fold));
    }
    store<u8>(buckets + nameHash(row + 1, len, fold, mulPenult, mulLast), <u8>id);
  }
}

/** Id of the `len` bytes at `ptr` in a table filled by fillNameTable, or 0. */
// @ts-ignore: decorator
@inline export function lookupName(
  buckets: usize, rows: usize, rowSize: u32, ptr: usize, len: u32,
  fold: u32, mulPenult: u32, mulLast: u32,
): u32 {
  if (len - 2 > rowSize - 3) return 0; // len < 2 or longer than any row holds
  const id = <u32>load<u8>(buckets + nameHash(ptr, len, fold, mulPenult, mulLast));
  const row = rows + <usize>id * rowSize;
  // Row 0 is never filled (id 0 = none): its length byte 0 never matches.
  if (<u32>load<u8>(row) != len) return 0;
  return equalFolded(ptr, row + 1, len, fold) ? id : 0;
}
