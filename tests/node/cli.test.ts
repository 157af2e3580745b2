// The asedge CLI: argument parsing, and the built binary serving for real.
import { describe, expect, it } from "vitest";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { parseCommand, parseSize, UsageError } from "../../host/cli/args.js";
import { exchange, rawRequest } from "../support/raw-http.js";

const CLI = fileURLToPath(new URL("../../dist/host/cli.js", import.meta.url));

describe("parseCommand", () => {
  it("defaults to serving the reference app on 3000", () => {
    expect(parseCommand([], {})).toEqual({ command: "serve", entry: undefined, options: { port: 3000 } });
  });

  it("reads every option, long and short", () => {
    expect(parseCommand(["serve", "app.js", "-p", "8080", "-h", "127.0.0.1", "-n", "3", "--max-body", "512kb", "-m", "128k"], {}))
      .toEqual({ command: "serve", entry: "app.js", options: { port: 8080, hostname: "127.0.0.1", workers: 3, maxBodyBytes: 512 * 1024, arenaBytes: 128 * 1024 } });
    expect(parseCommand(["serve", "--port", "1", "--host", "::1", "--workers", "auto", "--memory", "1mb"], {}).options)
      .toMatchObject({ port: 1, hostname: "::1", arenaBytes: 1 << 20 });
  });

  it("honours PORT, and --port wins over it", () => {
    expect(parseCommand([], { PORT: "4567" }).options.port).toBe(4567);
    expect(parseCommand(["-p", "80"], { PORT: "4567" }).options.port).toBe(80);
  });

  it("treats an empty PORT as unset and rejects an invalid one by name", () => {
    expect(parseCommand([], { PORT: "" }).options.port).toBe(3000);
    expect(() => parseCommand([], { PORT: "http" })).toThrow(/^PORT: expected a port 0–65535, got "http"$/);
    expect(() => parseCommand([], { PORT: " " })).toThrow(/^PORT:/);
    expect(() => parseCommand([], { PORT: "70000" })).toThrow(/^PORT:/);
  });

  it("answers --help and --version", () => {
    expect(parseCommand(["--help"]).command).toBe("help");
    expect(parseCommand(["--version"]).command).toBe("version");
  });

  it.each([
    [["serve", "-p", "x"], /--port/],
    [["serve", "-p", "70000"], /--port/],
    [["serve", "-p", ""], /--port/],
    [["serve", "-p", "0x10"], /--port/],
    [["serve", "-n", ""], /--workers/],
    [["serve", "-m", "4096mb"], /-m\/--memory: expected a size under 4096mb/],
    [["serve", "-n", "0"], /--workers/],
    [["serve", "--max-body", "lots"], /--max-body/],
    [["launch"], /unknown command/],
    [["serve", "a.js", "b.js"], /unexpected arguments/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCommand(argv as string[], {})).toThrow(message);
    expect(() => parseCommand(argv as string[], {})).toThrow(UsageError);
  });

  it("parses sizes", () => {
    expect(parseSize("64kb", "-m")).toBe(65536);
    expect(parseSize("2MiB", "-m")).toBe(2 << 20);
    expect(parseSize("100", "-m")).toBe(100);
  });
});

/** Start `asedge serve` on a free port of 127.0.0.1; resolves with the port it prints. */
function startServe(args: string[]): { child: ChildProcessWithoutNullStreams; listening: Promise<number> } {
  const child = spawn(process.execPath, [CLI, "serve", ...args, "-p", "0", "-h", "127.0.0.1"]);
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(String(d));
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  return { child, listening };
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the asedge binary", () => {
  it("prints help and version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: asedge serve");
    const version = await run(["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 with usage on bad arguments", async () => {
    const bad = await run(["serve", "-p", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port");
  });

  it("serves the reference app and shuts down cleanly on SIGTERM", async () => {
    const { child, listening } = startServe([]);
    const port = await listening;
    const { responses } = await exchange(port, [rawRequest("GET", "/users/9")]);
    expect(responses[0].body.toString()).toBe('{"id":"9","name":"user-9"}');
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("serves an app module given as entry", async () => {
    const entry = fileURLToPath(new URL("../support/cli-app.mjs", import.meta.url));
    const { child, listening } = startServe([entry]);
    try {
      const port = await listening;
      const { responses } = await exchange(port, [rawRequest("GET", "/hi")]);
      expect(responses[0].body.toString()).toBe("hi from an entry module");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("serves an AssemblyScript app .wasm given as entry", async () => {
    const { child, listening } = startServe([fileURLToPath(new URL("../../build/reference-app.wasm", import.meta.url))]);
    try {
      const { responses } = await exchange(await listening, [rawRequest("GET", "/users/9")]);
      expect(responses[0].status).toBe(200);
      expect(responses[0].body.toString()).toBe('{"id":"9","name":"user-9"}');
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("stops on SIGTERM while a client holds half a request", async () => {
    const { child, listening } = startServe([]);
    try {
      const client = net.connect(await listening, "127.0.0.1");
      await new Promise((resolve) => client.on("connect", resolve));
      client.write("GET /json HTTP/1.1\r\nHost: a\r\n");
      await new Promise((r) => setTimeout(r, 100));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      client.destroy();
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("names the flag when the sizes given do not fit, with or without workers", async () => {
    for (const args of [["-m", "100mb"], ["-n", "2", "-m", "100mb"]]) {
      const result = await run(["serve", ...args, "-p", "0", "-h", "127.0.0.1"]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/^asedge: -m\/--memory 100mb: the request pool does not fit/);
      expect(result.stderr).not.toContain("asedge: asedge:");
      expect(result.stderr).not.toContain("arenaBytes");
    }
  }, 20_000);

  it("prints build help on stdout", async () => {
    const help = await run(["build", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: asedge build <app.ts>");
    expect(help.stderr).toBe("");
  });
});
