// Server events as log lines (host/node/events.ts): readable text by
// default, JSON lines on request, limits logged at most once per interval
// with a count.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { App, serve } from "../../host/index.js";
import { LIMIT_LOG_INTERVAL, ServerEvents } from "../../host/node/events.js";
import { lineSink } from "../support/logged.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("ServerEvents", () => {
  it("json: one object per event with level, event, message, fields and the error's stack", () => {
    const { lines, sink } = lineSink();
    const events = new ServerEvents({ format: "json", sink });
    events.emit("error", "core-replaced", "asedge: the WASM core trapped", { restarts: 2, skipped: undefined }, new Error("unreachable"));
    const entry = JSON.parse(lines[0]);
    expect(entry).toEqual({
      time: expect.stringMatching(ISO), level: "error", event: "core-replaced", message: "asedge: the WASM core trapped",
      restarts: 2, error: "unreachable", stack: expect.stringMatching(/^Error: unreachable\n\s+at /),
    });
  });

  it("text: the message, then the stack when there is an error", () => {
    const { lines, sink } = lineSink();
    const events = new ServerEvents({ sink });
    events.emit("warn", "worker-restarting", "asedge: worker 1 exited");
    events.emit("error", "stream-failed", "asedge: response stream failed:", {}, new Error("gone"));
    expect(lines[0]).toBe("asedge: worker 1 exited");
    expect(lines[1]).toMatch(/^asedge: response stream failed:\nError: gone\n\s+at /);
  });

  it("limits: a line at most once per interval, carrying how many since the last", () => {
    const { lines, sink } = lineSink();
    const events = new ServerEvents({ format: "json", sink });
    const message = (count: number) => `refused ${count}`;
    events.limit("connections-refused", message, 1_000);
    for (let i = 0; i < 5; i++) events.limit("connections-refused", message, 1_000 + i);
    events.limit("pool-exhausted", message, 1_001); // another limit has its own interval
    events.limit("connections-refused", message, 1_000 + LIMIT_LOG_INTERVAL);
    expect(lines.map((line) => { const { event, message: m, count } = JSON.parse(line); return [event, m, count]; })).toEqual([
      ["connections-refused", "refused 1", 1],
      ["pool-exhausted", "refused 1", 1],
      ["connections-refused", "refused 6", 6],
    ]);
  });
});

describe("the Node host's events", () => {
  it("connections refused over maxConnections are logged once, as JSON when asked", async () => {
    const { lines, sink } = lineSink();
    const server = await serve(new App().get("/", (c) => c.text("ok")), {
      port: 0, hostname: "127.0.0.1", maxConnections: 1, log: { format: "json", sink },
    });
    const open = (): Promise<net.Socket> => new Promise((resolve) => {
      const socket = net.connect(server.port, "127.0.0.1", () => resolve(socket));
      socket.on("error", () => undefined);
    });
    const sockets = [await open()];
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) {
      const extra = await open();
      sockets.push(extra);
      await new Promise((resolve) => extra.once("close", resolve)); // closed at once by the server
    }
    for (const socket of sockets) socket.destroy();
    await server.close();
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((e) => [e.event, e.level, e.count])).toEqual([["connections-refused", "warn", 1]]);
    expect(entries[0].message).toBe("asedge: over maxConnections (1): closed 1 new connection(s) since the last such line");
    expect(server.stats?.().refused).toBe(3);
  });

  it("close() flushes the server's log sink: lines a batching sink still holds are out when it resolves", async () => {
    const held: string[] = [];
    const written: string[] = [];
    const sink = { write: (line: string) => { held.push(line); }, flush: () => { written.push(...held.splice(0)); } };
    const server = await serve(new App().get("/", (c) => c.text("ok")), {
      port: 0, hostname: "127.0.0.1", maxConnections: 1, log: { format: "json", sink },
    });
    const first = await new Promise<net.Socket>((resolve) => { const s = net.connect(server.port, "127.0.0.1", () => resolve(s)); });
    await new Promise((r) => setTimeout(r, 50));
    const refused = net.connect(server.port, "127.0.0.1");
    refused.on("error", () => undefined);
    await new Promise((resolve) => refused.once("close", resolve));
    first.destroy();
    expect(written).toEqual([]);
    await server.close();
    expect(written.map((line) => JSON.parse(line).event)).toEqual(["connections-refused"]);
  });
});
