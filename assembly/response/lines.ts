// Common response header lines, pre-serialized to bytes once at start-up.
//
// id line
//  0 (none)
//  1 Content-Type: text/plain; charset=UTF-8\r\n
//  2 Content-Type: application/json\r\n
//  3 Content-Type: text/html; charset=UTF-8\r\n
//  4 Content-Type: application/octet-stream\r\n
//  5 Connection: close\r\n
//  6 Connection: keep-alive\r\n
//  7 Content-Length: 
//  8 \r\n
//  9 Transfer-Encoding: chunked\r\n

import { writeAscii } from "../util/bytes";

export const CONTENT_NONE: u32 = 0;
export const CONTENT_TEXT: u32 = 1;
export const CONTENT_JSON: u32 = 2;
export const CONTENT_HTML: u32 = 3;
export const CONTENT_OCTET: u32 = 4;
/** One past the last content-type id. */
export const CONTENT_TYPE_COUNT: u32 = 5;

export const LINE_CONNECTION_CLOSE: u32 = 5;
export const LINE_CONNECTION_KEEP_ALIVE: u32 = 6;
export const LINE_CONTENT_LENGTH: u32 = 7;
export const LINE_CRLF: u32 = 8;
export const LINE_TRANSFER_CHUNKED: u32 = 9;

const TEXTS: StaticArray<string> = [
  "",
  "Content-Type: text/plain; charset=UTF-8\r\n",
  "Content-Type: application/json\r\n",
  "Content-Type: text/html; charset=UTF-8\r\n",
  "Content-Type: application/octet-stream\r\n",
  "Connection: close\r\n",
  "Connection: keep-alive\r\n",
  "Content-Length: ",
  "\r\n",
  "Transfer-Encoding: chunked\r\n",
];

// index[id] = offset << 8 | length into `bytes`
const index = memory.data(10 << 2);
let bytes: usize = 0;

function build(): void {
  let size: u32 = 0;
  for (let i = 0; i < TEXTS.length; i++) size += <u32>unchecked(TEXTS[i]).length;
  bytes = heap.alloc(size);
  let pos: u32 = 0;
  for (let i = 0; i < TEXTS.length; i++) {
    const n = writeAscii(bytes + pos, unchecked(TEXTS[i]));
    store<u32>(index + (<usize>i << 2), pos << 8 | n);
    pos += n;
  }
}
build();

/** Length of line `id`. */
// @ts-ignore: decorator
@inline export function lineLength(id: u32): u32 {
  return load<u32>(index + (<usize>id << 2)) & 0xff;
}

/** Copy line `id` to dst; returns its length. */
export function writeLine(dst: usize, id: u32): u32 {
  const entry = load<u32>(index + (<usize>id << 2));
  const len = entry & 0xff;
  memory.copy(dst, bytes + (entry >>> 8), len);
  return len;
}
