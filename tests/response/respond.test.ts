// Response writing through the real boundary: the host writes extra header
// lines + CRLF + body into a region, one call writes the head in front.
import { describe, expect, it } from "vitest";
import { STATUS_CODES } from "node:http";
import { instantiateCore } from "../../host/node/core-file.js";
import { REQ, ContentType, PARSE_ERRORS, RESPONSE_HEAD_ROOM, RespondError } from "../../host/core/abi.js";

const core = instantiateCore();
core.configure(0, 0, 0, 0, 4, 4096, 1);
core.setClock(784111777); // Sun, 06 Nov 1994 08:49:37 GMT
const DATE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

function respond(status: number, contentType: number, extra: string, body: string, close = 0): string {
  const slot = core.acquire();
  try {
    const bytes = Buffer.from(`${extra}\r\n${body}`);
    const region = core.responseRegion(slot, bytes.length);
    expect(region).toBeGreaterThan(0);
    new Uint8Array(core.memory.buffer).set(bytes, region);
    const len = core.respond(slot, region, status, contentType, Buffer.byteLength(extra), Buffer.byteLength(body), close, 0, 0);
    if (len < 0) return `error ${len}`;
    const start = new DataView(core.memory.buffer).getUint32(core.slotRequest(slot) + REQ.RESPONSE_START, true);
    expect(start).toBeLessThan(region);
    expect(region - start).toBeLessThanOrEqual(RESPONSE_HEAD_ROOM);
    return Buffer.from(core.memory.buffer, start, len).toString();
  } finally {
    core.release(slot);
  }
}

describe("respond", () => {
  it("writes a full response around a body already in memory", () => {
    // A fresh slot has not parsed a keep-alive request: the writer closes.
    expect(respond(200, ContentType.JSON, "X-Id: 7\r\n", '{"a":"é"}')).toBe(
      `HTTP/1.1 200 OK\r\n${DATE}Content-Type: application/json\r\nContent-Length: 10\r\n` +
      `Connection: close\r\nX-Id: 7\r\n\r\n{"a":"é"}`);
  });

  it.each(Object.entries(STATUS_CODES))("status %s matches Node's reason phrase", (code, reason) => {
    const text = respond(Number(code), ContentType.NONE, "", "");
    const head = `HTTP/1.1 ${code} ${reason}\r\n${DATE}`;
    expect(text.slice(0, head.length)).toBe(head);
  });

  it("refuses invalid statuses and regions", () => {
    expect(respond(1000, ContentType.TEXT, "", "x")).toBe(`error ${RespondError.BAD_STATUS}`);
    expect(respond(200, 99, "", "x")).toBe(`error ${RespondError.BAD_STATUS}`);
    const slot = core.acquire();
    expect(core.respond(slot, 8, 200, ContentType.TEXT, 0, 0, 0, 0, 0)).toBe(RespondError.BAD_REGION);
    core.release(slot);
  });

  it("reports a full arena as region 0", () => {
    const slot = core.acquire();
    expect(core.responseRegion(slot, 4096)).toBe(0);
    expect(core.responseRegion(slot, 0xffffffff)).toBe(0);
    core.release(slot);
  });
});

describe("respondError", () => {
  it.each(PARSE_ERRORS.slice(1).map(([name, status, reason], i) => [name, i + 1, status, reason] as const))(
    "%s → complete %i response that closes",
    (_name, code, status, reason) => {
      const len = core.respondError(code);
      const ptr = Number(core.ERROR_RESPONSE_PTR.value);
      const text = Buffer.from(core.memory.buffer, ptr, len).toString("latin1");
      expect(text).toBe(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${DATE}Content-Type: text/plain; charset=UTF-8\r\n` +
        `Content-Length: ${reason.length}\r\nConnection: close\r\n\r\n${reason}`);
    },
  );
});
