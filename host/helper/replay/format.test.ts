// The binary recording format: round trips, the index (order, occurrences,
// sessions), zero-copy bodies, the torn tail, CRC and structure errors.
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  crc32, encodeExchange, ERR_RECORDING_CORRUPT, ERR_RECORDING_CRC, ERR_RECORDING_FINGERPRINT, ERR_RECORDING_MAGIC,
  ERR_RECORDING_OCCURRENCE, ERR_RECORDING_TOO_LARGE, ERR_RECORDING_VERSION, fileHeader, HEADER_SIZE, Recording,
} from "./format.js";
import { BINARY, exchange, fp, mixed } from "./exchanges.fixture.js";
import type { RecordedExchange } from "./types.js";

function recordingOf(exchanges: RecordedExchange[]): Uint8Array {
  const r = Recording.empty();
  for (const x of exchanges) r.add(x);
  return r.toBytes();
}

/** Plain Uint8Arrays of the bodies, so equality does not depend on which buffer they view. */
function plain(x: RecordedExchange): RecordedExchange {
  return { ...x, request: { ...x.request, body: new Uint8Array(x.request.body) }, response: { ...x.response, body: new Uint8Array(x.response.body) } };
}

describe("the recording format", () => {
  it("round-trips every field: text and binary bodies, repeated headers, sessions, non-ASCII urls", () => {
    const loaded = Recording.from(recordingOf(mixed()));
    expect(loaded.size).toBe(5);
    expect([...loaded.entries()].map(plain)).toEqual(mixed());
  });

  it("starts with the magic and version, then entries of length | CRC-32 | payload", () => {
    const bytes = recordingOf([exchange()]);
    expect([...bytes.subarray(0, 4)]).toEqual([0x41, 0x53, 0x52, 0x52]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(4, true)).toBe(1);
    const length = view.getUint32(HEADER_SIZE, true);
    expect(bytes.length).toBe(HEADER_SIZE + 8 + length);
    const payload = bytes.subarray(HEADER_SIZE + 8);
    expect(view.getUint32(HEADER_SIZE + 4, true)).toBe(zlibCrc32(payload));
    expect([...payload.subarray(0, 16)]).toEqual([...new Uint8Array(15), 1]); // fp(1), big-endian hex digits
  });

  it("the JS CRC-32 is zlib's", () => {
    for (const data of [new Uint8Array(0), BINARY, new TextEncoder().encode("123456789")]) expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
  });

  it("bodies are views of the loaded bytes (zero copy)", () => {
    const bytes = recordingOf(mixed());
    const loaded = Recording.from(bytes);
    const upload = loaded.lookup(fp(2), "", 0)!;
    expect(upload.request.body.buffer).toBe(bytes.buffer);
    expect(upload.response.body.buffer).toBe(bytes.buffer);
    const at = upload.response.body.byteOffset + 299;
    bytes[at] ^= 0xff; // the loaded bytes change under the body: it is a view, not a copy
    expect(upload.response.body[299]).toBe(BINARY[299] ^ 0xff);
  });

  it("decodes an entry once and caches it", () => {
    const loaded = Recording.from(recordingOf(mixed()));
    expect(loaded.lookup(fp(1), "", 0)).toBe(loaded.lookup(fp(1), "", 0));
  });

  it("indexes by fingerprint and session; occurrences in order; sessions kept apart", () => {
    const loaded = Recording.from(recordingOf(mixed()));
    expect(loaded.count(fp(1), "")).toBe(2);
    expect(loaded.count(fp(1), "alice")).toBe(1);
    expect(loaded.count(fp(1), "bob")).toBe(0);
    expect(loaded.count(fp(9), "")).toBe(0);
    expect(new TextDecoder().decode(loaded.lookup(fp(1), "", 1)!.response.body)).toBe('{"items":[]}');
    expect(loaded.lookup(fp(1), "", 0)!.response.encoding).toBe("gzip");
    expect(loaded.lookup(fp(1), "alice", 0)!.session).toBe("alice");
    expect(loaded.lookup(fp(1), "alice", 1)).toBeUndefined();
    expect(loaded.lookup(fp(1), "", 2)).toBeUndefined();
    expect([...loaded.entries()].map((x) => [x.fingerprint, x.session, x.occurrence])).toEqual([
      [fp(1), "", 0], [fp(1), "", 1], [fp(1), "alice", 0], [fp(2), "", 0], [fp(3), "", 0],
    ]);
  });

  it("a session whose bytes look like another key's stay apart (non-ASCII sessions)", () => {
    const loaded = Recording.from(recordingOf([exchange({ session: "é" }), exchange({ session: "Ã©" }), exchange({ session: "e" })]));
    expect(loaded.count(fp(1), "é")).toBe(1);
    expect(loaded.count(fp(1), "Ã©")).toBe(1);
    expect(loaded.lookup(fp(1), "é", 0)!.session).toBe("é");
    expect(loaded.lookup(fp(1), "Ã©", 0)!.session).toBe("Ã©");
  });

  it("add() appends in memory: indexed at once, in toBytes(), its return value is the entry a writer appends", () => {
    const base = recordingOf([exchange()]);
    const r = Recording.from(base);
    const entry = r.add(exchange({ fingerprint: fp(7), session: "s" }));
    expect(entry).toEqual(encodeExchange(exchange({ fingerprint: fp(7), session: "s" })));
    expect(r.count(fp(7), "s")).toBe(1);
    expect(r.byteLength).toBe(base.length + entry.length);
    const again = Recording.from(r.toBytes());
    expect([...again.entries()].map(plain)).toEqual([exchange(), exchange({ fingerprint: fp(7), session: "s" })]);
  });

  it("toBytes() of a loaded recording with nothing added is a view of the loaded bytes, not a copy", () => {
    const bytes = recordingOf(mixed());
    const out = Recording.from(bytes).toBytes();
    expect(out.buffer).toBe(bytes.buffer);
    expect(out).toEqual(bytes);
  });

  it("the same fingerprint, session and occurrence twice: the later answers, the earlier is shadowed", () => {
    const older = exchange({ status: 500 });
    const newer = exchange({ status: 200 });
    const r = Recording.from(recordingOf([older, exchange({ occurrence: 1 }), newer]));
    expect(r.lookup(fp(1), "", 0)!.response.status).toBe(200);
    expect(r.count(fp(1), "")).toBe(2);
    expect([r.size, r.shadowed]).toEqual([2, 1]);
    expect([...r.entries()].map((x) => [x.occurrence, x.response.status])).toEqual([[1, 200], [0, 200]]);
  });

  it("a torn last entry (a crash mid-append) is left out and counted, at every cut", () => {
    const whole = recordingOf(mixed().slice(0, 2));
    const firstEnd = HEADER_SIZE + 8 + new DataView(whole.buffer).getUint32(HEADER_SIZE, true);
    for (const cut of [firstEnd + 1, firstEnd + 7, firstEnd + 8, firstEnd + 30, whole.length - 1]) {
      const r = Recording.from(whole.subarray(0, cut));
      expect([r.size, r.torn, r.tornBytes], `cut at ${cut}`).toEqual([1, 1, cut - firstEnd]);
      expect(r.byteLength).toBe(firstEnd);
      expect(r.toBytes().length).toBe(firstEnd);
      r.verify();
    }
    const zeroFilled = Recording.from(new Uint8Array([...whole.subarray(0, firstEnd), ...new Uint8Array(4096)])); // a machine crash
    expect([zeroFilled.size, zeroFilled.torn, zeroFilled.tornBytes]).toEqual([1, 1, 4096]);
    const intact = Recording.from(whole);
    expect([intact.size, intact.torn, intact.tornBytes]).toEqual([2, 0, 0]);
  });

  it("a CRC mismatch is an error naming the entry's offset, on first use and from verify()", () => {
    const bytes = recordingOf(mixed());
    const second = HEADER_SIZE + 8 + new DataView(bytes.buffer).getUint32(HEADER_SIZE, true);
    bytes[second + 8 + 60] ^= 0x01; // inside the second entry's meta
    const r = Recording.from(bytes); // loading reads no CRC
    expect(r.size).toBe(5);
    expect(r.lookup(fp(1), "", 0)!.response.status).toBe(200); // the first entry is intact
    expect(() => r.lookup(fp(1), "", 1)).toThrow(`${ERR_RECORDING_CRC}: the entry at offset ${second} (stored 0x`);
    expect(() => Recording.from(bytes).verify()).toThrow(`${ERR_RECORDING_CRC}: the entry at offset ${second}`);
  });

  it("uses an injected CRC-32 (what ./file.ts passes from zlib)", () => {
    const calls: number[] = [];
    const r = Recording.from(recordingOf([exchange()]), { crc32: (d) => { calls.push(d.length); return zlibCrc32(d); } });
    r.verify();
    expect(calls).toHaveLength(1);
  });

  it("not a recording: wrong magic, too short, another version", () => {
    expect(() => Recording.from(new TextEncoder().encode("HTTP/1.1 200 OK\r\n"))).toThrow(ERR_RECORDING_MAGIC);
    expect(() => Recording.from(new Uint8Array([0x41, 0x53]))).toThrow(ERR_RECORDING_MAGIC);
    const v2 = fileHeader();
    v2[4] = 2;
    expect(() => Recording.from(v2)).toThrow(`${ERR_RECORDING_VERSION}: 2 (this asedge reads 1)`);
    expect(Recording.from(fileHeader()).size).toBe(0);
  });

  it("a payload too short for its fixed fields, or a session past the payload, is malformed at load", () => {
    const tiny = new Uint8Array([...fileHeader(), 4, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(() => Recording.from(tiny)).toThrow(`${ERR_RECORDING_CORRUPT}: the entry at offset 8: a payload of 4 bytes cannot hold the fixed fields`);
    const bytes = recordingOf([exchange()]);
    new DataView(bytes.buffer).setUint32(HEADER_SIZE + 8 + 20, 1 << 30, true);
    expect(() => Recording.from(bytes)).toThrow(`${ERR_RECORDING_CORRUPT}: the entry at offset 8: the session runs past the payload`);
  });

  it("a well-checksummed entry whose parts do not add up is malformed on decode", () => {
    const bytes = recordingOf([exchange()]);
    const view = new DataView(bytes.buffer);
    const metaLength = HEADER_SIZE + 8 + 24; // the session is empty
    view.setUint32(metaLength, view.getUint32(metaLength, true) + 1_000_000, true);
    view.setUint32(HEADER_SIZE + 4, zlibCrc32(bytes.subarray(HEADER_SIZE + 8)), true);
    expect(() => Recording.from(bytes).verify()).toThrow(`${ERR_RECORDING_CORRUPT}: the entry at offset 8: the meta runs past the payload`);
  });

  it("a meta block with a field of the wrong type is malformed", () => {
    const bytes = encodeExchange(exchange({ durationMs: "slow" as unknown as number }));
    expect(() => Recording.from(new Uint8Array([...fileHeader(), ...bytes])).verify())
      .toThrow(`${ERR_RECORDING_CORRUPT}: the entry at offset 8: the meta block lacks a field or has one of the wrong type`);
  });

  it("fingerprints are 32 lower-case hex digits, on add and on lookup", () => {
    expect(() => encodeExchange(exchange({ fingerprint: "ABC" }))).toThrow(`${ERR_RECORDING_FINGERPRINT}: "ABC"`);
    expect(() => Recording.empty().lookup("zz".repeat(16), "", 0)).toThrow(ERR_RECORDING_FINGERPRINT);
  });

  it("occurrences are u32 integers", () => {
    for (const occurrence of [-1, 1.5, 2 ** 32, NaN]) expect(() => encodeExchange(exchange({ occurrence }))).toThrow(`${ERR_RECORDING_OCCURRENCE}: ${occurrence}`);
    expect(Recording.from(recordingOf([exchange({ occurrence: 2 ** 32 - 1 })])).lookup(fp(1), "", 2 ** 32 - 1)).toBeDefined();
  });

  it("an exchange of 4 GiB or more cannot be encoded", () => {
    // A view claiming 4 GiB without allocating it: only its length is read before the check.
    const huge = { length: 0xffff_ffff } as Uint8Array;
    expect(() => encodeExchange(exchange({ body: huge }))).toThrow(ERR_RECORDING_TOO_LARGE);
  });
});
