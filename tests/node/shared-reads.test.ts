// Socket reads into the shared buffer (host/node/shared-reads.ts): that
// Node 20's accepted sockets take it and behave as with net.Socket's
// `onread` (bytes, pause/resume, end), that the host's sockets use it, and
// that the 'data' fallback still passes every connection case.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import net from "node:net";
import { once } from "node:events";
import { serve, type Server } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { readIntoSharedBuffer, useSharedReads } from "../../host/node/shared-reads.js";
import { connectionCases } from "../support/connection-cases.js";
import { exchange, rawRequest } from "../support/raw-http.js";

/** A server whose accepted socket goes to `accepted`, and a client connected to it. */
async function socketPair(accepted: (socket: net.Socket) => void): Promise<{ client: net.Socket; close: () => void }> {
  const server = net.createServer(accepted);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  await once(client, "connect");
  return { client, close: () => { client.destroy(); server.close(); } };
}

describe("readIntoSharedBuffer on Node's sockets", () => {
  it("delivers each read's bytes with their count, never as 'data' events", async () => {
    const reads: string[] = [];
    let dataEvents = 0;
    let taken = false;
    let bufferLength = 0;
    const got = new Promise<void>((resolve) => {
      void socketPair((socket) => {
        socket.on("data", () => { dataEvents++; });
        taken = readIntoSharedBuffer(socket, (buffer, length) => {
          bufferLength = buffer.length;
          reads.push(buffer.toString("latin1", 0, length));
          if (reads.join("") === "hello world") resolve();
        });
      }).then(({ client, close }) => {
        client.write("hello");
        setTimeout(() => client.write(" world"), 20);
        void got.finally(close);
      });
    });
    await got;
    expect(taken).toBe(true);
    expect(reads.join("")).toBe("hello world");
    expect(bufferLength).toBe(64 * 1024); // the shared buffer, not one per read
    expect(dataEvents).toBe(0);
  });

  it("pause() holds reads back until resume(), and the client's end still closes the socket", async () => {
    let server!: net.Socket;
    const reads: string[] = [];
    const { client, close } = await socketPair((socket) => {
      server = socket;
      readIntoSharedBuffer(socket, (buffer, length) => { reads.push(buffer.toString("latin1", 0, length)); });
      socket.pause();
    });
    try {
      client.write("held");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reads).toEqual([]);
      server.resume();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reads).toEqual(["held"]);
      const closed = once(server, "close");
      client.end();
      await closed;
      expect(server.destroyed).toBe(true);
    } finally {
      close();
    }
  });

  it("leaves a socket alone when shared reads are off", async () => {
    useSharedReads(false);
    let taken: boolean | undefined;
    const { client, close } = await socketPair((socket) => { taken = readIntoSharedBuffer(socket, () => {}); });
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(taken).toBe(false);
    } finally {
      useSharedReads(true);
      close();
      client.destroy();
    }
  });
});

describe("the Node host reads through the shared buffer", () => {
  it("takes no 'data' listener, and answers a request split over many reads and many requests in one read", async () => {
    const server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
    const on = vi.spyOn(net.Socket.prototype, "on");
    try {
      const request = rawRequest("GET", "/users/7");
      const split = Array.from(request, (byte) => Buffer.from([byte]));
      const { responses } = await exchange(server.port, [...split, Buffer.concat(Array(20).fill(request))], { expect: 21, gapMs: 1 });
      expect(responses.map((r) => r.body.toString())).toEqual(Array(21).fill('{"id":"7","name":"user-7"}'));
      // The server's end of the connection (its local port is the server's) listened for close, not data.
      const serverSide = on.mock.calls.map(([event], i) => [event, (on.mock.contexts[i] as net.Socket).localPort] as const)
        .filter(([, port]) => port === server.port).map(([event]) => event);
      expect(serverSide).toContain("close");
      expect(serverSide).not.toContain("data");
    } finally {
      on.mockRestore();
      await server.close();
    }
  });
});

describe("with reads as 'data' events (shared reads off)", () => {
  let server: Server;
  beforeAll(async () => {
    useSharedReads(false);
    server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.close();
    useSharedReads(true);
  });

  connectionCases(() => server.port);
});
