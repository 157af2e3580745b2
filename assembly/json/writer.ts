// JsonWriter: single-pass JSON output straight into a caller's region.
// The writer tracks commas and colons itself, so callers only say what comes
// next. Output is byte-identical to JSON.stringify (indent 0) or to
// JSON.stringify(v, null, indent) when pretty.
//
// No depth stack is needed for commas: a finished container is always a value
// of its parent, so after end*() the parent "needs a comma" whatever it held
// before. depth only drives indentation.
//
// JsonWriter (unmanaged, 32 bytes):
//   0 ptr     usize  start of the output region
//   4 pos     u32    bytes written so far
//   8 cap     u32    region size
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

  /** Address where n more bytes can go, or 0 (and the error flag) when they do not fit. */
  // @ts-ignore: decorator
  @inline reserve(n: u32): usize {
    if (n > this.cap - this.pos || this.error) {
      this.error = JsonError.OUTPUT_FULL;
      return 0;
    }
    return this.ptr + this.pos;
  }

  private newline(depth: u32): void {
    const n = 1 + depth * this.indent;
    const p = this.reserve(n);
    if (!p) return;
    store<u8>(p, 10);
    memory.fill(p + 1, 32, n - 1);
    this.pos += n;
  }

  /** Comma and/or line break owed before a value or key. */
  // @ts-ignore: decorator
  @inline private beforeValue(): void {
    const s = this.state;
    if (s & AFTER_KEY) return;
    if (s & NEED_COMMA) {
      const p = this.reserve(1);
      if (!p) return;
      store<u8>(p, 44); // ','
      this.pos++;
    }
    if (this.indent && this.depth) this.newline(this.depth);
  }

  // @ts-ignore: decorator
  @inline private byte(c: u8): void {
    const p = this.reserve(1);
    if (!p) return;
    store<u8>(p, c);
    this.pos++;
  }

  private open(c: u8): void {
    this.beforeValue();
    this.byte(c);
    this.depth++;
    this.state = 0;
  }

  private close(c: u8): void {
    this.depth--;
    if (this.indent && (this.state & NEED_COMMA)) this.newline(this.depth);
    this.byte(c);
    this.state = NEED_COMMA;
  }

  beginObject(): void { this.open(123); }
  endObject(): void { this.close(125); }
  beginArray(): void { this.open(91); }
  endArray(): void { this.close(93); }

  /** Write the quoted, escaped string of UTF-8 bytes [src, src + len) without separators. */
  private quoted(src: usize, len: u32): void {
    const p = this.reserve(2);
    if (!p) return;
    store<u8>(p, 34);
    const n = escapeString(p + 1, this.cap - this.pos - 2, src, len);
    if (n < 0) {
      this.error = JsonError.OUTPUT_FULL;
      return;
    }
    store<u8>(p + 1 + n, 34);
    this.pos += <u32>n + 2;
  }

  /**
   * Quoted string from JSON source text (a body between quotes, validated by
   * the reader): copied when it has no escapes, else re-escaped canonically.
   */
  private quotedSource(src: usize, len: u32, escaped: bool): void {
    const p = this.reserve(2);
    if (!p) return;
    store<u8>(p, 34);
    const room = this.cap - this.pos - 2;
    let n: i32 = -1;
    if (escaped) {
      n = canonicalString(p + 1, room, src, len);
    } else if (len <= room) {
      memory.copy(p + 1, src, len); // valid UTF-8 without controls or quotes
      n = <i32>len;
    }
    if (n < 0) {
      this.error = JsonError.OUTPUT_FULL;
      return;
    }
    store<u8>(p + 1 + n, 34);
    this.pos += <u32>n + 2;
  }

  /** A key taken from JSON source text (see quotedSource). */
  sourceKey(src: usize, len: u32, escaped: bool): void {
    this.beforeValue();
    this.quotedSource(src, len, escaped);
    this.colon();
  }

  /** A string value taken from JSON source text (see quotedSource). */
  sourceString(src: usize, len: u32, escaped: bool): void {
    this.beforeValue();
    this.quotedSource(src, len, escaped);
    this.state = NEED_COMMA;
  }

  /** An object key from UTF-8 bytes; the next call writes its value. */
  key(src: usize, len: u32): void {
    this.beforeValue();
    this.quoted(src, len);
    this.colon();
  }

  /** An object key already escaped and quoted ("name"), e.g. from a static table. */
  rawKey(src: usize, len: u32): void {
    this.beforeValue();
    this.rawBytes(src, len);
    this.colon();
  }

  private colon(): void {
    if (this.indent) {
      const p = this.reserve(2);
      if (!p) return;
      store<u16>(p, 0x203a); // ": "
      this.pos += 2;
    } else {
      this.byte(58);
    }
    this.state = AFTER_KEY;
  }

  /** A string value from UTF-8 (or WTF-8) bytes. */
  string(src: usize, len: u32): void {
    this.beforeValue();
    this.quoted(src, len);
    this.state = NEED_COMMA;
  }

  /** Room for a number of at most `worst` bytes: the output itself, or NUMBER_TMP. */
  // @ts-ignore: decorator
  @inline private numberSlot(worst: u32): usize {
    return this.cap - this.pos >= worst ? this.ptr + this.pos : NUMBER_TMP;
  }

  /** Account for n bytes written at p by numberSlot's caller. */
  private numberDone(p: usize, n: u32): void {
    if (p == NUMBER_TMP) {
      const q = this.reserve(n);
      if (!q) return;
      memory.copy(q, p, n);
    }
    this.pos += n;
    this.state = NEED_COMMA;
  }

  int(v: i64): void {
    this.beforeValue();
    if (this.error) return;
    const p = this.numberSlot(20);
    this.numberDone(p, writeI64(p, v));
  }

  uint(v: u64): void {
    this.beforeValue();
    if (this.error) return;
    const p = this.numberSlot(20);
    this.numberDone(p, writeU64(p, v));
  }

  /** A number as JavaScript prints it; NaN and ±Infinity become null. */
  f64(v: f64): void {
    if (!isFinite(v)) {
      this.null();
      return;
    }
    this.beforeValue();
    if (this.error) return;
    const p = this.numberSlot(MAX_F64_LENGTH);
    this.numberDone(p, writeF64(p, v));
  }

  bool(v: bool): void {
    this.beforeValue();
    const p = this.reserve(v ? 4 : 5);
    if (!p) return;
    if (v) {
      store<u32>(p, 0x65757274); // "true"
      this.pos += 4;
    } else {
      store<u32>(p, 0x736c6166); // "fals"
      store<u8>(p, 101, 4);      // "e"
      this.pos += 5;
    }
    this.state = NEED_COMMA;
  }

  null(): void {
    this.beforeValue();
    const p = this.reserve(4);
    if (!p) return;
    store<u32>(p, 0x6c6c756e); // "null"
    this.pos += 4;
    this.state = NEED_COMMA;
  }

  /** A pre-serialized JSON value, copied as is (the caller vouches for it). */
  raw(src: usize, len: u32): void {
    this.beforeValue();
    this.rawBytes(src, len);
    this.state = NEED_COMMA;
  }

  private rawBytes(src: usize, len: u32): void {
    const p = this.reserve(len);
    if (!p) return;
    memory.copy(p, src, len);
    this.pos += len;
  }

  /** Bytes written, or -JsonError when something did not fit. */
  result(): i32 {
    return this.error ? -<i32>this.error : <i32>this.pos;
  }
}
