// server.close() over real sockets: what ends at once, what is finished,
// the forced deadline, and graceful shutdown of node:cluster workers.
import { describe, expect, it } from "vitest";
import net from "node:net";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { App, serve } from "../../host/index.js";
import { createReferenceApp } from "../../host/reference/app.js";
import { exchange, rawRequest } from "../support/raw-http.js";

/** Connect, write `bytes`, and collect what the server sends until it closes. */
function openSocket(port: number, bytes: string, options: { allowHalfOpen?: boolean } = {}) {
  const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: options.allowHalfOpen ?? false });
  let received = "";
  socket.on("data", (data) => { received += data; });
  socket.on("error", () => {});
  const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  const connected = new Promise<void>((resolve) => socket.on("connect", () => {
    if (bytes) socket.write(bytes);
    resolve();
  }));
  return { socket, connected, closed };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("close()", () => {
  it("ends connections holding a partial head or nothing at once, without a response", async () => {
    const server = await serve(createReferenceApp(), { port: 0, hostname: "127.0.0.1" });
    const partialHead = openSocket(server.port, "GET /json HTTP/1.1\r\nHost: a\r\n");
    const silent = openSocket(server.port, "");
    await Promise.all([partialHead.connected, silent.connected]);
    await pause(50);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await partialHead.closed).toBe("");
    expect(await silent.closed).toBe("");
  });

  it("lets a request whose body is arriving finish, and answers it with Connection: close", async () => {
    const app = new App().post("/upload", async (c) => c.text(`got ${(await c.req.text()).length}`));
    const server = await serve(app, { port: 0, hostname: "127.0.0.1" });
    const upload = openSocket(server.port, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc");
    await upload.connected;
    await pause(50);
    const closing = server.close();
    await pause(50);
    upload.socket.write("def");
    const received = await upload.closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toContain("Connection: close\r\n");
    expect(received).toMatch(/\r\n\r\ngot 6$/);
    await closing;
  });

  it("destroys what is left at closeTimeout and resolves", async () => {
    const app = new App().get("/never", () => new Promise<Response>(() => {}));
    const server = await serve(app, { port: 0, hostname: "127.0.0.1", closeTimeout: 300 });
    const stuck = openSocket(server.port, "GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
    // A client that ignores the server's FIN keeps its socket half-open.
    const deaf = openSocket(server.port, "", { allowHalfOpen: true });
    await Promise.all([stuck.connected, deaf.connected]);
    await pause(50);
    const started = Date.now();
    await server.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
    expect(await stuck.closed).toBe("");
    deaf.socket.destroy();
  });
});

const CLUSTER_APP = fileURLToPath(new URL("../support/cluster-app.mjs", import.meta.url));

describe("close() with workers", () => {
  it("lets a worker finish a request in flight before it exits", async () => {
    const primary = spawn(process.execPath, [CLUSTER_APP], { stdio: ["pipe", "pipe", "inherit"] });
    let output = "";
    const seen = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) {
          primary.stdout.off("data", check);
          resolve(match);
        }
      };
      primary.stdout.on("data", (data) => { output += data; check(); });
      primary.once("exit", (code) => reject(new Error(`primary exited (${code}) before ${pattern}; output: ${output}`)));
      check();
    });
    const exited = new Promise<number | null>((resolve) => primary.on("exit", resolve));
    try {
      const port = Number((await seen(/listening on (\d+)/))[1]);
      const response = exchange(port, [rawRequest("GET", "/slow")], { waitForClose: true, timeoutMs: 10_000 });
      await seen(/slow request started/);
      primary.stdin.write("close\n");
      const { responses, closed } = await response;
      expect(responses).toHaveLength(1);
      expect(responses[0].body.toString()).toBe("slow and complete");
      expect(closed).toBe(true);
      expect(await exited).toBe(0);
      expect(output).toContain("primary closed");
    } finally {
      primary.kill("SIGKILL");
    }
  }, 20_000);
});
