// The reference parser (tests/http/llhttp.ts) keeps what the differential
// tests rely on from Node's server: its two limits around llhttp, trimmed
// values, trailers apart from the head, and where an upgrade hands over.
// Every expected value below is what node:http's own parser (Node 20's
// HTTPParser binding) reports for the same input.
import { describe, expect, it } from "vitest";
import { Llhttp, LLHTTP_METHODS, llhttpMessages, MAX_CHUNK_EXTENSION_BYTES, MAX_HEADER_BYTES } from "./llhttp.js";

const bytes = (s: string) => Buffer.from(s, "latin1");
const chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

describe("reference llhttp", () => {
  it("rejects a head over 16 KiB of target, names and values at the byte that crosses it", () => {
    const head = `GET / HTTP/1.1\r\nHost: a\r\nX: ${"a".repeat(16400)}\r\n\r\n`;
    expect(MAX_HEADER_BYTES).toBe(16384);
    expect(llhttpMessages(bytes(head))).toMatchObject({ error: "HPE_HEADER_OVERFLOW", errorAt: 16405, ends: [] });
  });

  it("allows 16 KiB of chunk extensions on one chunk and rejects one byte more", () => {
    expect(MAX_CHUNK_EXTENSION_BYTES).toBe(16384);
    const at = (n: number) => bytes(`${chunked}1;${"a".repeat(n)}\r\nx\r\n0\r\n\r\n`);
    expect(llhttpMessages(at(16384))).toMatchObject({ error: null, ends: [16452] });
    expect(llhttpMessages(at(16385))).toMatchObject({ error: "HPE_CHUNK_EXTENSIONS_OVERFLOW", errorAt: 16443 });
  });

  it("passes values without trailing SP / HTAB, and the method's llhttp number", () => {
    const { heads, ends } = llhttpMessages(bytes("M-SEARCH * HTTP/1.1\r\nHost: a \t\r\nX-Y:  v  \r\n\r\n"));
    expect(ends).toEqual([45]);
    expect(heads.map((h) => [LLHTTP_METHODS[h.method], h.url, h.headers])).toEqual([["M-SEARCH", "*", ["Host", "a", "X-Y", "v"]]]);
  });

  it("hands trailers to messageComplete, not to the next head", () => {
    const seen: string[][] = [];
    const parser = new Llhttp({
      headersComplete: (head) => { seen.push(head.headers); },
      messageComplete: (trailers) => { seen.push(trailers); },
    });
    const input = bytes(`${chunked}1\r\nx\r\n0\r\nT: 1 \r\n\r\nGET / HTTP/1.1\r\nHost: b\r\n\r\n`);
    expect(parser.execute(input)).toBe(input.length);
    expect(seen).toEqual([["Host", "a", "Transfer-Encoding", "chunked"], ["T", "1"], ["Host", "b"], []]);
  });

  it("stops at the end of a CONNECT head and reports the error name and bytes consumed", () => {
    expect(llhttpMessages(bytes("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\nrest"))).toMatchObject({ ends: [35], upgradeAt: 35 });
    const parser = new Llhttp();
    expect(parser.execute(bytes("GET / HTTP/1.1\r\nHost: a\nb"))).toEqual({ code: "HPE_CR_EXPECTED", bytesParsed: 23 });
  });
});
