// Entry of an AssemblyScript app .wasm for slot hosts (Node, fetch-style):
// one call per request that routes, runs the AS handlers and writes the whole
// response into the slot. It is compiled beside the core's boundary
// (../abi.ts, a second entry file), so the host's parser, slots and limits
// work unchanged.
//
//   host: parse(slot, …) as for any app
//         len = handle(slot, flags, latencyUs)
//                                     response at REQ_RESPONSE_START, len bytes;
//                                     flags are respond()'s RESPOND_FLAG_* (CLOSE,
//                                     RELEASE: the slot is released by this call);
//                                     latencyUs: since the request's first byte (metrics)
//         (a trap in a handler → len = handleFailed(slot, flags, latencyUs): the 500)
//         release(slot)               unless RELEASE was passed and len ≥ 0
//
// Build: asc assembly/abi.ts assembly/app/entry.ts <app.ts> --runtime ./assembly/runtime/arena-runtime …
// (scripts/build-app.mjs; `asedge build`).

import { respond, RESPOND_BAD_REGION } from "../slot/respond";
import { dispatch, dispatchFailed } from "./app";
import { Context } from "./context";

/** Version of this app ABI (handle/handleFailed), beside the core's ABI_VERSION. */
export const APP_ABI_VERSION: u32 = 1;

/**
 * Route the request parsed in `slot`, run its handlers and write the
 * response into the slot: its length (start at REQ_RESPONSE_START), or a
 * negative RESPOND_* code when it could not be written.
 */
export function handle(slot: u32, flags: u32, latencyUs: u32): i32 {
  return send(slot, dispatch(slot), flags, latencyUs);
}

/** The app's 500 for `slot` after a handler trapped (call instead of handle's result). */
export function handleFailed(slot: u32, flags: u32, latencyUs: u32): i32 {
  return send(slot, dispatchFailed(slot), flags, latencyUs);
}

function send(slot: u32, c: Context, flags: u32, latencyUs: u32): i32 {
  const region = c.layout();
  const length = region == 0 ? RESPOND_BAD_REGION
    : respond(slot, region, c.statusCode, c.contentType, c.linesLen, c.bodyLen, flags, c.route, latencyUs);
  // A body in a lent large slot stays intact until the next call into the
  // instance, as a released slot's response does: the host copies it out first.
  c.releaseLent();
  return length;
}
