/**
 * replay(): the record/replay middleware, runtime-free. In front of a
 * handler that reaches an upstream (usually proxy()), it answers from a
 * recording, or lets the request through and records the answer.
 *
 *   request ─▶ fingerprint (WASM) ─▶ occurrence n of (fingerprint, session)
 *        ├─ replay modes: the recording's n-th answer for it ──────────────▶ answer (no upstream)
 *        └─ record modes, or a miss in replay-or-record: next() ─▶ redact ─▶ check secrets ─▶ append
 *
 * Modes:
 *   replay            answer only from the recording; a request repeated more often than recorded
 *                     gets the last recorded answer again; a miss is 404 with the miss report
 *   lockdown          replay, exactly: the n-th identical request needs the n-th recorded answer;
 *                     a miss (or one repeat too many) is 502 with the miss report
 *   replay-or-record  replay what is recorded; a miss goes upstream and is recorded (new episodes)
 *   record            always upstream; every exchange recorded
 *   passthrough       always upstream; nothing recorded
 *
 * Ordering: each (fingerprint, session) counts its requests from 0; the
 * session is the value of X-Asedge-Session (configurable; "" without it),
 * and `reset(session)` starts a session's counts again. With `chain: true`
 * each fingerprint is mixed with the session's previous one (the request's
 * place in the sequence counts too).
 *
 * Replayed answers carry the recorded status and headers and the stored
 * (decoded) body; Content-Length, Date and the framing are the host's.
 */
import type { Context } from "../../app/context.js";
import type { Next } from "../../app/types.js";
import { toWebResponse } from "../../app/response.js";
import { TRANSPORT_HEADERS } from "../../core/http-rules.js";
import { heldFingerprint, mixFingerprints, requestFingerprint, type FingerprintOptions } from "./fingerprint.js";
import { missReport, type MissedRequest } from "./miss.js";
import { Redactor, RedactionError, type RedactOptions } from "./redact.js";
import type { Fingerprint, HeaderList, RecordedExchange } from "./types.js";

export const ERR_REPLAY_MODE = "asedge replay: mode must be one of replay, lockdown, replay-or-record, record, passthrough";
export const ERR_REPLAY_RECORDING = "asedge replay: options.recording is required (a Recording: openRecording(path) on Node, Recording.from(bytes) anywhere)";
export const ERR_REPLAY_READ_ONLY = "asedge replay: this recording cannot be written (record and replay-or-record need a file from openRecording or a Recording)";

export type ReplayMode = "replay" | "lockdown" | "replay-or-record" | "record" | "passthrough";
const MODES: ReadonlySet<string> = new Set(["replay", "lockdown", "replay-or-record", "record", "passthrough"]);

/** What replay() reads of a recording (a Recording, ./format.ts). */
export interface ReplayStore {
  lookup(fingerprint: Fingerprint, session: string, occurrence: number): RecordedExchange | undefined;
  count(fingerprint: Fingerprint, session: string): number;
  entries(): Iterable<RecordedExchange>;
  /** An in-memory recording's append (Recording.add). */
  add?(exchange: RecordedExchange): unknown;
}

/** A recording replay() writes to: a file opened by openRecording (./file.ts). */
export interface WritableRecording {
  readonly recording: ReplayStore;
  append(exchange: RecordedExchange): void;
}

/** Reads and, where the recording can take them, appends. */
interface Store extends ReplayStore {
  append?(exchange: RecordedExchange): void;
}

function storeOf(recording: ReplayStore | WritableRecording): Store {
  if ("append" in recording && "recording" in recording) {
    const inner = recording.recording;
    return {
      lookup: (f, s, o) => inner.lookup(f, s, o), count: (f, s) => inner.count(f, s), entries: () => inner.entries(),
      append: (x) => recording.append(x),
    };
  }
  const store = recording as ReplayStore;
  return {
    lookup: (f, s, o) => store.lookup(f, s, o), count: (f, s) => store.count(f, s), entries: () => store.entries(),
    append: store.add ? (x) => { store.add!(x); } : undefined,
  };
}

/** How a stored body is decoded: the plain bytes, or undefined when the encoding is not known here (stored as is). */
export type BodyDecoder = (encoding: string, body: Uint8Array) => Promise<Uint8Array | undefined>;

export interface ReplayOptions {
  /** A Recording (replay modes; in-memory recording too), or a file from openRecording (every mode). */
  recording: ReplayStore | WritableRecording;
  /** Default "replay". */
  mode?: ReplayMode;
  /** What the fingerprint covers (./fingerprint.ts). Redacted query parameters are always left out of it. */
  fingerprint?: FingerprintOptions;
  /** The request header naming the session. Default "x-asedge-session". */
  sessionHeader?: string;
  /** Mix each fingerprint with the session's previous one. Default false. */
  chain?: boolean;
  redact?: RedactOptions;
  /** Told of each exchange not recorded because a secret was left in it (default: console.error). */
  onRefused?: (error: RedactionError, exchange: RecordedExchange) => void;
}

/** The figures of one replay() middleware since it was made. */
export interface ReplayStats {
  hits: number;
  misses: number;
  recorded: number;
  refused: number;
  passed: number;
}

export interface ReplayMiddleware {
  (c: Context, next: Next): void | Promise<void>;
  /** Start the counts (and the chain) of `session` again; all sessions without an argument. */
  reset(session?: string): void;
  stats(): ReplayStats;
}

/** The record/replay middleware over one recording; `decode` turns a compressed upstream body into its plain bytes. */
export function replayWith(decode: BodyDecoder) {
  return function replay(options: ReplayOptions): ReplayMiddleware {
    if (!options?.recording) throw new TypeError(ERR_REPLAY_RECORDING);
    const mode = options.mode ?? "replay";
    if (!MODES.has(mode)) throw new TypeError(`${ERR_REPLAY_MODE}: ${JSON.stringify(mode)}`);
    const store = storeOf(options.recording);
    const records = mode === "record" || mode === "replay-or-record";
    if (records && !store.append) throw new TypeError(ERR_REPLAY_READ_ONLY);
    const redactor = new Redactor(options.redact);
    const fingerprintOptions: FingerprintOptions = {
      ...options.fingerprint,
      ignoreQuery: [...(options.fingerprint?.ignoreQuery ?? []), ...redactor.queryNames],
    };
    const allowList = (fingerprintOptions.headers ?? []).map((h) => h.toLowerCase());
    const redactedAllowed = allowList.filter((h) => redactor.redactsRequestHeader(h));
    const sessionHeader = (options.sessionHeader ?? "x-asedge-session").toLowerCase();
    const onRefused = options.onRefused ?? ((error) => console.error(error.message));
    const counts = new Map<string, number>(); // session \0 fingerprint → requests seen
    const chains = new Map<string, Fingerprint>(); // session → previous fingerprint
    const stats: ReplayStats = { hits: 0, misses: 0, recorded: 0, refused: 0, passed: 0 };

    /** The request's own fingerprint: at once on a slot host, unless a keyed hash (Web Crypto, async) must replace a header first. */
    function fingerprintNow(c: Context): Fingerprint | undefined {
      return redactedAllowed.length === 0 ? heldFingerprint(c.req, fingerprintOptions) : undefined;
    }

    async function fingerprintLater(c: Context): Promise<Fingerprint> {
      let replaced: Map<string, string> | undefined;
      for (const name of redactedAllowed) {
        const value = c.req.header(name);
        if (value !== undefined) (replaced ??= new Map()).set(name, await redactor.replacement(value));
      }
      return requestFingerprint(c.req, fingerprintOptions, replaced && ((name, value) => replaced!.get(name) ?? value));
    }

    /** Chain mode: `own` mixed with the session's previous fingerprint. */
    function chained(c: Context, session: string, own: Fingerprint): Fingerprint {
      if (!options.chain) return own;
      const next = mixFingerprints(c.req.core, chains.get(session) ?? ZERO, own);
      chains.set(session, next);
      return next;
    }

    /** Synchronous for a replayed answer on a slot host: no promise on the fast path. */
    function middleware(c: Context, next: Next): void | Promise<void> {
      if (mode === "passthrough") {
        stats.passed++;
        return next();
      }
      const session = c.req.header(sessionHeader) ?? "";
      const now = fingerprintNow(c);
      if (now !== undefined) return answer(c, next, session, chained(c, session, now));
      return fingerprintLater(c).then((own) => answer(c, next, session, chained(c, session, own)));
    }

    function answer(c: Context, next: Next, session: string, fingerprint: Fingerprint): void | Promise<void> {
      const key = `${session}\u0000${fingerprint}`;
      const occurrence = counts.get(key) ?? 0;
      if (mode !== "record") {
        const recorded = store.count(fingerprint, session);
        // replay repeats the last answer once the recorded ones are used up: the count stops there.
        counts.set(key, mode === "replay" && occurrence >= recorded ? occurrence : occurrence + 1);
        const at = mode === "replay" && occurrence >= recorded ? recorded - 1 : occurrence;
        const found = at >= 0 ? store.lookup(fingerprint, session, at) : undefined;
        if (found) {
          stats.hits++;
          answerWith(c, found);
          return;
        }
        if (!records) {
          stats.misses++;
          return answerMiss(c, mode, { fingerprint, session, occurrence }, store, allowList);
        }
      } else {
        counts.set(key, occurrence + 1);
      }
      return recordThrough(c, next, fingerprint, session);
    }

    async function recordThrough(c: Context, next: Next, fingerprint: Fingerprint, session: string): Promise<void> {
      const startedAt = Date.now();
      const started = performance.now();
      const request = await requestOf(c);
      await next();
      const exchange = await captured(c, decode, {
        fingerprint, session, occurrence: store.count(fingerprint, session), request, startedAt, durationMs: performance.now() - started,
      });
      let safe: RecordedExchange;
      try {
        safe = await redactor.redact(exchange);
      } catch (error) {
        if (!(error instanceof RedactionError)) throw error;
        stats.refused++;
        onRefused(error, exchange);
        return;
      }
      store.append!(safe);
      stats.recorded++;
    }

    return Object.assign(middleware, {
      reset(session?: string) {
        if (session === undefined) {
          counts.clear();
          chains.clear();
          return;
        }
        chains.delete(session);
        for (const key of [...counts.keys()]) if (key.startsWith(`${session}\u0000`)) counts.delete(key);
      },
      stats: () => ({ ...stats }),
    }) as ReplayMiddleware;
  };
}

const ZERO: Fingerprint = "0".repeat(32);

/** The headers a replayed answer carries: the recorded ones but the host's own (framing, Date). Computed once per exchange. */
const replayHeaders = new WeakMap<RecordedExchange, HeaderList>();

function answerWith(c: Context, x: RecordedExchange): void {
  let headers = replayHeaders.get(x);
  if (!headers) {
    headers = x.response.headers.filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase()));
    replayHeaders.set(x, headers);
  }
  c.response = undefined;
  c.headerList = headers.slice();
  c.body(x.response.body.length === 0 && !headers.some(([n]) => n === "content-type") ? null : x.response.body, x.response.status as 200);
}

async function answerMiss(c: Context, mode: ReplayMode, at: { fingerprint: Fingerprint; session: string; occurrence: number },
  store: Store, allowList: string[]): Promise<void> {
  const missed: MissedRequest = {
    method: c.req.method, url: c.req.target, ...at,
    headers: allowList.flatMap((name): [string, string][] => { const v = c.req.header(name); return v === undefined ? [] : [[name, v]]; }),
    body: new Uint8Array(await c.req.arrayBuffer()),
  };
  c.json(missReport(missed, store.entries(), mode, allowList), mode === "lockdown" ? 502 : 404);
}

/** The request as it will be recorded (before redaction): read before next() (a slot host's body is gone after the answer). */
async function requestOf(c: Context): Promise<RecordedExchange["request"]> {
  const req = c.req;
  const body = req.method === "GET" || req.method === "HEAD" ? new Uint8Array(0) : new Uint8Array(await req.arrayBuffer());
  const headers = req.headerList().filter(([name]) => !TRANSPORT_HEADERS.has(name));
  return { method: req.method, url: req.target.startsWith("/") ? req.target : pathAndQuery(req.url), headers, body };
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/**
 * What the handler answered, read off the response record (a stream is read
 * to its end), and put back on the record as bytes so the client still gets
 * exactly that answer.
 */
async function captured(c: Context, decode: BodyDecoder,
  rest: Omit<RecordedExchange, "response">): Promise<RecordedExchange> {
  const response = c.response ?? toWebResponse(c);
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: HeaderList = [];
  response.headers.forEach((value, name) => { if (name !== "set-cookie") headers.push([name, value]); });
  for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie", cookie]);
  c.response = undefined;
  c.headerList = headers.slice();
  c.body(body.length === 0 ? null : body, response.status as 200);

  const encoding = (response.headers.get("content-encoding") ?? "").trim().toLowerCase();
  let stored: Uint8Array = body;
  let storedHeaders = headers.filter(([name]) => !TRANSPORT_HEADERS.has(name));
  if (encoding && encoding !== "identity" && body.length > 0) {
    const plain = await decode(encoding, body).catch(() => undefined);
    if (plain) {
      stored = plain;
      storedHeaders = storedHeaders.filter(([name]) => name !== "content-encoding");
    }
  }
  return { ...rest, response: { status: response.status, headers: storedHeaders, body: stored, encoding } };
}
