// bodyLimit on every host: declared lengths, bodies of unknown length counted as they arrive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyHost, type EveryHost } from "../../../tests/support/every-host.js";
import { runtimeLog } from "../../../tests/worker/miniflare.js";
import { BAD_CONTENT_LENGTH, bodyLimit, ERR_BODY_LIMIT_SIZE } from "./index.js";

let hosts: EveryHost;
/** workerd's own reports (its front end refusing a Content-Length), asserted instead of printed. */
const workerdLog = runtimeLog();
beforeAll(async () => {
  hosts = await everyHost("host/middleware/body-limit/body-limit.fixture.ts", { worker: { handleRuntimeStdio: workerdLog.handleRuntimeStdio } });
});
afterAll(() => hosts.close());

const TEXT: [string, string] = ["content-type", "text/plain; charset=UTF-8"];
const text = (status: number, body: string) => ({ status, headers: [TEXT], body: Buffer.from(body) });

/** A chunked body on the wire: each part one chunk. */
function chunked(...parts: string[]): string {
  return parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join("") + "0\r\n\r\n";
}

describe("bodyLimit: a declared Content-Length", () => {
  it("lets a body within the limit through", async () => {
    const expected = text(200, "got 16");
    expect(await hosts.ask({ method: "POST", path: "/small", body: "x".repeat(16) })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("answers a body over the limit 413 before the route runs", async () => {
    const expected = text(413, "body too large");
    expect(await hosts.ask({ method: "POST", path: "/small", body: "x".repeat(17) })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  it("records onError's answer", async () => {
    const expected = { status: 413, headers: [["content-type", "application/json"]], body: Buffer.from('{"error":"too big"}') };
    expect(await hosts.ask({ method: "POST", path: "/custom", body: "12345" })).toEqual({ fetch: expected, socket: expected, workerd: expected });
  });

  // workerd's own HTTP front end (kj) judges the field before the Worker runs: it answers a malformed
  // one 500 itself and reads an empty one as 0, so the Worker never sees these values.
  it.each([["abc", 500], ["-1", 500], ["1e3", 500], ["0x10", 500], ["", 200]] as const)(
    "answers Content-Length %j 400 on the fetch path and the Node socket (workerd's front end: %s)", async (value, workerd) => {
      const response = await hosts.app.request("/small", { method: "POST", headers: { "Content-Length": value }, body: "x" });
      expect([response.status, await response.text()]).toEqual([400, BAD_CONTENT_LENGTH]);
      const socket = await hosts.askSocket({ method: "POST", path: "/small", headers: [["Content-Length", value]], body: "x" }, "socket");
      expect(socket.raw.status).toBe(400); // the Node host's parser refuses it before the App
      const worker = await hosts.askSocket({ method: "POST", path: "/small", headers: [["Content-Length", value]], body: "x" }, "workerd");
      expect(worker.raw.status).toBe(workerd);
      if (workerd === 500) expect(await workerdLog.waitFor(`invalid Content-Length header value; cl = ${value}`)).toContain("Uncaught exception");
    });
});

describe("bodyLimit: bodies of unknown length", () => {
  it("counts a chunked body on the sockets: within → the route, over → 413", async () => {
    for (const host of ["socket", "workerd"] as const) {
      const within = await hosts.askSocket({ method: "POST", path: "/small", headers: [["Transfer-Encoding", "chunked"]], body: chunked("x".repeat(10), "y".repeat(6)) }, host);
      expect([within.raw.status, within.raw.body.toString()], host).toEqual([200, "got 16"]);
      const over = await hosts.askSocket({ method: "POST", path: "/small", headers: [["Transfer-Encoding", "chunked"]], body: chunked("x".repeat(10), "y".repeat(7)) }, host);
      expect([over.raw.status, over.raw.body.toString()], host).toEqual([413, "body too large"]);
    }
  });

  it("on the fetch path stops reading at the limit: a stream that never ends still gets its 413", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled <= 3) controller.enqueue(new Uint8Array(10));
        return pulled <= 3 ? undefined : new Promise(() => undefined); // then nothing, forever
      },
    });
    const response = await hosts.app.request("/small", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    expect([response.status, await response.text()]).toEqual([413, "body too large"]);
    expect(pulled).toBeLessThanOrEqual(3); // 20 bytes read: past 16, reading stopped
  });

  it("on the fetch path lets a stream within the limit through", async () => {
    const body = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new Uint8Array(8)); c.enqueue(new Uint8Array(8)); c.close(); } });
    const response = await hosts.app.request("/small", { method: "POST", body, duplex: "half" } as RequestInit);
    expect([response.status, await response.text()]).toEqual([200, "got 16"]);
  });
});

describe("bodyLimit: configuration", () => {
  it.each([-1, 1.5, Number.NaN])("refuses maxSize %s", (size) => {
    expect(() => bodyLimit({ maxSize: size })).toThrow(`${ERR_BODY_LIMIT_SIZE}: ${size}`);
  });
});
