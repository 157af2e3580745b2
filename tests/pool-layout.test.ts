// The slot pool's layout (assembly/arena/pool.ts) on the release core: a slot
// head that lies in pages fresh from memory.grow is left untouched at
// start-up (zero already, so its pages are first touched by its first
// request); one laid out over memory that existed before is cleared.
import { describe, expect, it } from "vitest";
import { instantiateCore } from "../host/node/core-file.js";
import { REQUEST_HEAD_SIZE, NO_SLOT } from "../host/core/abi.js";

const SLOTS = 4;
const ARENA_BYTES = 64 * 1024;

/** Slot i's head address, from a core configured with SLOTS slots. */
function headAddresses(core: ReturnType<typeof instantiateCore>): number[] {
  return Array.from({ length: SLOTS }, (_, i) => core.slotRequest(i));
}

describe("slot pool layout", () => {
  it("every slot starts with a zeroed head, also where the pool lands on memory written before", () => {
    const probe = instantiateCore();
    expect(probe.configure(0, 0, 0, 0, SLOTS, ARENA_BYTES, 1, SLOTS, 1)).toBe(0);
    const heads = headAddresses(probe); // the same module configured alike lays out at the same addresses

    const core = instantiateCore();
    const before = core.memory.buffer.byteLength;
    // What lies from the first head to the end of memory is not in use yet: dirty it.
    expect(heads[0]).toBeLessThan(before);
    new Uint8Array(core.memory.buffer).fill(0xff, heads[0]);
    expect(core.configure(0, 0, 0, 0, SLOTS, ARENA_BYTES, 1, SLOTS, 1)).toBe(0);
    expect(headAddresses(core)).toEqual(heads);
    const u8 = new Uint8Array(core.memory.buffer);
    for (const head of heads) expect([...u8.subarray(head, head + REQUEST_HEAD_SIZE)]).toEqual(new Array(REQUEST_HEAD_SIZE).fill(0));
    // Every slot parses a request from its zeroed head.
    const request = Buffer.from("GET /x HTTP/1.1\r\nHost: x\r\n\r\n", "latin1");
    const taken: number[] = [];
    for (let i = 0; i < SLOTS; i++) {
      const slot = core.acquire();
      expect(slot).not.toBe(NO_SLOT);
      taken.push(slot);
      const input = core.slotInput(slot);
      new Uint8Array(core.memory.buffer).set(request, input);
      expect(core.parse(slot, input, request.length)).toBe(request.length);
    }
    expect(taken.sort()).toEqual([0, 1, 2, 3]);
  });
});
