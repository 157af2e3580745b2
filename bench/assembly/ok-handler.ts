// The smallest wasi:http handler this bench could write: 200, "content-length:
// 2", body "ok", whatever the request. No router, parser, pool or start-up:
// under `wasmtime serve` (an instance per request) it measures wasmtime's own
// floor per request (instantiate, the resource calls, the HTTP exchange),
// next to asedge's reference component (bench/wasi/wasmtime-floor.ts).
// The same imports as asedge's component (assembly/wasi/imports.ts); built
// with asc (stub runtime) and wrapped by scripts/build-component.mjs's componentOf.

import * as w from "../../assembly/wasi/imports";

const RET = memory.data(16, 8);
const LENGTH_NAME = memory.data<u8>([99, 111, 110, 116, 101, 110, 116, 45, 108, 101, 110, 103, 116, 104]); // "content-length"
const LENGTH_VALUE = memory.data<u8>([50]); // "2"
const BODY = memory.data<u8>([111, 107]); // "ok"
// One field: name ptr, name len, value ptr, value len (list<tuple<string, list<u8>>>).
const FIELD = memory.data(16, 4);

/** Canonical-ABI allocator, required of a component's module; no call here hands it a list. */
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  return heap.realloc(oldPtr, newSize);
}

export function handle(request: i32, out: i32): void {
  w.dropIncomingRequest(request);
  store<u32>(FIELD, <u32>LENGTH_NAME);
  store<u32>(FIELD, 14, 4);
  store<u32>(FIELD, <u32>LENGTH_VALUE, 8);
  store<u32>(FIELD, 1, 12);
  w.fieldsFromList(FIELD, 1, RET);
  const response = w.newOutgoingResponse(load<i32>(RET, 4));
  w.outgoingResponseBody(response, RET);
  const body = load<i32>(RET, 4);
  w.responseOutparamSet(out, 0, response, 0, 0, 0, 0, 0, 0);
  w.outgoingBodyWrite(body, RET);
  const stream = load<i32>(RET, 4);
  w.outputBlockingWriteAndFlush(stream, BODY, 2, RET);
  w.dropOutputStream(stream);
  w.outgoingBodyFinish(body, 0, 0, RET);
}
