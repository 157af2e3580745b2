// The Node host's per-read batch (host/node/read-batch.ts) against a real
// core's memory, then a Connection of a real server fed pipelined reads
// through a Wire that records its writes: one write per read, responses in
// order, and each request's latency counted from the read its first byte
// came with.
import { afterAll, describe, expect, it } from "vitest";
import { Core } from "../../host/core/core.js";
import { instantiateCore } from "../../host/node/core-file.js";
import { ReadBatch } from "../../host/node/read-batch.js";
import { Connection, type Wire } from "../../host/node/connection.js";
import { NodeServer } from "../../host/node/server.js";
import { App } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { rawRequest } from "../support/raw-http.js";

const core = new Core(instantiateCore());
/** Somewhere in the core's memory to play WASM's part: bytes an answer left there. */
const SCRATCH = core.slotInput(core.exports.acquire());

function inCore(text: string): number {
  core.u8.set(Buffer.from(text, "latin1"), SCRATCH);
  return text.length;
}

describe("ReadBatch", () => {
  it("gathers answers and added buffers into one buffer, in order", () => {
    const batch = new ReadBatch();
    expect(batch.gather(core, SCRATCH, inCore("one;"))).toBe(true);
    expect(batch.gather(core, SCRATCH, inCore("two;"))).toBe(true);
    batch.add(Buffer.from("own;"));
    expect(batch.gather(core, SCRATCH, inCore("three"))).toBe(true);
    expect(Buffer.from(batch.take()!).toString()).toBe("one;two;own;three");
    expect(batch.take()).toBeUndefined();
  });

  it("hands out one run as a view, and never writes over bytes it handed out", () => {
    const batch = new ReadBatch();
    batch.gather(core, SCRATCH, inCore("first answer"));
    const taken = batch.take()!;
    // Enough later answers to fill the shared output several times over.
    const other = new ReadBatch();
    for (let i = 0; i < 200; i++) {
      other.gather(core, SCRATCH, inCore("x".repeat(1000)));
      if (i % 10 === 0) other.take();
    }
    expect(Buffer.from(taken).toString()).toBe("first answer");
  });

  it("keeps a run whole across a full output", () => {
    const batch = new ReadBatch();
    const parts: string[] = [];
    for (let i = 0; i < 100; i++) {
      const text = `${i}:${"y".repeat(1000)};`;
      parts.push(text);
      batch.gather(core, SCRATCH, inCore(text));
    }
    expect(Buffer.from(batch.take()!).toString()).toBe(parts.join(""));
  });

  it("leaves a large answer to the app's own copy", () => {
    const batch = new ReadBatch();
    expect(batch.gather(core, SCRATCH, 8 * 1024 + 1)).toBe(false);
    expect(batch.take()).toBeUndefined();
  });
});

/** A Wire that keeps every write. */
function recordingWire(): Wire & { writes: Buffer[] } {
  const writes: Buffer[] = [];
  return {
    writes, destroyed: false, remoteAddress: "127.0.0.1",
    write(bytes: Uint8Array) { writes.push(Buffer.from(bytes)); return true; },
    pause() {}, resume() {}, end() {}, destroy() {},
  };
}

function bodies(bytes: Buffer): string[] {
  return bytes.toString("latin1").split(/HTTP\/1\.1 200 OK\r\n/).slice(1).map((r) => r.slice(r.indexOf("\r\n\r\n") + 4));
}

describe("a Connection answering pipelined reads", () => {
  const servers: NodeServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  function connect(app: App) {
    const server = new NodeServer(app);
    servers.push(server);
    const wire = recordingWire();
    return { server, wire, connection: new Connection(server, wire) };
  }

  it("answers the 16 requests of one read with one write, in order", () => {
    const { wire, connection } = connect(createReferenceApp());
    const read = Buffer.concat(Array.from({ length: 16 }, (_, i) => rawRequest("GET", i % 2 ? "/json" : "/plaintext")));
    connection.onData(read);
    expect(wire.writes).toHaveLength(1);
    expect(bodies(wire.writes[0])).toEqual(Array.from({ length: 16 }, (_, i) => (i % 2 ? '{"message":"Hello, World!"}' : "Hello, World!")));
    connection.onData(rawRequest("GET", "/plaintext"));
    expect(wire.writes).toHaveLength(2);
    expect(bodies(wire.writes[1])).toEqual(["Hello, World!"]);
  });

  it("counts a pipelined request's latency from the read its first byte came with", () => {
    const app = new App()
      .get("/slow", (c) => {
        const until = performance.now() + 30;
        while (performance.now() < until) { /* a synchronous handler taking 30 ms */ }
        return c.text("slow");
      })
      .get("/fast", (c) => c.text("fast"));
    const { server, wire, connection } = connect(app);
    connection.onData(Buffer.concat([rawRequest("GET", "/slow"), rawRequest("GET", "/fast")]));
    expect(wire.writes).toHaveLength(1);
    expect(bodies(wire.writes[0])).toEqual(["slow", "fast"]);
    const fast = server.stats().requests.routes.find((r) => r.route === "/fast")!;
    // It waited behind /slow in the same read: at least those 30 ms (a bucket bound at or above them).
    expect(fast.latency.count).toBe(1);
    expect(fast.latency.p50Us).toBeGreaterThanOrEqual(30_000);
  });
});
