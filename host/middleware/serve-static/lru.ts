/**
 * A least-recently-used map capped by total bytes, with a per-entry cap
 * (runtime-free). A Map keeps insertion order, so a hit is delete + set (it
 * moves to the newest end) and eviction takes from the oldest end: O(1) each.
 * Small on purpose: the static cache needs get/set/delete and a byte count,
 * which is all lru-cache's maxSize/sizeCalculation/maxEntrySize would give it.
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  /** Bytes held now. */
  bytes = 0;

  constructor(readonly maxBytes: number, readonly maxEntryBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keep `value` (counted as `bytes`); false, and nothing kept, when it is larger than an entry or the whole cache may be. */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes) return false;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
