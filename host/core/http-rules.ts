/**
 * The HTTP rules every host applies to a response, in one place (the
 * AssemblyScript side: assembly/response/rules.ts, checked against this file
 * by tests/response/rules.test.ts in both directions).
 *
 * Bodyless statuses (RFC 9110 §15, RFC 9112 §6.3):
 *   1xx, 204 No Content, 304 Not Modified  no content and no Content-Length
 *                                          (a recipient knows there is none)
 *   205 Reset Content                      no content (§15.3.6: "a server MUST
 *                                          NOT generate content"), and the
 *                                          message must still say so: 205 is
 *                                          not in RFC 9112 §6.3's list of
 *                                          always-empty responses, so without
 *                                          framing a client reads until close.
 *                                          Decision: send Content-Length: 0
 *                                          (the first of §15.3.6's three ways;
 *                                          keeps the connection reusable). A
 *                                          handler's body, string or stream,
 *                                          is dropped. Node's http does not
 *                                          enforce this (it sends a 205's body);
 *                                          we follow the RFC.
 *   a response to HEAD                     no content, but the Content-Length
 *                                          (or Transfer-Encoding) a GET would
 *                                          carry (RFC 9110 §9.3.2). Exception:
 *                                          the wasi entry sends no length on HEAD
 *                                          (a wasi:http outgoing body is checked
 *                                          against the length it declares).
 *
 * Transport headers: framing, connection management and Date belong to the
 * writer of the message (the core's response writer on sockets, the
 * platform on fetch hosts); a handler's values for them are dropped on
 * every host.
 *
 * A request that arrives already parsed (a Web Request, a wasi:http
 * incoming-request) is written into a slot as HTTP/1.1 bytes so the core's
 * parser judges it like socket bytes. One rule, one writer per side
 * (host/wasm-app/fetch.ts requestBytes, assembly/wasi/entry.ts writeHead +
 * frameBody):
 *   METHOD path?query HTTP/1.1
 *   host: <authority>                  (a host field is dropped: the authority is the Host)
 *   every other field as given, except FRAMING_HEADERS
 *   content-length: <body bytes>       when the request has a body, or framed one
 *   (blank line, body)
 */

/** Statuses whose responses carry no content (1xx, 204, 205, 304). */
export function isBodyless(status: number): boolean {
  return status < 200 || status === 204 || status === 205 || status === 304;
}

/** Bodyless statuses that send no Content-Length at all (1xx, 204, 304); 205 sends Content-Length: 0. */
export function omitsContentLength(status: number): boolean {
  return status < 200 || status === 204 || status === 304;
}

/** Request/response fields that frame the body: whoever moves the bytes sets them. */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set(["content-length", "transfer-encoding"]);

/** Headers the writer owns (lower case): framing, connection management, Date. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([...FRAMING_HEADERS, "connection", "keep-alive", "date"]);

/**
 * Whether header name `name` is `lower` (a lower-case name), ignoring ASCII
 * case. No lower-case copy is made: header lists are scanned on every
 * c.header() and at every write, and a copy per entry per scan cost about
 * 1 µs per header on a response with a dozen (bench/results/middleware.md).
 */
export function isHeaderName(name: string, lower: string): boolean {
  const length = name.length;
  if (length !== lower.length) return false;
  for (let i = 0; i < length; i++) {
    const unit = name.charCodeAt(i);
    // A–Z (0x41–0x5a) compare as a–z; nothing else changes.
    if ((unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** TRANSPORT_HEADERS by name length: most names match no length, and are decided without a comparison. */
const TRANSPORT_BY_LENGTH: (string[] | undefined)[] = [];
for (const name of TRANSPORT_HEADERS) (TRANSPORT_BY_LENGTH[name.length] ??= []).push(name);

/** Whether `name` (any case) is one of TRANSPORT_HEADERS. */
export function isTransportHeader(name: string): boolean {
  const candidates = TRANSPORT_BY_LENGTH[name.length];
  if (candidates === undefined) return false;
  for (const candidate of candidates) if (isHeaderName(name, candidate)) return true;
  return false;
}

/**
 * Hop-by-hop fields (lower case): they describe one connection, so a proxy
 * removes them in both directions, together with every field the Connection
 * header lists (RFC 9110 §7.6.1: Connection, Proxy-Connection, Keep-Alive,
 * TE, Transfer-Encoding, Upgrade; RFC 9110 §11.7: Proxy-Authenticate and
 * Proxy-Authorization are for the proxy, not the next hop). Contains every
 * TRANSPORT_HEADERS entry but Content-Length and Date, which are end-to-end
 * (the writer still owns them).
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  "connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade",
  "proxy-authenticate", "proxy-authorization",
]);

/** The field names a Connection header value lists (lower case, trimmed, empty tokens dropped). */
export function connectionListed(value: string | undefined): string[] {
  if (!value) return [];
  const names: string[] = [];
  for (const token of value.split(",")) {
    const name = token.trim().toLowerCase();
    if (name) names.push(name);
  }
  return names;
}
