// A trap inside the WASM core must not take the server down: the request in
// flight gets 500, requests being received get 503, the core is replaced by
// a new instance with the app's routes, and serving continues. The traps here
// are real: the real core's router is asked to read a path past the end of
// its memory (an out-of-bounds access inside the .wasm).
import { describe, expect, it } from "vitest";
import net from "node:net";
import { App, serve, type Server } from "../../host/index.js";
import { instantiateCore } from "../../host/node/core-file.js";
import { Core } from "../../host/core/core.js";
import { AppSlotAdapter } from "../../host/slot/app-adapter.js";
import type { CoreExports } from "../../host/core/abi.js";
import { exchange, parseResponses, rawRequest, type RawResponse } from "../support/raw-http.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Make the core trap for real: its router reads a path that runs past the end of its memory. */
function trapIn(exports: CoreExports): never {
  exports.routeMatch(1, 0, 0, exports.memory.buffer.byteLength - 4, 64, 1024, 256);
  throw new Error("the core did not trap");
}

/** The reference-like app, plus routes that make its core trap, and cores whose parse() traps on a marker header. */
class TrappingApp extends App {
  readonly instances: CoreExports[] = [];

  constructor() {
    super();
    this.onError((_error, c) => c.text("handled by onError", 599 as never));
    this.get("/plaintext", (c) => c.text("Hello, World!"));
    this.get("/trap", () => trapIn(this.current()));
    this.get("/trap-async", async () => {
      await pause(5);
      return trapIn(this.current());
    });
    this.get("/throws", () => { throw new Error("app error"); });
  }

  current(): CoreExports {
    return this.instances[this.instances.length - 1];
  }

  instantiate(): CoreExports {
    const real = instantiateCore();
    const exports: CoreExports = {
      ...real,
      parse: (slot: number, buf: number, len: number) => {
        const bytes = Buffer.from(real.memory.buffer, buf, len);
        return bytes.includes("X-Trap-Parser") ? trapIn(real) : real.parse(slot, buf, len);
      },
    };
    this.instances.push(exports);
    return exports;
  }
}

async function withServer(run: (server: Server, app: TrappingApp) => Promise<void>): Promise<void> {
  const app = new TrappingApp();
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { errors.push(args.join(" ")); };
  const log = { write: (line: string) => { errors.push(line); }, flush() {} };
  const server = await serve(Object.assign(new AppSlotAdapter(app), { instantiate: () => app.instantiate() }), { port: 0, hostname: "127.0.0.1", log: { sink: log } });
  try {
    await run(server, app);
  } finally {
    console.error = original;
    await server.close();
  }
  expect(errors.map(String)).toContainEqual(expect.stringContaining("the WASM core trapped"));
}

const GET_PLAIN = rawRequest("GET", "/plaintext");

describe("a trap in the core", () => {
  it("in the parser: 500 for that request, 503 for one being received, idle connections and new ones keep serving", async () => {
    await withServer(async (server, app) => {
      // An idle keep-alive connection and one with a partial head, opened before the trap.
      const idle = net.connect(server.port, "127.0.0.1");
      let idleBytes = Buffer.alloc(0);
      idle.on("data", (data) => { idleBytes = Buffer.concat([idleBytes, data]); });
      idle.write(GET_PLAIN);
      const partial = await openPartial(server.port, "GET /plaintext HTTP/1.1\r\nHost: a\r\n");
      await pause(50);

      const trapped = await exchange(server.port, [rawRequest("GET", "/plaintext", [["X-Trap-Parser", "1"]])], { waitForClose: true });
      expect(trapped.responses.map((r) => r.status)).toEqual([500]);
      expect(trapped.closed).toBe(true);
      const cut = await partial.closed;
      expect(cut.map((r) => r.status)).toEqual([503]);

      expect(app.instances).toHaveLength(2);
      expect(server.stats!().coreRestarts).toBe(1);
      idle.write(GET_PLAIN);
      await pause(50);
      expect(parseResponses(idleBytes).responses.map((r) => r.body.toString())).toEqual(["Hello, World!", "Hello, World!"]);
      idle.destroy();
      const after = await exchange(server.port, [GET_PLAIN]);
      expect(after.responses[0]?.body.toString()).toBe("Hello, World!");
    });
  });

  it("in a handler (sync and async): 500 and a new core, not the app's onError; an app error still goes to onError", async () => {
    await withServer(async (server, app) => {
      const sync = await exchange(server.port, [rawRequest("GET", "/trap")], { waitForClose: true });
      expect(sync.responses.map((r) => r.status)).toEqual([500]);
      await pause(20);
      expect(app.instances).toHaveLength(2);
      const async = await exchange(server.port, [rawRequest("GET", "/trap-async")], { waitForClose: true });
      expect(async.responses.map((r) => r.status)).toEqual([500]);
      await pause(20);
      expect(app.instances).toHaveLength(3);
      expect(server.stats!().coreRestarts).toBe(2);
      const appError = await exchange(server.port, [rawRequest("GET", "/throws")]);
      expect(appError.responses[0]?.status).toBe(599);
      expect(appError.responses[0]?.body.toString()).toBe("handled by onError");
      // Pipelined after a trap on a fresh connection: all served by the new core.
      const batch = await exchange(server.port, [Buffer.concat([GET_PLAIN, GET_PLAIN, GET_PLAIN])], { expect: 3 });
      expect(batch.responses.map((r) => r.body.toString())).toEqual(Array(3).fill("Hello, World!"));
    });
  });
});

describe("a trap on the fetch path", () => {
  it("answers 500 and the next request gets a fresh core", async () => {
    const app = new App().get("/ok", (c) => c.text("ok"));
    let exports: CoreExports | undefined;
    app.get("/trap", (c) => {
      exports = c.req.core.exports;
      return trapIn(exports);
    });
    const original = console.error;
    console.error = () => {};
    try {
      expect((await app.request("/ok")).status).toBe(200);
      const trapped = await app.request("/trap");
      expect(trapped.status).toBe(500);
      expect(await trapped.text()).toBe("Internal Server Error");
      const before = exports;
      const again = await app.request("/trap");
      expect(again.status).toBe(500);
      expect(exports).not.toBe(before); // the second request ran on a new core
      expect(await (await app.request("/ok")).text()).toBe("ok");
    } finally {
      console.error = original;
    }
  });
});

describe("a trap on the fetch path of a core made with options", () => {
  it("replaces the core with one of the same limits (toWorker's core options survive a trap)", async () => {
    const app = new App()
      .post("/echo", async (c) => c.text(await c.req.text()))
      .get("/trap", (c) => trapIn(c.req.core.exports));
    app.bind(new Core(instantiateCore(), { maxBodyBytes: 16 }));
    const post = (bytes: number) => app.request("/echo", { method: "POST", body: "x".repeat(bytes) });
    const original = console.error;
    console.error = () => {};
    try {
      expect((await post(17)).status).toBe(413);
      expect((await app.request("/trap")).status).toBe(500);
      expect((await post(16)).status).toBe(200);
      expect((await post(17)).status).toBe(413); // the new core has the old one's limit, not the 1 MiB default
    } finally {
      console.error = original;
    }
  });
});

/** Send `bytes` once connected; `closed` resolves with the responses received when the server closes. */
function openPartial(port: number, bytes: string): Promise<{ closed: Promise<RawResponse[]> }> {
  return new Promise((resolveOpened) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    socket.on("data", (data) => { received = Buffer.concat([received, data]); });
    socket.on("error", () => {});
    const closed = new Promise<RawResponse[]>((resolve) => socket.on("close", () => resolve(parseResponses(received).responses)));
    socket.on("connect", () => {
      socket.write(bytes);
      resolveOpened({ closed });
    });
  });
}
