/**
 * WASM arena room for work on a request's bytes (the JSON reader, schema
 * validation). On the Node host the request owns a slot whose arena already
 * holds its body. Fetch-host requests hold no slot while their handlers run:
 * a slot is taken for the work and given back right after it, never across
 * an await (read the body first).
 */
import type { Core } from "../core/core.js";
import type { AppRequest } from "./request.js";

/** Bytes in an arena; `ptr` 0 when the arena had no room for them. */
export interface ArenaSpan {
  ptr: number;
  length: number;
}

const NO_ROOM: ArenaSpan = { ptr: 0, length: 0 };

/** The slot for this request's WASM work, or NO_SLOT when a fetch host has none free; pair with releaseSlot. */
export function takeSlot(req: AppRequest): number {
  return req.heldSlot ?? req.core.exports.acquire();
}

/** Give back a slot takeSlot() took (a slot host's request keeps its own). */
export function releaseSlot(req: AppRequest, slot: number): void {
  if (req.heldSlot === undefined) req.core.exports.release(slot);
}

/** The body bytes a fetch host must copy into an arena (undefined on a slot host: they are there). */
export async function bodyToCopy(req: AppRequest): Promise<Uint8Array | undefined> {
  return req.heldSlot !== undefined ? undefined : new Uint8Array(await req.arrayBuffer());
}

/** The body in `slot`'s arena: where it lies (slot hosts), or `copy` copied there. */
export function bodyInArena(req: AppRequest, slot: number, copy: Uint8Array | undefined): ArenaSpan {
  if (copy) return bytesInArena(req.core, slot, copy);
  const body = req.bodyView();
  return { ptr: body.byteOffset, length: body.length };
}

/** Copy `bytes` into `slot`'s arena. */
export function bytesInArena(core: Core, slot: number, bytes: Uint8Array): ArenaSpan {
  const ptr = core.exports.slotAlloc(slot, Math.max(bytes.length, 1), 1);
  if (ptr === 0) return NO_ROOM;
  core.u8.set(bytes, ptr);
  return { ptr, length: bytes.length };
}

/** Encode `text` as UTF-8 into `slot`'s arena. */
export function textInArena(core: Core, slot: number, text: string): ArenaSpan {
  const max = Math.max(text.length * 3, 1); // UTF-8 is at most 3 bytes per UTF-16 unit
  const ptr = core.exports.slotAlloc(slot, max, 1);
  if (ptr === 0) return NO_ROOM;
  return { ptr, length: core.writeUtf8(text, ptr, max) };
}
