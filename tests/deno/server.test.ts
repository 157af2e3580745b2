// What the Deno host adds to Deno.serve (the built asedge/deno in a Deno
// child process, over real sockets): stats(), Deno's info as the app's env,
// answers when a handler or the app's fetch fails (and serving goes on), the
// body limit, graceful close (close(), the signal, closeTimeout) and its
// errors: a socket host's option, a port in use, no read permission for
// the core (off Deno: tests/app/errors.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { exchange, header, rawRequest } from "../support/raw-http.js";
import { Client, pause, until } from "../support/raw-client.js";
import { DENO, DENO_RUN, startDenoHost, type DenoHost } from "../support/deno-host.js";
import { startChild } from "../support/child.js";
import { ERR_DENO_SOCKET_OPTION } from "../../host/deno/options.js";
import { CLOSE_TIMEOUT_PASSED, FETCH_FAILED } from "../../host/deno/server.js";
import { BODY_TOO_LARGE_REASON } from "../../host/app/body.js";

const GET_PLAIN = rawRequest("GET", "/plaintext");

/** Resolves "refused" when nothing listens on `port` any more. */
function connectOutcome(port: number): Promise<"connected" | "refused"> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => { socket.destroy(); resolve("connected"); });
    socket.on("error", () => resolve("refused"));
  });
}

describe("the Deno host", () => {
  let host: DenoHost;
  beforeAll(async () => {
    host = await startDenoHost();
  });
  afterAll(() => host.close());

  it("counts requests per route in stats()", async () => {
    const plain = (stats: Awaited<ReturnType<DenoHost["stats"]>>) => stats.requests.routes.find((r) => r.route === "/plaintext")?.requests ?? 0;
    const before = await host.stats();
    await exchange(host.port, [GET_PLAIN]);
    const after = await host.stats();
    expect(plain(after) - plain(before)).toBe(1);
    expect(after.requests.routes.find((r) => r.route === "/stats")?.requests).toBeGreaterThanOrEqual(1);
  });

  it("gives the app Deno's info as its env: c.env.remoteAddr is the client", async () => {
    const socket = net.connect(host.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const localPort = socket.localPort;
    const body = await new Promise<string>((resolve) => {
      socket.once("data", (data) => resolve(data.toString().split("\r\n\r\n")[1]));
      socket.write(rawRequest("GET", "/remote"));
    });
    socket.destroy();
    expect(JSON.parse(body)).toEqual({ hostname: "127.0.0.1", port: localPort });
  });

  it("answers pipelined requests on one connection in order, a streamed body among them", async () => {
    const { responses, closed } = await exchange(host.port, [Buffer.concat([rawRequest("GET", "/stream"), rawRequest("GET", "/json"), GET_PLAIN])], { expect: 3 });
    expect(header(responses[0], "transfer-encoding")).toBe("chunked");
    expect(responses.map((r) => r.body.toString())).toEqual(["one two three", '{"message":"Hello, World!"}', "Hello, World!"]);
    expect(closed).toBe(false);
  });

  it("answers HEAD with the Content-Length of the GET and no body", async () => {
    const { responses } = await exchange(host.port, [rawRequest("HEAD", "/json"), GET_PLAIN], { expect: 2, headRequests: new Set([0]) });
    expect(responses.map((r) => [r.status, header(r, "content-length"), r.body.length])).toEqual([[200, "27", 0], [200, "13", 13]]);
  });

  it("a throwing handler answers 500, is logged, and the connection keeps serving", async () => {
    const { responses, closed } = await exchange(host.port, [rawRequest("GET", "/error"), GET_PLAIN], { expect: 2, gapMs: 20 });
    expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([[500, "Internal Server Error"], [200, "Hello, World!"]]);
    expect(closed).toBe(false);
    await until(() => host.child.stderr().includes("reference app: deliberate failure"));
    expect(host.child.stderr()).toContain("reference app: deliberate failure");
  });

  it("when the app's fetch itself fails, answers 500, logs FETCH_FAILED once, and serves the next request", async () => {
    const logged = () => host.child.stderr().split(FETCH_FAILED).length - 1;
    const before = logged();
    const failed = await exchange(host.port, [rawRequest("GET", "/locked-body")]);
    expect([failed.responses[0]?.status, failed.responses[0]?.body.toString()]).toEqual([500, "Internal Server Error"]);
    expect((await exchange(host.port, [GET_PLAIN])).responses[0]?.body.toString()).toBe("Hello, World!");
    await until(() => logged() > before);
    expect(logged() - before).toBe(1);
    expect(host.child.stderr()).toMatch(/ReadableStream is locked|locked/i);
  });
});

describe("the body limit on the Deno host", () => {
  it("answers 413 past maxBodyBytes, declared or streamed, and keeps serving", async () => {
    const host = await startDenoHost({ maxBodyBytes: 1000 });
    try {
      const declared = await exchange(host.port, [rawRequest("POST", "/echo", [], "x".repeat(1001))]);
      const chunked = ["POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", `258\r\n${"y".repeat(600)}\r\n`, `258\r\n${"y".repeat(600)}\r\n0\r\n\r\n`];
      const streamed = await exchange(host.port, chunked, { gapMs: 30 });
      const fits = await exchange(host.port, [rawRequest("POST", "/echo", [], "x".repeat(1000))]);
      expect([declared, streamed].map((e) => [e.responses[0]?.status, e.responses[0]?.body.toString()])).toEqual([
        [413, BODY_TOO_LARGE_REASON], [413, BODY_TOO_LARGE_REASON],
      ]);
      expect(JSON.parse(fits.responses[0].body.toString()).body).toHaveLength(1000);
    } finally {
      await host.close();
    }
  });
});

describe("graceful close of the Deno host", () => {
  it("close(): ends idle connections at once, finishes a request in flight, refuses new ones, exits 0", async () => {
    const host = await startDenoHost();
    const idle = new Client(host.port);
    await idle.send(GET_PLAIN);
    await idle.waitFor(1);
    const slow = new Client(host.port);
    await slow.send(rawRequest("GET", "/slow"));
    await pause(50);
    host.child.process.stdin.write("close\n");
    await host.child.waitFor(/closing/);
    await idle.closed;
    // Deno closes its listener in the shutdown's own task: not always before the idle connections.
    await until(async () => (await connectOutcome(host.port)) === "refused", 2000);
    expect(await connectOutcome(host.port)).toBe("refused");
    expect(slow.isOpen).toBe(true);
    await slow.closed;
    expect(slow.responses.map((r) => [r.status, r.body.toString()])).toEqual([[200, "slow and complete"]]);
    await host.child.waitFor(/finished\s+closed/);
    expect(host.child.stderr()).not.toContain(CLOSE_TIMEOUT_PASSED);
    expect((await host.child.exited).code).toBe(0);
  });

  it("aborting the signal given to serve() closes gracefully: the request that aborted it is answered", async () => {
    const host = await startDenoHost();
    const { responses } = await exchange(host.port, [rawRequest("GET", "/abort")]);
    expect(responses.map((r) => [r.status, r.body.toString()])).toEqual([[200, "aborted"]]);
    await host.child.waitFor(/finished/);
    expect(await connectOutcome(host.port)).toBe("refused");
    await host.close(); // close() after the signal: the same close, already done
  });

  it("resolves close() at closeTimeout with a request still running, says so, and the exit drops it", async () => {
    const host = await startDenoHost({ closeTimeout: 300 });
    const stuck = new Client(host.port);
    await stuck.send(rawRequest("GET", "/hang"));
    await pause(50);
    const started = Date.now();
    await host.close(); // the child exits once close() resolved
    await stuck.closed;
    expect(stuck.responses).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(host.child.stderr()).toContain(CLOSE_TIMEOUT_PASSED);
    expect(host.child.stdout()).not.toContain("finished"); // Deno's server still waited for it
  });
});

describe("errors of the Deno host", () => {
  it("refuses a socket host's options by name (ERR_DENO_SOCKET_OPTION)", async () => {
    const failed = await startDenoHost({ headersTimeout: 300, workers: 2 } as never).then(() => "started", (error: Error) => error.message);
    expect(failed).toContain(`${ERR_DENO_SOCKET_OPTION} workers, headersTimeout`);
  });

  it("rejects with Deno's AddrInUse on a port in use", async () => {
    const host = await startDenoHost();
    try {
      const failed = await startDenoHost({ port: host.port }).then(() => "started", (error: Error) => error.message);
      expect(failed).toContain("AddrInUse");
    } finally {
      await host.close();
    }
  });

  it("without read permission for the core .wasm, fails at import with Deno's error naming the file and the flag", async () => {
    const app = new URL("../support/deno-app.mjs", import.meta.url).pathname;
    const child = startChild(app, { DENO_NO_UPDATE_CHECK: "1" }, DENO, DENO_RUN.filter((arg) => !arg.startsWith("--allow-read")));
    const { code } = await child.exited;
    expect(code).not.toBe(0);
    expect(child.stdout()).not.toContain("listening");
    expect(child.stderr()).toMatch(/NotCapable.*read access to .*asedge\.wasm.*--allow-read/s);
  });
});
