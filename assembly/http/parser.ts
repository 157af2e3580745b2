// HTTP/1.1 request parser (being written; see issue 2).
import { RequestHead, NEED_MORE } from "./request";

export function parseRequest(req: RequestHead, headers: usize, buf: usize, len: u32): i32 {
  return NEED_MORE;
}
