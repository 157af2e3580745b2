// wasi:http@0.2.0 (proxy world) imports, declared by hand in canonical-ABI
// form (there is no AssemblyScript bindgen). Handles are i32; results that
// do not fit one flat value come back through a return area `ret`:
//
//   method          ret: u8 case (get head post put delete connect options
//                        trace patch other) │ pad │ other: ptr u32, len u32
//   option<string>  ret: u8 some │ pad │ ptr u32 │ len u32
//   result<own<T>>  ret: u8 is-err │ pad │ handle u32
//   list<…>         ret: ptr u32 │ len u32
//   blocking-read   ret: u8 is-err │ pad │ ok: ptr u32, len u32
//                                       │ err: u8 closed? │ pad │ error u32
//
// Lists the host returns are allocated through our cabi_realloc (entry.ts).

// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-request.method")
export declare function requestMethod(request: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-request.path-with-query")
export declare function requestPathWithQuery(request: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-request.authority")
export declare function requestAuthority(request: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-request.headers")
export declare function requestHeaders(request: i32): i32;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-request.consume")
export declare function requestConsume(request: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]fields.entries")
export declare function fieldsEntries(fields: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[static]fields.from-list")
export declare function fieldsFromList(entries: usize, count: u32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]incoming-body.stream")
export declare function incomingBodyStream(body: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[constructor]outgoing-response")
export declare function newOutgoingResponse(headers: i32): i32;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]outgoing-response.set-status-code")
export declare function setStatusCode(response: i32, status: u32): i32;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]outgoing-response.body")
export declare function outgoingResponseBody(response: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[method]outgoing-body.write")
export declare function outgoingBodyWrite(body: i32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[static]outgoing-body.finish")
export declare function outgoingBodyFinish(body: i32, hasTrailers: u32, trailers: i32, ret: usize): void;
// response-outparam.set(param, result<own<outgoing-response>, error-code>),
// flattened: the result's case, then the joined payload of ok / error-code.
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[static]response-outparam.set")
export declare function responseOutparamSet(param: i32, isErr: u32, response: i32, p2: i32, p3: i64, p4: i32, p5: i32, p6: i32, p7: i32): void;

// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[resource-drop]incoming-request")
export declare function dropIncomingRequest(handle: i32): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[resource-drop]incoming-body")
export declare function dropIncomingBody(handle: i32): void;
// @ts-ignore: decorator
@external("wasi:http/types@0.2.0", "[resource-drop]fields")
export declare function dropFields(handle: i32): void;

// @ts-ignore: decorator
@external("wasi:io/streams@0.2.0", "[method]input-stream.blocking-read")
export declare function inputBlockingRead(stream: i32, len: u64, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:io/streams@0.2.0", "[method]output-stream.blocking-write-and-flush")
export declare function outputBlockingWriteAndFlush(stream: i32, ptr: usize, len: u32, ret: usize): void;
// @ts-ignore: decorator
@external("wasi:io/streams@0.2.0", "[resource-drop]input-stream")
export declare function dropInputStream(handle: i32): void;
// @ts-ignore: decorator
@external("wasi:io/streams@0.2.0", "[resource-drop]output-stream")
export declare function dropOutputStream(handle: i32): void;
