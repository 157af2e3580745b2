// The JSON writer (../json/writer.ts) with string-friendly methods for
// handlers: keys and values may be AssemblyScript strings or UTF-8 spans.
// Output goes straight into the response body region in the request's arena.

import { JsonWriter } from "../json/writer";
import { utf8Length, writeUtf8 } from "./text";

// Strings are encoded here before the writer escapes them (one at a time).
const SCRATCH_BYTES: u32 = 1024;
const SCRATCH = memory.data(<i32>SCRATCH_BYTES);

export class Json {
  readonly w: JsonWriter = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

  beginObject(): Json { this.w.beginObject(); return this; }
  endObject(): Json { this.w.endObject(); return this; }
  beginArray(): Json { this.w.beginArray(); return this; }
  endArray(): Json { this.w.endArray(); return this; }

  key(name: string): Json {
    const p = encode(name);
    this.w.key(p, encodedLength);
    return this;
  }

  string(value: string): Json {
    const p = encode(value);
    this.w.string(p, encodedLength);
    return this;
  }

  /** A string value from UTF-8 bytes (a request span: no string is made). */
  stringBytes(ptr: usize, len: u32): Json { this.w.string(ptr, len); return this; }
  /** A string value, or null. */
  stringOrNull(value: string | null): Json {
    if (value === null) this.w.null();
    else this.string(value);
    return this;
  }
  int(value: i64): Json { this.w.int(value); return this; }
  number(value: f64): Json { this.w.f64(value); return this; }
  bool(value: bool): Json { this.w.bool(value); return this; }
  null(): Json { this.w.null(); return this; }
  /** Pre-serialized JSON, copied as is. */
  raw(ptr: usize, len: u32): Json { this.w.raw(ptr, len); return this; }
}

let encodedLength: u32 = 0;

/** UTF-8 of s in SCRATCH, or in the current allocator when it is long. */
function encode(s: string): usize {
  const n = utf8Length(s);
  const p = n <= SCRATCH_BYTES ? SCRATCH : heap.alloc(n);
  encodedLength = writeUtf8(s, p);
  return p;
}
