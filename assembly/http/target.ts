// Request-target forms (RFC 9112 §3.2), checked against llhttp's URL byte
// sets and split into path and query spans.
//
//   origin-form     /path?query#fragment   any method
//   absolute-form   scheme://authority/path?query#fragment
//                   (path may be empty: "http://a?x" → path "", query "x")
//   authority-form  host:port              CONNECT only, and CONNECT only
//   asterisk-form   *                      OPTIONS only
//
// Stricter than llhttp (each still rejected by RFC 9112): "*" outside
// OPTIONS, "*…" other than "*", CONNECT without host:port, empty authority.
// The fragment (llhttp accepts it) is in neither the path nor the query.
import {
  RequestHead, FLAG_HAS_QUERY, FLAG_ABSOLUTE_FORM, FLAG_ASTERISK_FORM, FLAG_AUTHORITY_FORM,
} from "./request";
import { ParseError } from "./errors";
import { METHOD_CONNECT, METHOD_OPTIONS } from "./methods";
import { classOf, C_TARGET, C_PATH, C_AUTHORITY, C_ALPHA } from "./chars";
import { fail } from "./fail";

const SLASH: u32 = 0x2F;
const QUESTION: u32 = 0x3F;
const HASH: u32 = 0x23;
const STAR: u32 = 0x2A;
const COLON: u32 = 0x3A;

/** Bytes [ts, te) are the target of a `method` request: set spans and form flags. */
export function parseTarget(req: RequestHead, buf: usize, ts: u32, te: u32, method: u32): i32 {
  const first = <u32>load<u8>(buf + ts);
  if (method == METHOD_CONNECT) return parseAuthorityForm(req, buf, ts, te);
  if (first == SLASH) return parsePathAndQuery(req, buf, ts, te);
  if (first == STAR) {
    if (te - ts != 1 || method != METHOD_OPTIONS) return fail(req, ParseError.INVALID_TARGET, ts);
    req.flags |= FLAG_ASTERISK_FORM;
    req.pathOff = ts;
    req.pathLen = 1;
    req.queryOff = te;
    return 0;
  }
  if (classOf(first) & C_ALPHA) return parseAbsoluteForm(req, buf, ts, te);
  return fail(req, ParseError.INVALID_TARGET, ts);
}

/** scheme "://" authority [path-abempty] [ "?" query ] [ "#" fragment ] */
function parseAbsoluteForm(req: RequestHead, buf: usize, ts: u32, te: u32): i32 {
  let i = ts;
  while (i < te && (classOf(load<u8>(buf + i)) & C_ALPHA)) i++; // scheme: ALPHA+ (llhttp)
  if (te - i < 3 || load<u8>(buf + i) != COLON || load<u8>(buf + i + 1) != SLASH
    || load<u8>(buf + i + 2) != SLASH) return fail(req, ParseError.INVALID_TARGET, i);
  i += 3;
  const authority = i;
  while (i < te && (classOf(load<u8>(buf + i)) & C_AUTHORITY)) i++;
  if (i == authority) return fail(req, ParseError.INVALID_TARGET, i);
  if (i < te) {
    const c = <u32>load<u8>(buf + i);
    if (c != SLASH && c != QUESTION) return fail(req, ParseError.INVALID_TARGET, i);
  }
  req.flags |= FLAG_ABSOLUTE_FORM;
  return parsePathAndQuery(req, buf, i, te);
}

/** host ":" port, port = 1*DIGIT. */
function parseAuthorityForm(req: RequestHead, buf: usize, ts: u32, te: u32): i32 {
  let colon: u32 = 0;
  for (let i = ts; i < te; i++) {
    const c = <u32>load<u8>(buf + i);
    if (!(classOf(c) & C_AUTHORITY)) return fail(req, ParseError.INVALID_TARGET, i);
    if (c == COLON) colon = i;
  }
  if (colon <= ts || colon + 1 == te) return fail(req, ParseError.INVALID_TARGET, ts);
  for (let i = colon + 1; i < te; i++) {
    if (<u32>load<u8>(buf + i) - 0x30 > 9) return fail(req, ParseError.INVALID_TARGET, i);
  }
  req.flags |= FLAG_AUTHORITY_FORM;
  req.pathOff = te;
  req.queryOff = te;
  return 0;
}

/** [path] [ "?" query ] [ "#" fragment ] from `i` to `te`. */
function parsePathAndQuery(req: RequestHead, buf: usize, i: u32, te: u32): i32 {
  const path = i;
  while (i < te && (classOf(load<u8>(buf + i)) & C_PATH)) i++;
  req.pathOff = path;
  req.pathLen = i - path;
  req.queryOff = i;
  if (i == te) return 0;
  let c = <u32>load<u8>(buf + i);
  if (c == QUESTION) {
    req.flags |= FLAG_HAS_QUERY;
    const query = ++i;
    while (i < te) {
      c = <u32>load<u8>(buf + i);
      if (!(classOf(c) & C_PATH) && c != QUESTION) break;
      i++;
    }
    req.queryOff = query;
    req.queryLen = i - query;
    if (i == te) return 0;
  }
  if (c != HASH) return fail(req, ParseError.INVALID_TARGET, i);
  for (i++; i < te; i++) {
    if (!(classOf(load<u8>(buf + i)) & C_TARGET)) return fail(req, ParseError.INVALID_TARGET, i);
  }
  return 0;
}
