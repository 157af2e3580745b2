// JsonWriter: single-pass JSON output straight into a caller's region.
// The writer tracks commas and colons itself, so callers only say what comes
// next. Output is byte-identical to JSON.stringify (indent 0) or to
// JSON.stringify(v, null, indent) when pretty, with one deliberate exception:
// int()/uint() print the exact digits of a 64-bit integer, where JavaScript
// would print the nearest double (they differ above 2^53). f64() prints
// exactly what JSON.stringify prints for the same number.
//
// No depth stack is needed for commas: a finished container is always a value
// of its parent, so after end*() the parent "needs a comma" whatever it held
// before. depth only drives indentation.
//
// JsonWriter (unmanaged, 32 bytes):
//   0 ptr     usize  start of the output region
//   4 pos     u32    bytes written so far
//   8 cap     u32    region size (set to pos by a failed write)
//  12 error   u32    0, or JsonError.OUTPUT_FULL once a write did not fit (sticky:
//                    later writes are dropped, pos stays at the last good byte)
//  16 depth   u32    open containers
//  20 state   u32    NEED_COMMA | AFTER_KEY
//  24 indent  u32    spaces per level; 0 = compact
//  28 (pad)   u32

import { JsonError } from "./errors";
import { writeI64, writeU64 } from "./digits";
import { writeF64, MAX_F64_LENGTH } from "./number_format";
import { escapeString } from "./escape";
import { canonicalString } from "./string_source";
import { copyBytes } from "./copy";

// Numbers are formatted here first when the region has less than their
// worst-case length left, so output can fill the region to the last byte.
const NUMBER_TMP = memory.data(32);

const NEED_COMMA: u32 = 1; // a value was written at this level
const AFTER_KEY: u32 = 2;  // a key and its colon were written; the value comes next

/** Largest indent JSON.stringify accepts. */
export const MAX_INDENT: u32 = 10;

@unmanaged
export class JsonWriter {
  ptr: usize = 0;
  pos: u32 = 0;
  cap: u32 = 0;
  error: u32 = 0;
  depth: u32 = 0;
  state: u32 = 0;
  indent: u32 = 0;
  private _pad: u32 = 0;

  /** Point the writer at [ptr, ptr + cap) and empty it; indent 0 = compact. */
  init(ptr: usize, cap: u32, indent: u32 = 0): void {
    this.ptr = ptr;
    this.pos = 0;
    this.cap = cap;
    this.error = 0;
    this.depth = 0;
    this.state = 0;
    this.indent = min(indent, MAX_INDENT);
  }

  /**
   * Address where n more bytes can go, or 0 (and the error flag) when they
   * do not fit. A failure also shrinks cap to pos, so every later reserve
   * fails on the same single compare.
   */
  // @ts-ignore: decorator
  @inline reserve(n: u64): usize {
    if (n > <u64>(this.cap - this.pos)) { // 64-bit: a length plus separators cannot wrap
      this.fail();
      return 0;
    }
    return this.ptr + this.pos;
  }

  private fail(): void {
    this.error = JsonError.OUTPUT_FULL;
    this.cap = this.pos;
  }

  /**
   * Bytes owed before the next value or key: a comma after a sibling, and
   * when pretty a line break plus indentation (none right after a key).
   */
  // @ts-ignore: decorator
  @inline private separatorLength(): u32 {
    const s = this.state;
    if (s & AFTER_KEY) return 0;
    const comma = s & NEED_COMMA;
    return this.indent && this.depth ? comma + 1 + this.depth * this.indent : comma;
  }

  /** Write the n separator bytes (separatorLength()) at p. */
  // @ts-ignore: decorator
  @inline private writeSeparator(p: usize, n: u32): void {
    if (n == 0) return;
    const comma = this.state & NEED_COMMA;
    if (comma) store<u8>(p, 44); // ','
    if (n > comma) {
      store<u8>(p + comma, 10); // '\n'
      memory.fill(p + comma + 1, 32, n - comma - 1);
    }
  }

  /**
   * Reserve separator + n bytes, write the separator and return where the n
   * bytes go (0 when they do not fit). The caller writes them, then calls done().
   */
  // @ts-ignore: decorator
  @inline private begin(n: u64): usize {
    const sep = this.separatorLength();
    const p = this.reserve(<u64>sep + n);
    if (!p) return 0;
    this.writeSeparator(p, sep);
    this.pos += sep;
    return p + sep;
  }

  // @ts-ignore: decorator
  @inline private done(n: u32, state: u32): void {
    this.pos += n;
    this.state = state;
  }

  private open(c: u8): void {
    const p = this.begin(1);
    if (!p) return;
    store<u8>(p, c);
    this.done(1, 0);
    this.depth++;
  }

  private close(c: u8): void {
    this.depth--;
    const n = this.indent && (this.state & NEED_COMMA) ? 2 + this.depth * this.indent : 1;
    const p = this.reserve(n);
    if (!p) return;
    if (n > 1) {
      store<u8>(p, 10); // line break, indentation, then the bracket
      memory.fill(p + 1, 32, n - 2);
    }
    store<u8>(p + n - 1, c);
    this.done(n, NEED_COMMA);
  }

  beginObject(): void { this.open(123); }
  endObject(): void { this.close(125); }
  beginArray(): void { this.open(91); }
  endArray(): void { this.close(93); }

  /** Separator, then the quoted, escaped string of UTF-8 bytes [src, src + len). */
  private quoted(src: usize, len: u32, state: u32): void {
    const p = this.begin(2);
    if (!p) return;
    store<u8>(p, 34);
    const n = escapeString(p + 1, this.cap - this.pos - 2, src, len);
    if (n < 0) {
      this.fail();
      return;
    }
    store<u8>(p + 1 + n, 34);
    this.done(<u32>n + 2, state);
  }

  /**
   * Separator, then a quoted string from JSON source text (a body between
   * quotes, validated by the reader): copied when it has no escapes, else
   * re-escaped canonically.
   */
  private quotedSource(src: usize, len: u32, escaped: bool, state: u32): void {
    const p = this.begin(2);
    if (!p) return;
    store<u8>(p, 34);
    const room = this.cap - this.pos - 2;
    let n: i32 = -1;
    if (escaped) {
      n = canonicalString(p + 1, room, src, len);
    } else if (len <= room) {
      copyBytes(p + 1, src, len); // valid UTF-8 without controls or quotes
      n = <i32>len;
    }
    if (n < 0) {
      this.fail();
      return;
    }
    store<u8>(p + 1 + n, 34);
    this.done(<u32>n + 2, state);
  }

  /** The colon after a key (": " when pretty). */
  // @ts-ignore: decorator
  @inline private colon(): void {
    const n: u32 = this.indent ? 2 : 1;
    const p = this.reserve(n);
    if (!p) return;
    store<u8>(p, 58); // ':'
    if (n == 2) store<u8>(p, 32, 1);
    this.done(n, AFTER_KEY);
  }

  /** A key taken from JSON source text (see quotedSource). */
  sourceKey(src: usize, len: u32, escaped: bool): void {
    this.quotedSource(src, len, escaped, NEED_COMMA);
    this.colon();
  }

  /** A string value taken from JSON source text (see quotedSource). */
  sourceString(src: usize, len: u32, escaped: bool): void {
    this.quotedSource(src, len, escaped, NEED_COMMA);
  }

  /** An object key from UTF-8 bytes; the next call writes its value. */
  key(src: usize, len: u32): void {
    this.quoted(src, len, NEED_COMMA);
    this.colon();
  }

  /** An object key already escaped and quoted ("name"), e.g. from a static table. */
  rawKey(src: usize, len: u32): void {
    const colon: u32 = this.indent ? 2 : 1; // ": " when pretty
    const p = this.begin(<u64>len + colon);
    if (!p) return;
    copyBytes(p, src, len);
    store<u8>(p + len, 58); // ':'
    if (colon == 2) store<u8>(p + len, 32, 1);
    this.done(len + colon, AFTER_KEY);
  }

  /** A string value from UTF-8 (or WTF-8) bytes. */
  string(src: usize, len: u32): void {
    this.quoted(src, len, NEED_COMMA);
  }

  /**
   * Separator, then a number of at most `worst` bytes: returns where to
   * format it (the output itself, or NUMBER_TMP when the region has less
   * than `worst` left), 0 when even the separator does not fit.
   */
  // @ts-ignore: decorator
  @inline private numberSlot(worst: u32): usize {
    const p = this.begin(0);
    if (!p) return 0;
    return this.cap - this.pos >= worst ? p : NUMBER_TMP;
  }

  /** Account for the n bytes formatted at p (from numberSlot). */
  private numberDone(p: usize, n: u32): void {
    if (p == NUMBER_TMP) {
      const q = this.reserve(n);
      if (!q) return;
      copyBytes(q, p, n);
    }
    this.done(n, NEED_COMMA);
  }

  /**
   * A signed 64-bit integer, exact: every digit of the i64, as AssemblyScript
   * holds it. (JSON.stringify prints numbers as doubles: above 2^53 it would
   * print the nearest double, e.g. 9223372036854775807 → 9223372036854776000.
   * Use f64() for output identical to JSON.stringify of a JavaScript number.)
   */
  int(v: i64): void {
    const p = this.numberSlot(20);
    if (p) this.numberDone(p, writeI64(p, v));
  }

  /** An unsigned 64-bit integer, exact (see int()). */
  uint(v: u64): void {
    const p = this.numberSlot(20);
    if (p) this.numberDone(p, writeU64(p, v));
  }

  /**
   * A number exactly as JSON.stringify prints the same JavaScript number:
   * shortest round-trip digits, 1e21 and 1.5e-7 in exponent form, -0 as 0,
   * NaN and ±Infinity as null.
   */
  f64(v: f64): void {
    if (!isFinite(v)) {
      this.null();
      return;
    }
    const p = this.numberSlot(MAX_F64_LENGTH);
    if (p) this.numberDone(p, writeF64(p, v));
  }

  bool(v: bool): void {
    const n: u32 = v ? 4 : 5;
    const p = this.begin(n);
    if (!p) return;
    if (v) {
      store<u32>(p, 0x65757274); // "true"
    } else {
      store<u32>(p, 0x736c6166); // "fals"
      store<u8>(p, 101, 4);      // "e"
    }
    this.done(n, NEED_COMMA);
  }

  null(): void {
    const p = this.begin(4);
    if (!p) return;
    store<u32>(p, 0x6c6c756e); // "null"
    this.done(4, NEED_COMMA);
  }

  /** A pre-serialized JSON value, copied as is (the caller vouches for it). */
  raw(src: usize, len: u32): void {
    const p = this.begin(len);
    if (!p) return;
    copyBytes(p, src, len);
    this.done(len, NEED_COMMA);
  }

  /** Bytes written, or -JsonError when something did not fit. */
  result(): i32 {
    return this.error ? -<i32>this.error : <i32>this.pos;
  }
}
