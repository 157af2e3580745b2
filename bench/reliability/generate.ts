/**
 * Request generators of the socket fuzz: a seeded PRNG, random valid
 * requests, mutations of them (byte flips, insertions, deletions,
 * truncations, garbage pipelined after them) and the request-smuggling
 * shapes (TE+CL, duplicate CL, obs-fold, bare CR/LF, chunk-size overflow,
 * chunk extensions, …). Every case also carries random split points: where
 * the bytes arrive in separate reads. Same seed, same cases.
 *
 * @example
 *   const rng = new Rng(42);
 *   const c = generateCase(rng, "smuggling");
 *   c.bytes // Uint8Array; c.splits: sorted cut points inside it
 */

/** sfc32: small, fast, good enough for fuzzing, and the same on every machine. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** The generators, in the order the summary lists them. */
export const GENERATORS = ["valid", "byte-flip", "insert", "delete", "truncate", "pipelined-garbage", "smuggling"] as const;
export type GeneratorName = (typeof GENERATORS)[number];

export interface FuzzCase {
  generator: GeneratorName;
  /** Which smuggling shape, for the "smuggling" generator. */
  shape?: string;
  bytes: Uint8Array;
  /** Sorted offsets in (0, bytes.length): the bytes arrive in separate reads cut there. */
  splits: number[];
}

// ── Valid requests ──────────────────────────────────────────────────────────

const METHODS = ["GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
  "PROPFIND", "MKCOL", "PURGE", "QUERY", "M-SEARCH", "CONNECT"];
const BODY_METHODS = ["POST", "PUT", "PATCH"];
/** Targets the reference app answers 200 (echo, plaintext, json) or 404. */
const PATHS = ["/echo", "/echo/a/b", "/plaintext", "/json", "/users/7", "/nope", "/", "/static/x.txt", "/api/v1/items"];
const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const QCHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%/?";
const FIELD_NAMES = ["Accept", "User-Agent", "X-Request-Id", "Cookie", "Accept-Encoding", "X-A", "x-b", "Cache-Control", "Foo-Bar"];
const VCHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join("") + "\x80\xe9\xff";

function chars(rng: Rng, alphabet: string, min: number, max: number): string {
  let s = "";
  const n = min + rng.int(max - min + 1);
  for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}

function fieldValue(rng: Rng): string {
  const words = rng.int(4);
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(chars(rng, VCHARS, 1, 10));
  return out.join(" ");
}

function target(rng: Rng): string {
  const path = rng.chance(0.8) ? rng.pick(PATHS) : "/" + chars(rng, QCHARS.slice(0, 40), 0, 12);
  return rng.chance(0.3) ? `${path}?${chars(rng, QCHARS, 0, 16)}` : path;
}

function bodyText(rng: Rng, max: number): string {
  let s = "";
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.8) ? 0x61 + rng.int(26) : rng.int(256));
  return s;
}

function chunkedBody(rng: Rng, body: string, extensions: boolean): string {
  let out = "";
  let at = 0;
  while (at < body.length) {
    const n = Math.min(body.length - at, 1 + rng.int(40));
    const ext = extensions && rng.chance(0.3) ? rng.pick([";a", ";a=b", ';n="q \\" v"', ";x;y=z"]) : "";
    out += (rng.chance(0.2) ? n.toString(16).toUpperCase() : n.toString(16)) + ext + "\r\n" + body.slice(at, at + n) + "\r\n";
    at += n;
  }
  out += "0\r\n";
  if (rng.chance(0.2)) out += `${rng.pick(["X-Checksum", "Expires", "X-T"])}: ${chars(rng, TCHARS, 1, 8)}\r\n`;
  return out + "\r\n";
}

/** One valid request (latin1 text): random method, target, fields, body by Content-Length or chunked. */
export function validRequest(rng: Rng): string {
  const method = rng.pick(METHODS);
  const minor = rng.chance(0.9) ? 1 : 0;
  const head = method === "CONNECT" ? `CONNECT example.com:443 HTTP/1.${minor}` : `${method} ${target(rng)} HTTP/1.${minor}`;
  const fields: string[] = [];
  const count = rng.int(6);
  for (let i = 0; i < count; i++) {
    const name = rng.chance(0.7) ? rng.pick(FIELD_NAMES) : chars(rng, TCHARS, 1, 12);
    // Framing and connection fields: only the smuggling shapes write them.
    if (/^(host|content-length|transfer-encoding|connection|upgrade|expect|te|trailer|keep-alive)$/i.test(name)) continue;
    fields.push(`${name}:${rng.pick(["", " ", "\t", "  "])}${fieldValue(rng)}${rng.pick(["", "", " ", "\t"])}`);
  }
  if (minor === 1 || rng.chance(0.5)) fields.splice(rng.int(fields.length + 1), 0, `Host: ${rng.pick(["example.com", "localhost", "a:80"])}`);
  if (rng.chance(0.1)) fields.push(`Connection: ${rng.pick(["close", "keep-alive"])}`);
  let body = "";
  if (BODY_METHODS.includes(method) || rng.chance(0.05)) {
    const text = bodyText(rng, 120);
    if (minor === 1 && rng.chance(0.4)) {
      fields.push("Transfer-Encoding: chunked");
      body = chunkedBody(rng, text, true);
    } else {
      fields.push(`Content-Length: ${text.length}`);
      body = text;
    }
  }
  return `${head}\r\n${fields.map((f) => f + "\r\n").join("")}\r\n${body}`;
}

// ── Mutations ───────────────────────────────────────────────────────────────

/** Bytes HTTP syntax turns on, tried more often than the others. */
const INTERESTING = [0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x22, 0x5c, 0x2c, 0x30, 0x31, 0x61, 0x46,
  0x00, 0x7f, 0x80, 0xff, 0x2f, 0x3f, 0x23, 0x2a, 0x3d, 0x2d, 0x2b];

function mutationByte(rng: Rng): number {
  return rng.chance(0.6) ? rng.pick(INTERESTING) : rng.int(256);
}

function toBytes(text: string): number[] {
  const out = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function flip(rng: Rng, a: number[]): void {
  for (let n = 1 + rng.int(3); n > 0 && a.length; n--) {
    const at = rng.int(a.length);
    a[at] = rng.chance(0.5) ? mutationByte(rng) : a[at] ^ (1 << rng.int(8));
  }
}

function insert(rng: Rng, a: number[]): void {
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const at = rng.int(a.length + 1);
    if (rng.chance(0.2)) a.splice(at, 0, ...toBytes(rng.pick(["\r\n", "\r", "\n", " ", "\t", ":", "\r\n ", "0\r\n\r\n", "\x00"])));
    else a.splice(at, 0, mutationByte(rng));
  }
}

function remove(rng: Rng, a: number[]): void {
  for (let n = 1 + rng.int(3); n > 0 && a.length; n--) a.splice(rng.int(a.length), 1 + (rng.chance(0.2) ? rng.int(4) : 0));
}

function pipelined(rng: Rng): string {
  let s = validRequest(rng);
  for (let n = rng.int(3); n > 0; n--) s += validRequest(rng);
  return s;
}

function garbage(rng: Rng): number[] {
  switch (rng.int(4)) {
    case 0: return Array.from({ length: 1 + rng.int(40) }, () => rng.int(256));
    case 1: return Array.from({ length: 1 + rng.int(40) }, () => mutationByte(rng));
    case 2: return toBytes(validRequest(rng).slice(0, 1 + rng.int(60)));
    default: {
      const a = toBytes(validRequest(rng));
      flip(rng, a);
      return a;
    }
  }
}

// ── Smuggling shapes ────────────────────────────────────────────────────────

const TE_SPELLINGS = ["chunked", "Chunked", "CHUNKED", " chunked", "chunked ", "\tchunked", "chunked, chunked", "gzip, chunked",
  "chunked, gzip", "xchunked", "chunkedx", "chunk", "identity", "identity, chunked", "chunked;q=1", '"chunked"', "chunked\x00",
  ",chunked", "chunked,", "", "\x0bchunked"];
const TE_NAMES = ["Transfer-Encoding", "transfer-encoding", "TRANSFER-ENCODING", "Transfer-Encoding ", "Transfer_Encoding",
  " Transfer-Encoding", "Transfer-Encoding\t", "X-Transfer-Encoding", "Transfer-Encodin"];
const CL_VALUES = ["0", "1", "5", "05", "+5", "-1", " 5", "5 ", "5, 5", "5,5", "5, 6", "0x5", "5.0", "", "1e1", "99999999999999999999",
  "18446744073709551621", "9007199254740993", "4294967301", "5\x00"];
const CL_NAMES = ["Content-Length", "content-length", "Content-Length ", " Content-Length", "Content_Length", "Content-Lengthx"];
const CHUNK_SIZES = ["0", "5", "05", "000005", "5 ", " 5", "5\t", "-5", "+5", "0x5", "g", "ffffffffffffffff", "10000000000000000",
  "fffffffffffffffffffffffffff", "00000000000000000000005", "7fffffff", "80000000", "100000", "5;", "5;a", "5; a=b", "5;a=\"b\"",
  "5;a=\"\\\"\"", "5;a=\"b", "5;=b", "5;a=", "5;a b", "5;a\x00", "5;a=b;c", "5 ;a=1", "5\t;a", `5;${"e".repeat(200)}`, `5;a="${"q".repeat(300)}"`, "5\r", "5\n"];
const LINE_ENDS = ["\r\n", "\n", "\r", "\r\r\n", "\n\r"];

function smugglingHead(method: string, fields: string[]): string {
  return `${method} /echo HTTP/1.1\r\nHost: example.com\r\n${fields.map((f) => f + "\r\n").join("")}\r\n`;
}

/** The shapes, each a function of the rng giving [shape name, request text]. */
const SHAPES: Record<string, (rng: Rng) => string> = {
  "te-cl": (rng) => {
    const te = `${rng.pick(TE_NAMES)}: ${rng.pick(TE_SPELLINGS)}`;
    const cl = `${rng.pick(CL_NAMES)}: ${rng.pick(CL_VALUES)}`;
    return smugglingHead("POST", rng.chance(0.5) ? [te, cl] : [cl, te]) + rng.pick(["0\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n", "hello", "0\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"]);
  },
  "te-only": (rng) => smugglingHead("POST", [`${rng.pick(TE_NAMES)}: ${rng.pick(TE_SPELLINGS)}`]) + rng.pick(["0\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n", "hello"]),
  "te-twice": (rng) => smugglingHead("POST", [`Transfer-Encoding: ${rng.pick(TE_SPELLINGS)}`, `Transfer-Encoding: ${rng.pick(TE_SPELLINGS)}`]) + "5\r\nhello\r\n0\r\n\r\n",
  "duplicate-cl": (rng) => smugglingHead("POST", [`${rng.pick(CL_NAMES)}: ${rng.pick(CL_VALUES)}`, `${rng.pick(CL_NAMES)}: ${rng.pick(CL_VALUES)}`]) + "hellohello",
  "cl-value": (rng) => smugglingHead("POST", [`${rng.pick(CL_NAMES)}: ${rng.pick(CL_VALUES)}`]) + "helloGET / HTTP/1.1\r\nHost: a\r\n\r\n",
  "obs-fold": (rng) => {
    const folded = rng.pick(["Transfer-Encoding: chunked\r\n ", "Transfer-Encoding:\r\n chunked", "Content-Length: 5\r\n\t", "X-A: b\r\n c",
      "X-A: b\r\n\tc", "Content-Length:\r\n 5", "X-A: b\r\n \r\n"]);
    return smugglingHead("POST", [folded, rng.chance(0.5) ? "Content-Length: 5" : "X-B: c"]) + "hello";
  },
  "bare-cr-lf": (rng) => {
    const end = rng.pick(LINE_ENDS);
    const where = rng.int(4);
    const lines = [`GET /echo HTTP/1.1`, "Host: example.com", "X-A: b", "Content-Length: 0"];
    return lines.map((l, i) => l + (i === where ? end : "\r\n")).join("") + (where === 3 ? "" : "\r\n") + rng.pick(["", "\r\n", end]);
  },
  "chunk-size": (rng) => smugglingHead("POST", ["Transfer-Encoding: chunked"]) + `${rng.pick(CHUNK_SIZES)}${rng.pick(LINE_ENDS)}hello\r\n0\r\n\r\n`,
  "chunk-data-end": (rng) => smugglingHead("POST", ["Transfer-Encoding: chunked"]) + `5\r\nhello${rng.pick(["", "x", "\n", "\r", "\r\r\n", " \r\n"])}\r\n0\r\n\r\n`,
  "last-chunk": (rng) => smugglingHead("POST", ["Transfer-Encoding: chunked"]) +
    `0${rng.pick(["", ";a=b", " ", "0"])}${rng.pick(LINE_ENDS)}${rng.pick(["", "X-T: 1\r\n", "Host: b\r\n", "Content-Length: 5\r\n", "X-T: 1\n", " X: 1\r\n", "X-T : 1\r\n"])}${rng.pick(LINE_ENDS)}`,
  "whitespace-before-colon": (rng) => smugglingHead("GET", [`${rng.pick(["Host", "X-A", "Content-Length", "Transfer-Encoding"])}${rng.pick([" ", "\t", "  "])}: ${rng.pick(["a", "5", "chunked"])}`]),
  "header-bytes": (rng) => {
    const b = String.fromCharCode(rng.pick([0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1f, 0x7f, 0x80, 0xff, 0x22, 0x28, 0x2c, 0x2f, 0x3a, 0x40, 0x5b]));
    return rng.chance(0.5) ? smugglingHead("GET", [`X${b}A: b`]) : smugglingHead("GET", [`X-A: a${b}b`]);
  },
  "request-line": (rng) => rng.pick([
    "GET  /echo HTTP/1.1", "GET /echo  HTTP/1.1", " GET /echo HTTP/1.1", "GET\t/echo HTTP/1.1", "GET /echo HTTP/1.1 ", "GET /echo HTTP/1.10",
    "GET /echo HTTP/1.2", "GET /echo HTTP/2.0", "GET /echo HTTP/0.9", "GET /echo http/1.1", "GET /echo HTTP/1", "GET /echo HTTP/11.1",
    "GET /echo", "GET", "GET /e cho HTTP/1.1", "GET http://a/echo HTTP/1.1", "GET * HTTP/1.1", "OPTIONS * HTTP/1.1", "CONNECT a:443 HTTP/1.1",
    "GET a:443 HTTP/1.1", "GET /echo#frag HTTP/1.1", "GET /\x7f HTTP/1.1", "GET /\x00 HTTP/1.1", "GET /\xff HTTP/1.1", "G\x00T / HTTP/1.1",
    "get /echo HTTP/1.1", "GETT /echo HTTP/1.1", "PRI * HTTP/2.0", "GET //echo HTTP/1.1", "GET /echo?a=\"b\" HTTP/1.1",
  ]) + "\r\nHost: example.com\r\n\r\n",
  "host": (rng) => `GET /echo HTTP/1.${rng.int(2)}\r\n${rng.pick(["", "Host: a\r\nHost: b\r\n", "Host: a\r\nhost: a\r\n", "Host:\r\n", "Host: a b\r\n", "Host: a\r\n"])}\r\n`,
  "connection": (rng) => smugglingHead(rng.pick(["GET", "POST"]), [`Connection: ${rng.pick(["close", "keep-alive", "upgrade", "Upgrade, close", "close, keep-alive", "te"])}`,
    ...(rng.chance(0.5) ? ["Upgrade: websocket"] : []), ...(rng.chance(0.5) ? ["Content-Length: 5"] : [])]) + "helloGET /plaintext HTTP/1.1\r\nHost: a\r\n\r\n",
  "expect": (rng) => smugglingHead("POST", [`Expect: ${rng.pick(["100-continue", "100-Continue", "foo", ""])}`, "Content-Length: 5"]) + "hello",
  // Around the limits: 16 KiB of head (asedge's maxHeaderBytes, Node's --max-http-header-size), 100 fields (asedge's maxHeaders).
  "large-head": (rng) => smugglingHead("GET", [`X-Big: ${"v".repeat(16_384 - 64 + rng.int(96))}`]),
  "many-fields": (rng) => smugglingHead("GET", Array.from({ length: 95 + rng.int(10) }, (_, i) => `X-F${i}: ${i}`)),
  "http10": (rng) => `POST /echo HTTP/1.0\r\n${rng.pick(["", "Connection: keep-alive\r\n"])}${rng.pick(["Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", ""])}\r\n${rng.pick(["5\r\nhello\r\n0\r\n\r\n", "hello"])}`,
};
const SHAPE_NAMES = Object.keys(SHAPES);

// ── Cases ───────────────────────────────────────────────────────────────────

function randomSplits(rng: Rng, length: number): number[] {
  if (length < 2) return [];
  const cuts = new Set<number>();
  for (let n = rng.int(5); n > 0; n--) cuts.add(1 + rng.int(length - 1));
  return [...cuts].sort((x, y) => x - y);
}

/** One case of the named generator. */
export function generateCase(rng: Rng, generator: GeneratorName): FuzzCase {
  let shape: string | undefined;
  let a: number[];
  switch (generator) {
    case "valid": a = toBytes(pipelined(rng)); break;
    case "byte-flip": a = toBytes(pipelined(rng)); flip(rng, a); break;
    case "insert": a = toBytes(pipelined(rng)); insert(rng, a); break;
    case "delete": a = toBytes(pipelined(rng)); remove(rng, a); break;
    case "truncate": a = toBytes(pipelined(rng)); a.length = rng.int(a.length + 1); break;
    case "pipelined-garbage": a = toBytes(pipelined(rng)).concat(garbage(rng)); break;
    case "smuggling": {
      shape = rng.pick(SHAPE_NAMES);
      a = toBytes(SHAPES[shape](rng));
      // A third of them mutated once more, a fifth followed by another request.
      if (rng.chance(0.33)) rng.pick([flip, insert, remove])(rng, a);
      if (rng.chance(0.2)) a = a.concat(toBytes(validRequest(rng)));
      break;
    }
  }
  const bytes = Uint8Array.from(a);
  return { generator, shape, bytes, splits: randomSplits(rng, bytes.length) };
}

/** The i-th case of a run: the generator rotates, so every one gets the same share. */
export function caseAt(rng: Rng, i: number): FuzzCase {
  return generateCase(rng, GENERATORS[i % GENERATORS.length]);
}

/** A reproducer: the bytes as a JS string literal (printable ASCII kept, the rest escaped). */
export function escapeBytes(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    if (b === 0x0d) s += "\\r";
    else if (b === 0x0a) s += "\\n";
    else if (b === 0x09) s += "\\t";
    else if (b === 0x5c) s += "\\\\";
    else if (b === 0x22) s += '\\"';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += "\\x" + b.toString(16).padStart(2, "0");
  }
  return `"${s}"`;
}
