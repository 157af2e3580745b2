// Shared by the http specs: bytes in linear memory and a fresh parser slot.
import { RequestHead, REQUEST_HEAD_SIZE, HEADER_ENTRY_SIZE } from "../request";
import { limits } from "../limits";
import { parseRequest } from "../parser";

/** Copy an ASCII/latin1 string into fresh memory as bytes. */
export function put(s: string): usize {
  const p = heap.alloc(max(s.length, 1));
  for (let i = 0; i < s.length; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  return p;
}

/** A zeroed RequestHead with its header table right after it. */
export function freshHead(): RequestHead {
  const size = REQUEST_HEAD_SIZE + HEADER_ENTRY_SIZE * limits.maxHeaders;
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return changetype<RequestHead>(p);
}

export function tableOf(req: RequestHead): usize {
  return changetype<usize>(req) + REQUEST_HEAD_SIZE;
}

/** Parse `s` in one call. */
export function parseOnce(s: string): i32 {
  const req = freshHead();
  return parseRequest(req, tableOf(req), put(s), s.length);
}

/** Parse `s` fed one byte at a time; returns the first non-zero result. */
export function parseBytewise(s: string): i32 {
  const req = freshHead();
  const buf = put(s);
  for (let n = 1; n <= s.length; n++) {
    const r = parseRequest(req, tableOf(req), buf, n);
    if (r != 0) return r;
  }
  return 0;
}

/** The string at span [off, off+len) of `buf`. */
export function spanOf(buf: usize, off: u32, len: u32): string {
  return String.UTF8.decodeUnsafe(buf + off, len);
}
