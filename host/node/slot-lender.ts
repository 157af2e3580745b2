/**
 * Lends the core's arena slots to connections, so that slow clients cannot
 * hold them.
 *
 * A slot is taken when request bytes arrive and, normally, kept until the
 * message is complete (most requests arrive in one read and never wait). A
 * connection whose message is still partial when its read ends is a *holder*:
 * its slot is only a cache of bytes it has received. When a slot is needed
 * and none is free, the holder idle the longest is *parked*: its parser state
 * (request head and header table, ≈ 1.7 KiB with 100 headers) and its bytes
 * are copied out of WASM memory into a JS buffer and its slot goes back to
 * the pool. When more of its bytes arrive it takes a slot again and the
 * saved state goes back in, so parsing resumes where it stopped.
 *
 *   pool: [ dispatched │ dispatched │ holder A │ holder B │ free … ]
 *   acquire() with no free slot → park the oldest holder (A) → retry;
 *   no holder left → grow the pool (up to maxSlots) → else 503;
 *   holders past half the pool → the oldest are parked as soon as they are
 *
 * So only requests a handler is answering pin slots; any number of
 * connections trickling a head or a body cost their bytes in JS memory,
 * bounded by `maxParkedBytes` across the server: parking beyond it answers
 * the parked connection 503 and closes it instead.
 */
import { NO_SLOT, Stat } from "../core/abi.js";
import type { Core } from "../core/core.js";

const WITHOUT_GROWING = 1;
const MAY_GROW = 0;

/** What the lender needs of a connection. */
export interface SlotHolder {
  /** Bytes of its partial message in its slot. */
  readonly heldBytes: number;
  /** Whether its slot is a large one. */
  readonly holdsLarge: boolean;
  /** Copy the partial message out and give the slot back. */
  park(): void;
  /** Give up on the request: answer 503 and close (releases the slot). */
  refuse(): void;
}

export interface LenderStats {
  /** Holders parked to free a slot since start. */
  parked: number;
  /** Connections refused because parking would pass maxParkedBytes. */
  parkRefused: number;
  /** Bytes of partial requests held in JS memory now. */
  parkedBytes: number;
}

export class SlotLender {
  /** Connections holding a slot with a partial message, least recently active first. */
  private readonly holders = new Set<SlotHolder>();
  private parkedBytesNow = 0;
  private parkedCount = 0;
  private refusedCount = 0;
  /** Input bytes of a small slot: a slot with more is a large one. */
  private readonly smallCap: number;

  constructor(private readonly core: Core, private readonly maxParkedBytes: number) {
    this.smallCap = core.exports.stat(Stat.ARENA_CAP);
  }

  /**
   * A small slot for `requester`: a free one, else one a holder gives up
   * (parking is a copy; growing the pool is memory kept for ever, so slow
   * clients must not make it grow), else a new one if the pool may grow;
   * NO_SLOT when only requests being answered hold slots and it may not.
   */
  acquire(requester: SlotHolder): number {
    const api = this.core.exports;
    for (;;) {
      const slot = api.acquire(WITHOUT_GROWING);
      if (slot !== NO_SLOT) return slot;
      if (!this.evict(requester, false)) return api.acquire(MAY_GROW);
    }
  }

  /** Move `requester`'s partial message from `slot` into a large slot; NO_SLOT when none can be freed. */
  moveToLarge(requester: SlotHolder, slot: number, filled: number): number {
    const api = this.core.exports;
    for (;;) {
      const large = api.moveToLarge(slot, filled, WITHOUT_GROWING);
      if (large !== NO_SLOT) return large;
      if (!this.evict(requester, true)) return api.moveToLarge(slot, filled, MAY_GROW);
    }
  }

  /** Whether `slot` (a slot in use, not NO_SLOT) is a large one. */
  isLarge(slot: number): boolean {
    return slot !== NO_SLOT && this.core.slotInputCap(slot) > this.smallCap;
  }

  /**
   * `holder` ended a read with a partial message in its slot: it is now the
   * most recently active holder. Holders may keep at most half the pool, so
   * that a request arriving whole finds a free slot without parking anyone
   * (under a slowloris flood the slow clients pay for their parking, not the
   * fast ones): past that, the least recently active are parked now.
   */
  hold(holder: SlotHolder): void {
    this.holders.delete(holder);
    this.holders.add(holder);
    const most = Math.max(1, this.core.exports.stat(Stat.CAPACITY) >>> 1);
    while (this.holders.size > most && this.evict(holder, undefined)) { /* parked one */ }
  }

  /** `holder` no longer holds a slot for a partial message (complete, failed, closed or parked). */
  unhold(holder: SlotHolder): void {
    this.holders.delete(holder);
  }

  /** Account `bytes` parked in JS memory (negative when they go back into a slot or are dropped). */
  addParked(bytes: number): void {
    this.parkedBytesNow += bytes;
  }

  stats(): LenderStats {
    return { parked: this.parkedCount, parkRefused: this.refusedCount, parkedBytes: this.parkedBytesNow };
  }

  /** Free one slot (a large one when `large`, either when undefined) held by a holder other than `requester`; false when there is none. */
  private evict(requester: SlotHolder, large: boolean | undefined): boolean {
    for (const holder of this.holders) {
      if (holder === requester || (large !== undefined && holder.holdsLarge !== large)) continue;
      this.holders.delete(holder);
      if (this.parkedBytesNow + holder.heldBytes > this.maxParkedBytes) {
        this.refusedCount++;
        holder.refuse();
      } else {
        this.parkedCount++;
        holder.park();
      }
      return true;
    }
    return false;
  }
}
