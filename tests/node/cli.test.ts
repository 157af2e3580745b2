// The asedge CLI: argument parsing, and the built binary serving for real.
import { describe, expect, it } from "vitest";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import net from "node:net";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseCommand, parseSize, UsageError, USAGE } from "../../host/cli/args.js";
import { minArenaBytes, MIN_ARENA_BYTES } from "../../host/cli/arena.js";
import { clickableUrl } from "../../host/cli/url.js";
import { exchange, rawRequest } from "../support/raw-http.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "dist/host/cli.js");
const FIXTURES = fileURLToPath(new URL("../fixtures/cli/", import.meta.url));
const HINT = `Run "asedge --help" for usage.\n`;

describe("parseCommand", () => {
  it("prints help when given no command, and for -h/--help anywhere", () => {
    expect(parseCommand([], {})).toEqual({ command: "help", options: {} });
    expect(parseCommand(["-h"], {}).command).toBe("help");
    expect(parseCommand(["serve", "app.js", "--help"], {}).command).toBe("help");
    expect(parseCommand(["--version"]).command).toBe("version");
    expect(parseCommand(["-v"]).command).toBe("version");
  });

  it("serves the reference app on 3000 with `serve` alone", () => {
    expect(parseCommand(["serve"], {})).toEqual({ command: "serve", entry: undefined, watch: false, wrapping: {}, flags: [], options: { port: 3000 } });
  });

  it("reads every serve option, long and short (-H is the host)", () => {
    expect(parseCommand(["serve", "app.js", "-p", "8080", "-H", "127.0.0.1", "-n", "3", "--max-body", "512kb", "-m", "128k"], {}))
      .toEqual({ command: "serve", entry: "app.js", watch: false, wrapping: {}, flags: [], options: { port: 8080, hostname: "127.0.0.1", workers: 3, maxBodyBytes: 512 * 1024, arenaBytes: 128 * 1024 } });
    expect(parseCommand(["serve", "--port", "1", "--host", "::1", "--workers", "auto", "--memory", "1mb", "--watch"], {}))
      .toMatchObject({ watch: true, options: { port: 1, hostname: "::1", arenaBytes: 1 << 20 } });
  });

  it("reads init's folder and flags", () => {
    expect(parseCommand(["init"], {})).toEqual({ command: "init", dir: ".", worker: false, assembly: false, options: {} });
    expect(parseCommand(["init", "my-app", "--worker", "--assembly"], {})).toEqual({ command: "init", dir: "my-app", worker: true, assembly: true, options: {} });
  });

  it("honours PORT, and --port wins over it", () => {
    expect(parseCommand(["serve"], { PORT: "4567" }).options.port).toBe(4567);
    expect(parseCommand(["serve", "-p", "80"], { PORT: "4567" }).options.port).toBe(80);
  });

  it("treats an empty PORT as unset and rejects an invalid one by name", () => {
    expect(parseCommand(["serve"], { PORT: "" }).options.port).toBe(3000);
    expect(() => parseCommand(["serve"], { PORT: "http" })).toThrow(/^PORT: expected a port 0–65535, got "http"$/);
    expect(() => parseCommand(["serve"], { PORT: " " })).toThrow(/^PORT:/);
    expect(() => parseCommand(["serve"], { PORT: "70000" })).toThrow(/^PORT:/);
  });

  it.each([
    [["serve", "-p", "x"], `-p/--port: expected a port 0–65535, got "x"`],
    [["serve", "-p", "70000"], `-p/--port: expected a port 0–65535, got "70000"`],
    [["serve", "-p", ""], `-p/--port: expected a port 0–65535, got ""`],
    [["serve", "-p", "0x10"], `-p/--port: expected a port 0–65535, got "0x10"`],
    [["serve", "-p"], "-p/--port: expected a value"],
    [["serve", "-H", ""], "-H/--host: expected an address"],
    [["serve", "-n", ""], `-n/--workers: expected an integer ≥ 1, got ""`],
    [["serve", "-n", "0"], `-n/--workers: expected an integer ≥ 1, got "0"`],
    [["serve", "-m", "0"], "-m/--memory 0b is too small: an arena needs at least 35kb (a 16kb request head, the router's match table for a path of 8kb, the response head)"],
    [["serve", "-m", "1kb"], "-m/--memory 1kb is too small: an arena needs at least 35kb (a 16kb request head, the router's match table for a path of 8kb, the response head)"],
    [["serve", "-m", "34kb"], "-m/--memory 34kb is too small: an arena needs at least 35kb (a 16kb request head, the router's match table for a path of 8kb, the response head)"],
    [["serve", "-m", "100gb"], "-m/--memory: 100gb is too large (at most 256mb)"],
    [["serve", "-m", "4096mb"], "-m/--memory: 4096mb is too large (at most 256mb)"],
    [["serve", "--max-body", "lots"], `--max-body: expected a size like 512kb or 1mb, got "lots"`],
    [["serve", "--max-body", "-5"], `--max-body: expected a size like 512kb or 1mb, got "-5"`],
    [["serve", "-m", "-5"], `-m/--memory: expected a size like 512kb or 1mb, got "-5"`],
    [["serve", "--max-body", "5gb"], "--max-body: 5gb is too large (at most 4095mb)"],
    [["serve", "--max-body", "2xb"], `--max-body: expected a size like 512kb or 1mb, got "2xb"`],
    [["serve", "--nope"], "unknown option --nope"],
    [["serve", "--watch=yes"], "--watch takes no value"],
    [["serve", "--worker"], "--worker is not an option of serve"],
    [["init", "-p", "80"], "-p/--port is not an option of init"],
    [["launch"], `unknown command "launch"`],
    [["app.ts"], `unknown command "app.ts" (to serve it: asedge serve app.ts)`],
    [["serve", "a.js", "b.js"], "unexpected arguments: b.js"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCommand(argv as string[], {})).toThrow(new UsageError(message));
  });

  it("parses sizes", () => {
    expect(parseSize("64kb", "-m")).toBe(65536);
    expect(parseSize("2MiB", "-m")).toBe(2 << 20);
    expect(parseSize("100", "-m")).toBe(100);
    expect(parseSize("1g", "-m")).toBe(2 ** 30);
  });

  it("works out the smallest arena from the head and URL limits", () => {
    // 16 KiB head + 2 KiB match table + 2 × 8 KiB path + 256 B response head room, in KiB.
    expect(MIN_ARENA_BYTES).toBe(35 * 1024);
    expect(minArenaBytes({ maxHeaderBytes: 4096, maxUrlLength: 1024 })).toBe(4096 + 2048 + 2048 + 1024);
    expect(minArenaBytes({ maxHeaderBytes: 4096, maxUrlLength: 8192 })).toBe(4096 + 2048 + 8192 + 1024);
  });

  it("prints a URL a browser opens", () => {
    expect(clickableUrl("0.0.0.0", 3000)).toBe("http://localhost:3000");
    expect(clickableUrl("::", 3000)).toBe("http://localhost:3000");
    expect(clickableUrl("127.0.0.1", 80)).toBe("http://127.0.0.1:80");
    expect(clickableUrl("::1", 8080)).toBe("http://[::1]:8080");
  });
});

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

interface Serving {
  child: ChildProcessWithoutNullStreams;
  /** The port, once the server printed its listening line. */
  listening: Promise<number>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Start `asedge serve <args> -p 0` (on 127.0.0.1 unless `host` is given); resolves with the port it prints. */
function startServe(args: string[], host: string | null = "127.0.0.1"): Serving {
  const child = spawn(process.execPath, [CLI, "serve", ...args, "-p", "0", ...(host ? ["-H", host] : [])]);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, listening, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Wait until the server's stdout has `text`. */
async function printed(server: Serving, text: string): Promise<void> {
  for (let i = 0; i < 100 && !server.stdout().includes(text); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("the asedge binary", () => {
  it("prints the help for bare asedge, -h and --help, on stdout", async () => {
    for (const args of [[], ["-h"], ["--help"]]) {
      const help = await run(args);
      expect(help).toEqual({ code: 0, stdout: USAGE, stderr: "" });
    }
    expect(USAGE).toContain("-h, --help");
    expect(USAGE).toContain("-H, --host <addr>");
    const version = await run(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    [["serve", "-p", "nope"], `asedge: -p/--port: expected a port 0–65535, got "nope"\n`],
    [["serve", "-m", "1kb"], "asedge: -m/--memory 1kb is too small: an arena needs at least 35kb (a 16kb request head, the router's match table for a path of 8kb, the response head)\n"],
    [["serve", "-m", "0"], "asedge: -m/--memory 0b is too small: an arena needs at least 35kb (a 16kb request head, the router's match table for a path of 8kb, the response head)\n"],
    [["serve", "-m", "100gb"], "asedge: -m/--memory: 100gb is too large (at most 256mb)\n"],
    [["serve", "--max-body", "-5"], `asedge: --max-body: expected a size like 512kb or 1mb, got "-5"\n`],
    [["serve", "missing.ts"], "asedge: missing.ts: no such file\n"],
    [["serve", FIXTURES.slice(0, -1)], `asedge: ${FIXTURES.slice(0, -1)}: is a directory, expected an app module or .wasm\n`],
    [["app.js"], `asedge: unknown command "app.js" (to serve it: asedge serve app.js)\n`],
  ])("exits 2 on %j with one line and a pointer to --help", async (args, line) => {
    expect(await run(args)).toEqual({ code: 2, stdout: "", stderr: line + HINT });
  });

  it("serves the reference app, says where, and logs closing/closed on SIGTERM", async () => {
    const server = startServe([]);
    const port = await server.listening;
    expect(server.stdout()).toBe(`asedge: listening on http://127.0.0.1:${port} (bound to 127.0.0.1:${port}; pid ${server.child.pid})\n`);
    const { responses } = await exchange(port, [rawRequest("GET", "/users/9")]);
    expect(responses[0].body.toString()).toBe('{"id":"9","name":"user-9"}');
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toBe(`asedge: listening on http://127.0.0.1:${port} (bound to 127.0.0.1:${port}; pid ${server.child.pid})\n` +
      "asedge: SIGTERM: closing (finishing requests in flight)…\nasedge: closed\n");
    expect(server.stderr()).toBe("");
  });

  it("answers c.text() and c.json() routes without loading Node's fetch (undici: tens of ms at the first request)", async () => {
    const child = spawn(process.execPath, ["-r", join(FIXTURES, "report-fetch-loaded.cjs"), CLI, "serve", "-p", "0", "-H", "127.0.0.1"]);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = await new Promise<number>((resolve) => child.stdout.on("data", (d) => {
      stdout += d;
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    }));
    const { responses } = await exchange(port, [rawRequest("GET", "/plaintext"), rawRequest("GET", "/json"), rawRequest("GET", "/users/9")]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toBe("fetch loaded: false\n");
  });

  it("binds every interface by default and prints a localhost URL", async () => {
    const server = startServe([], null);
    try {
      const port = await server.listening;
      expect(server.stdout()).toBe(`asedge: listening on http://localhost:${port} (bound to 0.0.0.0:${port}: every interface; pid ${server.child.pid})\n`);
      const { responses } = await exchange(port, [rawRequest("GET", "/plaintext")]);
      expect(responses[0].body.toString()).toBe("Hello, World!");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("serves an app module given as entry", async () => {
    const entry = fileURLToPath(new URL("../support/cli-app.mjs", import.meta.url));
    const server = startServe([entry]);
    try {
      const { responses } = await exchange(await server.listening, [rawRequest("GET", "/hi")]);
      expect(responses[0].body.toString()).toBe("hi from an entry module");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("serves a TypeScript entry through tsx (types, and a ./x.js import of x.ts)", async () => {
    const server = startServe([`${FIXTURES}ts-app.ts`]);
    try {
      const { responses } = await exchange(await server.listening, [rawRequest("GET", "/hi")]);
      expect(responses[0].status).toBe(200);
      expect(responses[0].body.toString()).toBe("hi from TypeScript");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("restarts on a change to a file the entry imports with --watch, and stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asedge-watch-"));
    try {
      for (const name of ["greeting.ts", "package.json"]) copyFileSync(`${FIXTURES}${name}`, join(dir, name));
      writeFileSync(join(dir, "app.ts"), readFileSync(`${FIXTURES}ts-app.ts`, "utf8").replace("../../../dist/host/index.js", pathToFileURL(join(ROOT, "dist/host/index.js")).href));
      const server = startServe([join(dir, "app.ts"), "--watch"]);
      const port = await server.listening;
      expect((await exchange(port, [rawRequest("GET", "/hi")])).responses[0].body.toString()).toBe("hi from TypeScript");
      const restarted = server.stdout().length;
      writeFileSync(join(dir, "greeting.ts"), readFileSync(join(dir, "greeting.ts"), "utf8").replace("hi from", "hello from"));
      // The restarted server listens on a port of its own (-p 0).
      const again = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
      for (let i = 0; i < 200 && !again.test(server.stdout().slice(restarted)); i++) await new Promise((r) => setTimeout(r, 25));
      const newPort = Number(again.exec(server.stdout().slice(restarted))?.[1]);
      expect((await exchange(newPort, [rawRequest("GET", "/hi")])).responses[0].body.toString()).toBe("hello from TypeScript");
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toMatch(/Restarting\.\.\.\n(.|\n)*asedge: closed\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("serves an AssemblyScript app .wasm given as entry", async () => {
    const server = startServe([fileURLToPath(new URL("../../build/reference-app.wasm", import.meta.url))]);
    try {
      const { responses } = await exchange(await server.listening, [rawRequest("GET", "/users/9")]);
      expect(responses[0].status).toBe(200);
      expect(responses[0].body.toString()).toBe('{"id":"9","name":"user-9"}');
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("prints the file and the user's stack frames when an entry throws at import", async () => {
    const mjs = await run(["serve", `${FIXTURES}throws.mjs`, "-p", "0"]);
    expect(mjs).toEqual({
      code: 1, stdout: "",
      stderr: `asedge: ${FIXTURES}throws.mjs failed to load:\nError: no database configured\n    at file://${FIXTURES}throws.mjs:3:7\n`,
    });
    const ts = await run(["serve", `${FIXTURES}throws.ts`, "-p", "0"]);
    expect(ts).toEqual({
      code: 1, stdout: "",
      stderr: `asedge: ${FIXTURES}throws.ts failed to load:\nError: no database configured\n    at <anonymous> (${FIXTURES}throws.ts:4:24)\n`,
    });
  });

  it("prints the file and line of a syntax error", async () => {
    const mjs = await run(["serve", `${FIXTURES}syntax-error.mjs`, "-p", "0"]);
    expect(mjs).toEqual({
      code: 1, stdout: "",
      stderr: `asedge: ${FIXTURES}syntax-error.mjs failed to load:\n${FIXTURES}syntax-error.mjs:3\nconst b = ;\n          ^\n\nSyntaxError: Unexpected token ';'\n`,
    });
    const ts = await run(["serve", `${FIXTURES}syntax-error.ts`, "-p", "0"]);
    expect(ts).toEqual({
      code: 1, stdout: "",
      stderr: `asedge: ${FIXTURES}syntax-error.ts failed to load:\nSyntaxError: Transform failed with 1 error:\n${FIXTURES}syntax-error.ts:3:18: ERROR: Unexpected ";"\n`,
    });
  });

  it("says what an entry must export", async () => {
    expect(await run(["serve", `${FIXTURES}not-an-app.mjs`, "-p", "0"])).toEqual({
      code: 1, stdout: "", stderr: `asedge: ${FIXTURES}not-an-app.mjs: expected an App as the default export or as \`app\`\n`,
    });
  });

  it("routes the largest request the limits admit with the smallest arena it accepts", async () => {
    // 16 KiB of head (the largest the parser takes) holding an 8 KiB target.
    const target = `/nope/${"a".repeat(8192 - 6)}`;
    const start = `GET ${target} HTTP/1.1\r\nHost: x\r\nX-Fill: `;
    const head = `${start}${"b".repeat(16384 - start.length - 4)}\r\n\r\n`;
    expect(head.length).toBe(16384);
    const server = startServe(["-m", "35kb"]);
    try {
      const { responses } = await exchange(await server.listening, [head]);
      expect(responses[0].status).toBe(404);
      expect(server.stderr()).toBe("");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("stops on SIGTERM while a client holds half a request", async () => {
    const server = startServe([]);
    try {
      const client = net.connect(await server.listening, "127.0.0.1");
      await new Promise((resolve) => client.on("connect", resolve));
      client.write("GET /json HTTP/1.1\r\nHost: a\r\n");
      await new Promise((r) => setTimeout(r, 100));
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      client.destroy();
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("names the flag when the sizes given do not fit, with or without workers", async () => {
    // With workers the primary checks before it forks: one message, no worker restarts.
    for (const args of [["-m", "100mb"], ["-n", "2", "-m", "100mb"]]) {
      const result = await run(["serve", ...args, "-p", "0", "-H", "127.0.0.1"]);
      expect(result).toEqual({
        code: 2, stdout: "",
        stderr: "asedge: -m/--memory 100mb: the request pool does not fit (a large slot, --max-body + arena + 16kb, at most 256mb; 64 arenas and 2 large slots under 3 GiB)\n" + HINT,
      });
    }
  }, 20_000);

  it("prints build help on stdout, and build's usage errors in one line", async () => {
    const help = await run(["build", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: asedge build <app.ts>");
    expect(help.stderr).toBe("");
    const missing = await run(["build", "missing.ts"]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: `asedge build: missing.ts: no such file\nRun "asedge build --help" for usage.\n` });
    const none = await run(["build"]);
    expect(none).toEqual({ code: 2, stdout: "", stderr: `asedge build: expected an app file: asedge build <app.ts>\nRun "asedge build --help" for usage.\n` });
  });
});
