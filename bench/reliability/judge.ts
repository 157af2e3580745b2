/**
 * The socket fuzz's judge: run one byte stream through the real core the way
 * the Node host does (host/node/connection.ts: one parse() per read over all
 * bytes of the current message so far, the next message in a fresh slot,
 * stop after a message that ends the connection), run the same bytes through
 * llhttp (tests/http/llhttp.ts, driven as Node's server drives it), and compare.
 *
 *   rule                                                   verdict
 *   ─────────────────────────────────────────────────────  ─────────────────
 *   parse() traps or throws                                violation "crash"
 *   whole input and split input give other results         violation "split"
 *   asedge completes a message llhttp rejects              violation "accepts-rejected"
 *   …or where llhttp's message ends elsewhere / not yet    violation "boundary"
 *   …with another method/target/version/headers/body/…     violation "field:<name>"
 *   asedge rejects what llhttp accepts (or still waits on)  difference, by class (below)
 *   asedge still waits where llhttp has rejected           difference "late-rejection"
 *   anything else                                          agreement
 *
 * A difference must match one of DIFFERENCES (each checks that the input
 * really has the property it names, from llhttp's view of the message or the
 * bytes at asedge's error offset); one that matches none is "unclassified"
 * and fails the run like a violation.
 */
import type { CoreExports } from "../../host/core/abi.js";
import { Flag, PARSE_ERRORS, REQ } from "../../host/core/abi.js";
import { DEFAULT_MAX_BODY_BYTES } from "../../host/core/core.js";
import { readRequest, type ParsedRequest } from "../../tests/http/read-request.js";
import { Llhttp, LLHTTP_METHODS, type LlhttpHead } from "../../tests/http/llhttp.js";

// ── asedge, driven as the Node host drives it ───────────────────────────────

export interface AsedgeMessage { start: number; end: number; req: ParsedRequest }

export type StreamEnd =
  /** Rejected: `offset` is absolute in the input. */
  | { kind: "error"; name: string; status: number; offset: number }
  /** The last message is incomplete: more bytes are awaited. */
  | { kind: "pending" }
  /** Every byte belongs to a complete message, and the connection stays open. */
  | { kind: "clean" }
  /** A message ended the connection (Connection: close, HTTP/1.0, upgrade) at `at`; the rest (if any) is never read. */
  | { kind: "closed"; at: number };

export interface AsedgeRun { messages: AsedgeMessage[]; end: StreamEnd }

/**
 * The input sits at the very end of wasm memory (an over-read traps) and
 * arrives in reads cut at `splits`.
 */
export function runAsedge(core: CoreExports, input: Uint8Array, splits: readonly number[] = []): AsedgeRun {
  const base = core.memory.buffer.byteLength - input.length;
  new Uint8Array(core.memory.buffer).set(input, base);
  const messages: AsedgeMessage[] = [];
  let start = 0;
  let slot = core.acquire();
  try {
    for (let s = 0; s <= splits.length; s++) {
      const avail = s < splits.length ? splits[s] : input.length;
      while (start < avail) {
        const result = core.parse(slot, base + start, avail - start);
        if (result === 0) break;
        if (result < 0) {
          const code = -result;
          const offset = new DataView(core.memory.buffer).getUint32(core.slotRequest(slot) + REQ.ERROR_OFFSET, true);
          return { messages, end: { kind: "error", name: PARSE_ERRORS[code]?.[0] ?? `code ${code}`, status: core.errorStatus(code), offset: start + offset } };
        }
        const req = readRequest(core, slot, base + start, result);
        messages.push({ start, end: start + result, req });
        start += result;
        core.release(slot);
        slot = core.acquire();
        if (!req.keepAlive || (req.flags & Flag.UPGRADE) !== 0) {
          return { messages, end: { kind: "closed", at: start } };
        }
      }
    }
    return { messages, end: start === input.length ? { kind: "clean" } : { kind: "pending" } };
  } finally {
    core.release(slot);
  }
}

/** What two runs must agree on (ends, outcome, error code and offset). */
function runKey(run: AsedgeRun): string {
  const e = run.end;
  return run.messages.map((m) => m.end).join(",") + "|" + e.kind + (e.kind === "error" ? `:${e.name}@${e.offset}` : "");
}

// ── llhttp, with message ends known at chosen offsets ───────────────────────

export interface LlhttpMessage { head: LlhttpHead; trailers: string[]; body: Buffer | null }

export interface LlhttpRun {
  /** Heads seen, each with its body and trailers once the message completed (body null until then). */
  messages: LlhttpMessage[];
  completed: number;
  /** Messages completed once the input up to each asked offset was fed. */
  completedAt: Map<number, number>;
  error: { code: string; offset: number } | null;
  upgradeAt: number | null;
}

let current: LlhttpRun;
let bodyParts: Buffer[] = [];
const parser = new Llhttp({
  headersComplete: (head) => {
    current.messages.push({ head, trailers: [], body: null });
    bodyParts = [];
  },
  body: (chunk) => { bodyParts.push(chunk); },
  messageComplete: (trailers) => {
    const m = current.messages[current.completed];
    m.trailers = trailers;
    m.body = Buffer.concat(bodyParts);
    current.completed++;
  },
});

/** Feed `input` to llhttp in pieces cut at `at` (sorted offsets); note how many messages had completed at each. */
export function runLlhttp(input: Uint8Array, at: readonly number[]): LlhttpRun {
  parser.reset();
  current = { messages: [], completed: 0, completedAt: new Map(), error: null, upgradeAt: null };
  let pos = 0;
  for (let i = 0; i <= at.length; i++) {
    const to = i < at.length ? at[i] : input.length;
    if (to < pos) continue;
    if (to > pos) {
      const r = parser.execute(input.subarray(pos, to));
      if (typeof r !== "number") {
        current.error = { code: r.code, offset: pos + r.bytesParsed };
        return current;
      }
      const last = current.messages.at(-1);
      if (last?.head.upgrade && current.completed === current.messages.length) {
        current.upgradeAt = pos + r;
        return current;
      }
      pos = to;
    }
    current.completedAt.set(to, current.completed);
  }
  return current;
}

// ── Differences: where asedge is deliberately stricter ──────────────────────

export interface DifferenceContext {
  input: Uint8Array;
  /** asedge's error, or null when asedge is still waiting or `closesEarly`. */
  error: Extract<StreamEnd, { kind: "error" }> | null;
  /** asedge accepted the message like llhttp but closes the connection after it, where llhttp keeps it alive. */
  closesEarly: boolean;
  /** Where the message asedge rejected (or waits on) starts. */
  start: number;
  /** llhttp's view of that message, when it got as far as its head. */
  theirs: LlhttpMessage | undefined;
  llhttp: LlhttpRun;
}

export interface DifferenceClass {
  /** Why asedge differs here, and that it is deliberate. */
  reason: string;
  /** True when this class explains the difference (checked on the input, not assumed). */
  matches(c: DifferenceContext): boolean;
}

const latin1 = new TextDecoder("latin1");
const headerValues = (m: LlhttpMessage | undefined, name: string, trailers = false): string[] => {
  const list = m ? (trailers ? m.trailers : m.head.headers) : [];
  const out: string[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) if (list[i].toLowerCase() === name) out.push(list[i + 1]);
  return out;
};
/** The request-line of the message at `start` (after llhttp's skipped empty lines), as text. */
const requestLine = (c: DifferenceContext): string => {
  let i = c.start;
  while (c.input[i] === 0x0d || c.input[i] === 0x0a) i++;
  let j = i;
  while (j < c.input.length && c.input[j] !== 0x0d && c.input[j] !== 0x0a) j++;
  return latin1.decode(c.input.subarray(i, j));
};
const errorIs = (c: DifferenceContext, ...names: string[]) => c.error !== null && names.includes(c.error.name);
/** The line (without its CR/LF) holding input offset `at`. */
const lineAt = (input: Uint8Array, at: number): string => {
  let i = Math.min(at, input.length);
  while (i > 0 && input[i - 1] !== 0x0a) i--;
  let j = i;
  while (j < input.length && input[j] !== 0x0d && input[j] !== 0x0a) j++;
  return latin1.decode(input.subarray(i, j));
};
/** asedge's default limits (assembly/http/limits.ts): the fuzz runs with them. */
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
const DEFAULT_MAX_HEADERS = 100;
/** Bytes of the head at `start` (empty lines before it skipped), or of all there is when it has not ended. */
const headBytes = (c: DifferenceContext): number => {
  let i = c.start;
  while (c.input[i] === 0x0d || c.input[i] === 0x0a) i++;
  const end = Buffer.from(c.input.buffer, c.input.byteOffset, c.input.length).indexOf("\r\n\r\n", i);
  return (end === -1 ? c.input.length : end + 4) - i;
};
const MAX_BODY = BigInt(DEFAULT_MAX_BODY_BYTES);
/** The body is declared larger than the limit: by a Content-Length llhttp saw, or by the chunk-size at asedge's error. */
const overBodyLimit = (c: DifferenceContext): boolean => {
  if (headerValues(c.theirs, "content-length").some((v) => /^[0-9]+$/.test(v) && BigInt(v) > MAX_BODY)) return true;
  const size = /^[0-9a-fA-F]+/.exec(lineAt(c.input, c.error!.offset))?.[0];
  return size !== undefined && BigInt("0x" + size) > MAX_BODY;
};
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** RFC 9112 §7.1.1 chunk-size [ chunk-ext ]: the line as it must be (BWS around ";" and "=" allowed). */
const CHUNK_LINE = new RegExp(`^[0-9A-Fa-f]+(?:[ \\t]*;[ \\t]*${TOKEN}(?:[ \\t]*=[ \\t]*(?:${TOKEN}|"(?:[\\t !#-\\[\\]-~\\x80-\\xff]|\\\\[\\t -~\\x80-\\xff])*"))?)*$`);

/** The request-line's target has the form RFC 9112 §3.2 gives its method. */
const targetFormOk = (line: string): boolean => {
  const [method, target = ""] = line.split(" ");
  if (method === "CONNECT") return /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+):[0-9]+$/.test(target);
  if (target === "*") return method === "OPTIONS";
  return target.startsWith("/") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(target);
};

/**
 * Each class of difference, with its reason. The order matters only for
 * reporting: the first that matches names the difference.
 */
export const DIFFERENCES: Record<string, DifferenceClass> = {
  "missing-host": {
    reason: "RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host; llhttp does not look at Host.",
    matches: (c) => errorIs(c, "MISSING_HOST") && c.theirs !== undefined && c.theirs.head.versionMinor === 1 &&
      headerValues(c.theirs, "host").length === 0,
  },
  "duplicate-host": {
    reason: "RFC 9112 §3.2: more than one Host field MUST get 400 (two hosts is a routing-confusion vector); llhttp does not look at Host.",
    matches: (c) => errorIs(c, "DUPLICATE_HOST") && headerValues(c.theirs, "host").length > 1,
  },
  "http/0.9": {
    reason: "RFC 9112 has no HTTP/0.9: a request-line without a version is invalid (400). llhttp reads `method SP target` + CRLF or bare LF as HTTP/0.9, and then even reads header fields and a body after it.",
    matches: (c) => c.error !== null &&
      (c.theirs ? c.theirs.head.versionMajor === 0 && c.theirs.head.versionMinor === 9 : requestLine(c).split(" ").length === 2) &&
      !latin1.decode(c.input.subarray(c.start, c.error.offset)).replace(/^[\r\n]+/, "").includes("\n"),
  },
  "version-not-1.x": {
    reason: "asedge speaks HTTP/1.0 and 1.1 only and answers 505 to other well-formed versions; llhttp accepts HTTP/0.9 and 2.0 heads too.",
    matches: (c) => errorIs(c, "UNSUPPORTED_VERSION") && (c.theirs
      ? !(c.theirs.head.versionMajor === 1 && c.theirs.head.versionMinor <= 1)
      : /^HTTP\/[02-9]\.[0-9]$|^HTTP\/1\.[2-9]$/.test(requestLine(c).split(" ")[2] ?? "")),
  },
  "request-line-spaces": {
    reason: "RFC 9112 §3: the request-line is method SP target SP version, one SP each; llhttp skips repeated SPs.",
    matches: (c) => errorIs(c, "INVALID_REQUEST_LINE") && / {2}/.test(requestLine(c)),
  },
  "request-target-form": {
    reason: "RFC 9112 §3.2: a target is origin-form (`/…`), absolute-form (`scheme:…`), authority-form (`host:port`, CONNECT only, and CONNECT only that) or asterisk-form (`*`, OPTIONS only); llhttp takes any URL characters with any method (`*/x`, `GET *`, `CONNECT host` without a port).",
    matches: (c) => errorIs(c, "INVALID_TARGET") && !targetFormOk(requestLine(c)),
  },
  "transfer-encoding-empty-element": {
    reason: "asedge rejects empty members in the Transfer-Encoding list (`, chunked`, an empty field) where llhttp skips them (and so takes an all-empty TE as none, next to a Content-Length). RFC 9110 §5.6.1 lets a recipient ignore empty elements; for the one field request smuggling plays on, asedge refuses anything but a clean list (400).",
    matches: (c) => errorIs(c, "TE_NOT_CHUNKED", "TE_WITH_CONTENT_LENGTH") &&
      headerValues(c.theirs, "transfer-encoding").join(",").split(",").some((v) => v.trim() === ""),
  },
  "connect-with-transfer-encoding": {
    reason: "llhttp ignores body framing on CONNECT (what follows the head is the tunnel); asedge still checks the framing fields a CONNECT head carries and rejects a Transfer-Encoding that does not end in chunked.",
    matches: (c) => errorIs(c, "TE_NOT_CHUNKED") && c.theirs !== undefined && LLHTTP_METHODS[c.theirs.head.method] === "CONNECT" &&
      headerValues(c.theirs, "transfer-encoding").length > 0,
  },
  "forbidden-trailer": {
    reason: "RFC 9110 §6.5.1: trailers must not carry framing, routing or connection fields (Host, Content-Length, Transfer-Encoding, Connection, Expect, Upgrade); llhttp passes any trailer.",
    matches: (c) => errorIs(c, "INVALID_TRAILER") &&
      ["host", "content-length", "transfer-encoding", "connection", "expect", "upgrade"].some((n) => headerValues(c.theirs, n, true).length > 0),
  },
  "chunk-ext-not-rfc-9112": {
    reason: "RFC 9112 §7.1.1: chunk-ext = *( BWS \";\" BWS token [ BWS \"=\" BWS ( token / quoted-string ) ] ); llhttp accepts some lines outside it (an empty name, `;a=`).",
    matches: (c) => errorIs(c, "INVALID_CHUNK_EXTENSION") && !CHUNK_LINE.test(lineAt(c.input, c.error!.offset)),
  },
  "over-body-limit": {
    reason: "The host's maxBodyBytes (1 MiB default) answers 413 as soon as Content-Length or a chunk-size exceeds it (400 when the number does not even fit in 53 bits); llhttp has no body limit and waits for the bytes.",
    matches: (c) => errorIs(c, "BODY_TOO_LARGE", "CONTENT_LENGTH_OVERFLOW", "CHUNK_SIZE_OVERFLOW") && overBodyLimit(c),
  },
  "http/1.0-transfer-encoding-closes": {
    reason: "RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing, and the server MUST close the connection after it; llhttp keeps it alive on `Connection: keep-alive`.",
    matches: (c) => c.closesEarly && c.theirs?.head.versionMinor === 0 && headerValues(c.theirs, "transfer-encoding").length > 0,
  },
  "connection-close-trailing-htab": {
    reason: "`Connection: close` followed by HTAB (OWS, RFC 9110 §5.6.3) still means close; asedge closes, llhttp misses the token (it trims SP but not HTAB) and keeps the connection alive.",
    matches: (c) => c.closesEarly && c.theirs?.head.versionMinor === 1 &&
      headerValues(c.theirs, "connection").some((v) => v.split(",").some((t) => t.trim().toLowerCase() === "close")),
  },
  "head-size-limit": {
    reason: "The host's maxHeaderBytes (16 KiB default: request-line + header section) answers 431 from byte 16,385 on; llhttp counts Node's 16 KiB (--max-http-header-size) over fewer bytes of the head and accepts heads a few dozen bytes longer (measured: up to ~16,410 bytes with a 16-byte request-line).",
    matches: (c) => errorIs(c, "HEADERS_TOO_LARGE") && headBytes(c) > DEFAULT_MAX_HEADER_BYTES,
  },
  "too-many-fields": {
    reason: "The host's maxHeaders (100 fields default) answers 431; llhttp has no count limit (node:http keeps the first 2000 fields and drops the rest).",
    matches: (c) => errorIs(c, "TOO_MANY_HEADERS") && c.theirs !== undefined && c.theirs.head.headers.length / 2 > DEFAULT_MAX_HEADERS,
  },
  "connection-keep-alive-trailing-htab": {
    reason: "HTTP/1.0 `Connection: keep-alive` followed by HTAB (OWS, RFC 9110 §5.6.3) still asks to keep the connection: asedge does and reads the next request; llhttp (it trims SP but not HTAB) misses the token, closes, and refuses what follows (HPE_CLOSED_CONNECTION). Only the reuse of the connection differs, never a message's bytes or boundaries; a client that meant keep-alive is served as it asked.",
    matches: (c) => c.error === null && !c.closesEarly && keepAliveAfterHtab(c),
  },
  "late-rejection": {
    reason: "asedge rejects at the first offending byte, except for a few verdicts it reaches later, each within a bound (assembly/http/head.ts): an unknown method at its SP (≤ 11 bytes later, so 501 for an unknown token stays apart from 400 for a non-token), a CONNECT target's port at the target's end, Content-Length / Transfer-Encoding / duplicate and trailer rules at the end of the field section; llhttp rejects at the byte. Nothing is accepted meanwhile.",
    matches: (c) => c.error === null && !c.closesEarly && c.llhttp.error !== null,
  },
};

export function classifyDifference(c: DifferenceContext): string | null {
  for (const [name, cls] of Object.entries(DIFFERENCES)) if (cls.matches(c)) return name;
  return null;
}

// ── The verdict on one case ─────────────────────────────────────────────────

/** What a side made of the stream: an error anywhere = reject; else ≥ 1 complete message = accept. */
export type SideOutcome = "accept" | "reject" | "incomplete";

export type Verdict =
  | { kind: "agree" }
  | { kind: "difference"; cls: string }
  | { kind: "violation"; what: string; detail: string };

export interface Judged {
  verdict: Verdict;
  asedge: SideOutcome;
  llhttp: SideOutcome;
  /** Messages asedge accepted (the socket level expects that many normal answers). */
  run: AsedgeRun;
}

const flatten = (pairs: [string, string][]): string[] => pairs.flat();
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * An HTTP/1.0 message whose Connection field holds `keep-alive` only once
 * HTAB is trimmed as OWS (RFC 9110 §5.6.3): asedge keeps the connection
 * alive, llhttp (which trims SP but not HTAB) does not recognise the token.
 * Only the reuse of the connection differs, never a message's bytes.
 */
function keepAliveAfterHtab(c: DifferenceContext): boolean {
  if (c.theirs?.head.versionMinor !== 0) return false;
  // llhttp hands JS the value with the HTAB trimmed, so read the raw field lines.
  const text = Buffer.from(c.input.subarray(c.start)).toString("latin1");
  const head = text.slice(0, text.indexOf("\r\n\r\n") + 2);
  return [...head.matchAll(/\r\nconnection:([^\r]*)\r\n/gi)].some(([, value]) => value.split(",").some((t) =>
    t.replace(/^[ \t]+|[ \t]+$/g, "").toLowerCase() === "keep-alive" && t.replace(/^ +| +$/g, "").toLowerCase() !== "keep-alive"));
}

/** First field of an accepted message on which the two parsers disagree, or null. */
function fieldMismatch(ours: ParsedRequest, theirs: LlhttpMessage): string | null {
  const h = theirs.head;
  if (ours.method !== LLHTTP_METHODS[h.method]) return `method: ${ours.method} vs ${LLHTTP_METHODS[h.method]}`;
  if (ours.target !== h.url) return `target: ${JSON.stringify(ours.target)} vs ${JSON.stringify(h.url)}`;
  if (ours.version !== `${h.versionMajor}.${h.versionMinor}`) return `version: ${ours.version} vs ${h.versionMajor}.${h.versionMinor}`;
  if (!same(flatten(ours.headers), h.headers)) return `headers: ${JSON.stringify(ours.headers)} vs ${JSON.stringify(h.headers)}`;
  if (!same(flatten(ours.trailers), theirs.trailers)) return `trailers: ${JSON.stringify(ours.trailers)} vs ${JSON.stringify(theirs.trailers)}`;
  if (ours.body !== theirs.body!.toString("latin1")) return `body: ${JSON.stringify(ours.body)} vs ${JSON.stringify(theirs.body!.toString("latin1"))}`;
  if (ours.keepAlive !== h.shouldKeepAlive) return `keepAlive: ${ours.keepAlive} vs ${h.shouldKeepAlive}`;
  if (((ours.flags & Flag.UPGRADE) !== 0) !== h.upgrade) return `upgrade: ${(ours.flags & Flag.UPGRADE) !== 0} vs ${h.upgrade}`;
  return null;
}

function sideOf(run: AsedgeRun): SideOutcome {
  return run.end.kind === "error" ? "reject" : run.messages.length > 0 ? "accept" : "incomplete";
}

/** Judge one input, arriving whole and in reads cut at `splits`. */
export function judge(core: CoreExports, input: Uint8Array, splits: readonly number[]): Judged {
  let run: AsedgeRun;
  let split: AsedgeRun;
  try {
    run = runAsedge(core, input);
    split = runAsedge(core, input, splits);
  } catch (error) {
    const empty: AsedgeRun = { messages: [], end: { kind: "pending" } };
    return { verdict: { kind: "violation", what: "crash", detail: String(error) }, asedge: "reject", llhttp: "reject", run: empty };
  }
  const asedge = sideOf(run);
  if (runKey(run) !== runKey(split)) {
    return { verdict: { kind: "violation", what: "split", detail: `whole ${runKey(run)} vs split ${runKey(split)}` }, asedge, llhttp: asedge, run };
  }
  // llhttp reads only what the host would read: up to where asedge closed the connection.
  const seen = run.end.kind === "closed" ? input.subarray(0, run.end.at) : input;
  const at: number[] = [];
  for (const m of run.messages) at.push(m.end - 1, m.end);
  const theirs = runLlhttp(seen, at);
  const llhttp: SideOutcome = theirs.error ? "reject" : theirs.completed > 0 ? "accept" : "incomplete";
  const result = (verdict: Verdict): Judged => ({ verdict, asedge, llhttp, run });

  for (let i = 0; i < run.messages.length; i++) {
    const m = run.messages[i];
    const before = theirs.completedAt.get(m.end - 1);
    const after = theirs.completedAt.get(m.end);
    if (after === undefined) {
      // llhttp stopped before this message ended: an error, or an upgrade earlier than asedge's.
      if (theirs.error) return result({ kind: "violation", what: "accepts-rejected", detail: `message ${i} (ends at ${m.end}): llhttp ${theirs.error.code} at ${theirs.error.offset}` });
      if (theirs.upgradeAt !== null && theirs.upgradeAt !== m.end) return result({ kind: "violation", what: "boundary", detail: `message ${i}: asedge ends at ${m.end}, llhttp upgrades at ${theirs.upgradeAt}` });
    } else if (after !== i + 1 || (before !== undefined && before !== i)) {
      return result({ kind: "violation", what: "boundary", detail: `message ${i}: asedge ends at ${m.end}, llhttp completed ${before}→${after} messages at ${m.end - 1}→${m.end}` });
    }
    const mismatch = fieldMismatch(m.req, theirs.messages[i]);
    if (mismatch?.startsWith("keepAlive: false") && i === run.messages.length - 1) {
      const context = { input: seen, error: null, closesEarly: true, start: m.start, theirs: theirs.messages[i], llhttp: theirs };
      return result({ kind: "difference", cls: classifyDifference(context) ?? `unclassified: asedge closes after message ${i}, llhttp keeps alive` });
    }
    if (mismatch?.startsWith("keepAlive: true")) {
      const context = { input: seen, error: null, closesEarly: false, start: m.start, theirs: theirs.messages[i], llhttp: theirs };
      const cls = classifyDifference(context);
      if (cls) return result({ kind: "difference", cls });
    }
    if (mismatch) return result({ kind: "violation", what: `field:${mismatch.slice(0, mismatch.indexOf(":"))}`, detail: `message ${i}: ${mismatch}` });
  }

  const k = run.messages.length;
  const start = k ? run.messages[k - 1].end : 0;
  const end = run.end;
  if (end.kind === "clean" || end.kind === "closed") return result({ kind: "agree" });
  if (end.kind === "pending") {
    // Both waiting, or llhttp already rejected (late rejection); llhttp completing a message asedge is still reading is a boundary violation.
    if (theirs.completed > k && !theirs.error) return result({ kind: "violation", what: "boundary", detail: `llhttp completed message ${k} that asedge still reads` });
    if (!theirs.error) return result({ kind: "agree" });
  } else if (theirs.error && theirs.completed === k) {
    return result({ kind: "agree" });
  }
  const cls = classifyDifference({ input: seen, error: end.kind === "error" ? end : null, closesEarly: false, start, theirs: theirs.messages[k], llhttp: theirs });
  return result({ kind: "difference", cls: cls ?? `unclassified: asedge ${end.kind === "error" ? end.name : "pending"}, llhttp ${theirs.error?.code ?? (theirs.completed > k ? "accepts" : "pending")}` });
}

