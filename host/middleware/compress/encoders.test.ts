// Each platform's encoder on its own: what it produces decodes (node:zlib) to the input.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressionStreamEncoder, workerdEncoder, zlibEncoder, type Encoder } from "./encoders.js";
import type { Encoding } from "./negotiate.js";

const INPUT = new TextEncoder().encode("compress me, compress me again. ".repeat(200));
const decode: Record<Encoding, (b: Buffer) => Buffer> = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync, deflate: zlib.inflateSync };

async function drain(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}
function chunks(): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({ pull(c) { if (i >= 4) c.close(); else c.enqueue(INPUT.subarray(i++ * 1600, i * 1600)); } });
}

const encoders: [Encoder, Encoding[]][] = [
  [zlibEncoder(zlib, { brotliQuality: 3, level: 6 }), ["br", "gzip", "deflate"]],
  [compressionStreamEncoder, ["gzip", "deflate"]],
];
for (const [encoder, codings] of encoders) {
  describe(encoder.name, () => {
    it("offers what it can produce", () => expect(encoder.encodings).toEqual(codings));
    for (const coding of codings) {
      it(`${coding}: a known-length body and a stream round-trip`, async () => {
        const bytes = Buffer.from(await encoder.bytes(coding, INPUT));
        expect(bytes.length).toBeLessThan(INPUT.length / 10);
        expect(decode[coding](bytes).equals(Buffer.from(INPUT))).toBe(true);
        expect(decode[coding](await drain(encoder.stream(coding, chunks()))).equals(Buffer.from(INPUT))).toBe(true);
      });
    }
  });
}

describe("workerd", () => {
  it("leaves the body to the runtime: bytes and streams pass as they are", () => {
    const stream = chunks();
    expect(workerdEncoder.encodings).toEqual(["br", "gzip"]);
    expect(workerdEncoder.bytes("br", INPUT)).toBe(INPUT);
    expect(workerdEncoder.stream("gzip", stream)).toBe(stream);
  });
});

describe("zlib stream", () => {
  it("cancelling the encoded stream cancels the source", async () => {
    let cancelled: unknown;
    const source = new ReadableStream<Uint8Array>({ pull(c) { c.enqueue(INPUT); }, cancel(reason) { cancelled = reason; } });
    const encoded = zlibEncoder(zlib, { brotliQuality: 3, level: 6 }).stream("gzip", source);
    const reader = encoded.getReader();
    await reader.read();
    await reader.cancel("client gone");
    expect(cancelled).toBe("client gone");
  });
});
