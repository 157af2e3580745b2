// Bench-only entry (compiled by bench/json.bench.ts into bench/build/, never part of
// build/asedge.wasm): user records held in WASM memory, serialized with the
// product's JsonWriter.
//
// Record (unmanaged, 48 bytes) — strings are UTF-8 spans in a text region:
//   0 id u32 · 4 age u32 · 8 score f64 · 16 name span · 24 email span
//  32 street span · 40 zip u32 · 44 flags (bit 0 active, bits 8-15 city index)
// A span is [ptr u32, len u32].

import { JsonWriter } from "../../assembly/json/writer";
import { writeU64 } from "../../assembly/json/digits";

const RECORD: u32 = 48;
let records: usize = 0;
let text: usize = 0;
let textTop: usize = 0;

// Keys pre-quoted: "id" "name" … (the writer's rawKey takes them as is).
const K_ID = memory.data<u8>([34, 105, 100, 34]);
const K_NAME = memory.data<u8>([34, 110, 97, 109, 101, 34]);
const K_EMAIL = memory.data<u8>([34, 101, 109, 97, 105, 108, 34]);
const K_AGE = memory.data<u8>([34, 97, 103, 101, 34]);
const K_SCORE = memory.data<u8>([34, 115, 99, 111, 114, 101, 34]);
const K_ACTIVE = memory.data<u8>([34, 97, 99, 116, 105, 118, 101, 34]);
const K_ADDRESS = memory.data<u8>([34, 97, 100, 100, 114, 101, 115, 115, 34]);
const K_STREET = memory.data<u8>([34, 115, 116, 114, 101, 101, 116, 34]);
const K_CITY = memory.data<u8>([34, 99, 105, 116, 121, 34]);
const K_ZIP = memory.data<u8>([34, 122, 105, 112, 34]);
const K_TAGS = memory.data<u8>([34, 116, 97, 103, 115, 34]);

const CITIES: StaticArray<string> = ["Berlin", "Zürich", "São Paulo", "New \"York\"", "東京"];
const TAG_A = memory.data<u8>([97, 100, 109, 105, 110]); // admin
const TAG_B = memory.data<u8>([98, 101, 116, 97]);       // beta

function putAscii(prefix: string, n: u32, suffix: string): u64 {
  const start = textTop;
  for (let i = 0; i < prefix.length; i++) store<u8>(textTop++, <u8>prefix.charCodeAt(i));
  textTop += writeU64(textTop, n);
  for (let i = 0; i < suffix.length; i++) store<u8>(textTop++, <u8>suffix.charCodeAt(i));
  return (<u64>(textTop - start) << 32) | <u64>start;
}

let cityText: usize = 0;
let cityLen: usize = 0;

/** Build n records (the same data as makeRecords() in json.bench.ts). */
export function setup(n: u32): void {
  records = heap.alloc(<usize>n * RECORD);
  text = heap.alloc(<usize>n * 96 + 64);
  textTop = text;
  cityText = heap.alloc(128);
  cityLen = heap.alloc(5 * 8);
  let at = cityText;
  for (let c = 0; c < 5; c++) {
    const b = String.UTF8.encode(CITIES[c]);
    memory.copy(at, changetype<usize>(b), b.byteLength);
    store<u32>(cityLen + (<usize>c << 3), <u32>at);
    store<u32>(cityLen + (<usize>c << 3), b.byteLength, 4);
    at += b.byteLength;
  }
  for (let i: u32 = 0; i < n; i++) {
    const r = records + <usize>i * RECORD;
    store<u32>(r, i);
    store<u32>(r, 18 + i % 60, 4);
    store<f64>(r, <f64>i * 1.37 + 0.5, 8);
    store<u64>(r, putAscii("User ", i, ""), 16);
    store<u64>(r, putAscii("user", i, "@example.com"), 24);
    store<u64>(r, putAscii("", i, " Main St"), 32);
    store<u32>(r, 10000 + i, 40);
    store<u32>(r, (i % 3 != 0 ? 1 : 0) | ((i % 5) << 8), 44);
  }
}

const writer = changetype<JsonWriter>(memory.data(offsetof<JsonWriter>()));

// @ts-ignore: decorator
@inline function span(w: JsonWriter, r: usize, off: usize): void {
  w.string(<usize>load<u32>(r + off), load<u32>(r + off, 4));
}

/** Serialize the first n records as a JSON array into out; returns bytes or -error. */
export function serialize(n: u32, out: usize, cap: u32): i32 {
  const w = writer;
  w.init(out, cap, 0);
  w.beginArray();
  for (let i: u32 = 0; i < n; i++) {
    const r = records + <usize>i * RECORD;
    const flags = load<u32>(r, 44);
    w.beginObject();
    w.rawKey(K_ID, 4); w.uint(load<u32>(r));
    w.rawKey(K_NAME, 6); span(w, r, 16);
    w.rawKey(K_EMAIL, 7); span(w, r, 24);
    w.rawKey(K_AGE, 5); w.uint(load<u32>(r, 4));
    w.rawKey(K_SCORE, 7); w.f64(load<f64>(r, 8));
    w.rawKey(K_ACTIVE, 8); w.bool((flags & 1) != 0);
    w.rawKey(K_ADDRESS, 9);
    w.beginObject();
    w.rawKey(K_STREET, 8); span(w, r, 32);
    const c = cityLen + (<usize>((flags >> 8) & 0xff) << 3);
    w.rawKey(K_CITY, 6); w.string(<usize>load<u32>(c), load<u32>(c, 4));
    w.rawKey(K_ZIP, 5); w.uint(load<u32>(r, 40));
    w.endObject();
    w.rawKey(K_TAGS, 6);
    w.beginArray();
    w.string(TAG_A, 5);
    if (flags & 1) w.string(TAG_B, 4);
    w.endArray();
    w.endObject();
  }
  w.endArray();
  return w.result();
}

/** Scratch for the host: where it may put input/output bytes. */
export function region(size: u32): usize {
  return heap.alloc(size);
}
