// The recording file on Node: real temp files, appends that survive a
// reopen, the torn tail a crash leaves, wrong magic, missing files.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ERR_RECORDING_CLOSED, openRecording } from "./file.js";
import { encodeExchange, ERR_RECORDING_CRC, ERR_RECORDING_MAGIC, HEADER_SIZE } from "./format.js";
import { exchange, fp, mixed } from "./exchanges.fixture.js";

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "asedge-recording-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("recording files", () => {
  it("create: a missing file becomes a file with just the header", () => {
    const path = join(dir, "new.asrr");
    const file = openRecording(path, { create: true });
    file.close();
    expect([...readFileSync(path)]).toEqual([0x41, 0x53, 0x52, 0x52, 1, 0, 0, 0]);
    expect(file.recording.size).toBe(0);
  });

  it("create: an empty file (a crash before its header was written) becomes a new recording; without create it is not one", () => {
    const path = join(dir, "empty.asrr");
    writeFileSync(path, "");
    expect(() => openRecording(path)).toThrow(`${ERR_RECORDING_MAGIC}: ${path}`);
    const file = openRecording(path, { create: true });
    file.append(exchange());
    file.close();
    expect(openRecording(path).recording.size).toBe(1);
  });

  it("without create, a missing file is the filesystem's error", () => {
    expect(() => openRecording(join(dir, "missing.asrr"))).toThrow(/ENOENT.*missing\.asrr/);
  });

  it("appends entries that a reopen finds, in order, with bodies viewing the file's bytes", () => {
    const path = join(dir, "r.asrr");
    const file = openRecording(path, { create: true });
    for (const x of mixed()) file.append(x);
    expect(file.recording.count(fp(1), "")).toBe(2);
    file.close();
    const reopened = openRecording(path);
    expect(reopened.recording.size).toBe(5);
    expect(reopened.recording.byteLength).toBe(statSync(path).size);
    reopened.recording.verify();
    const upload = reopened.recording.lookup(fp(2), "", 0)!;
    expect(upload.response.body.buffer).toBe(reopened.recording.toBytes().buffer);
    expect([...reopened.recording.entries()].map((x) => x.request.url)).toEqual(mixed().map((x) => x.request.url));
    reopened.append(exchange({ fingerprint: fp(4) }));
    reopened.close();
    expect(openRecording(path).recording.size).toBe(6);
  });

  it("each append is one write at the end: the file grows by exactly the entry", () => {
    const path = join(dir, "r.asrr");
    const file = openRecording(path, { create: true });
    file.append(exchange());
    const before = readFileSync(path);
    file.append(exchange({ occurrence: 1 }));
    const after = readFileSync(path);
    expect(after.subarray(0, before.length)).toEqual(before);
    expect(after.subarray(before.length)).toEqual(Buffer.from(encodeExchange(exchange({ occurrence: 1 }))));
    file.close();
  });

  it("a torn tail (a crash mid-append) is left out, and cut off before the next append", () => {
    const path = join(dir, "r.asrr");
    const file = openRecording(path, { create: true });
    file.append(exchange());
    file.close();
    const whole = statSync(path).size;
    appendFileSync(path, encodeExchange(exchange({ occurrence: 1 })).subarray(0, 50)); // what a crash leaves
    const reopened = openRecording(path);
    expect([reopened.recording.size, reopened.recording.torn, reopened.recording.tornBytes]).toEqual([1, 1, 50]);
    expect(statSync(path).size).toBe(whole);
    reopened.append(exchange({ occurrence: 1 }));
    reopened.close();
    const again = openRecording(path);
    expect([again.recording.size, again.recording.torn]).toEqual([2, 0]);
    again.recording.verify();
    again.close();
  });

  it("a file with the wrong magic is an error naming the file", () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "not a recording at all");
    expect(() => openRecording(path, { create: true })).toThrow(`${ERR_RECORDING_MAGIC}: ${path}`);
    expect(readFileSync(path, "utf8")).toBe("not a recording at all");
  });

  it("a damaged entry is an error naming the entry's offset (zlib's CRC)", () => {
    const path = join(dir, "r.asrr");
    const file = openRecording(path, { create: true });
    file.append(exchange());
    file.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0x20;
    writeFileSync(path, bytes);
    expect(() => openRecording(path).recording.verify()).toThrow(`${ERR_RECORDING_CRC}: the entry at offset ${HEADER_SIZE}`);
  });

  it("append after close is an error naming the file; close twice is fine", () => {
    const path = join(dir, "r.asrr");
    const file = openRecording(path, { create: true });
    file.close();
    file.close();
    expect(() => file.append(exchange())).toThrow(`${ERR_RECORDING_CLOSED}: ${path}`);
  });
});
