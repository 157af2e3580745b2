// `asedge serve` flags that wrap the served App in middleware: --log,
// --metrics, --cors, --compress, on the real binary and a real socket.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "../../host/cli/args.js";
import { exchange, header, rawRequest } from "../support/raw-http.js";

const CLI = fileURLToPath(new URL("../../dist/host/cli.js", import.meta.url));
const ENTRY = fileURLToPath(new URL("../support/cli-wrap-app.mjs", import.meta.url));
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => { for (const child of children.splice(0)) child.kill("SIGKILL"); });

function serve(args: string[]) {
  const child = spawn(process.execPath, [CLI, "serve", ENTRY, "-p", "0", "-H", "127.0.0.1", ...args]);
  children.push(child);
  let stdout = "";
  child.stdout.on("data", (d) => { stdout += d; });
  const port = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", () => { const m = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout); if (m) resolve(Number(m[1])); });
    child.once("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  return { child, port, stdout: () => stdout };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("asedge serve with wrapping flags", () => {
  it("--log writes one JSON line per request on stdout", async () => {
    const server = serve(["--log"]);
    await exchange(await server.port, [rawRequest("GET", "/hi")]);
    await until(() => server.stdout().includes('"path":"/hi"'));
    const line = server.stdout().split("\n").find((l) => l.includes('"path":"/hi"'))!;
    expect(JSON.parse(line)).toMatchObject({ method: "GET", path: "/hi", status: 200, bytes: Buffer.byteLength("hi from an entry module") });
  });

  it("--log json: the listening, closing and closed lines are JSON events in the same stream", async () => {
    const server = serve(["--log"]);
    const port = await server.port;
    await exchange(port, [rawRequest("GET", "/hi")]);
    await until(() => server.stdout().includes('"path":"/hi"'));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    const lines = server.stdout().trimEnd().split("\n").map((line) => JSON.parse(line));
    const pid = server.child.pid;
    expect(lines.map((line) => line.event ?? "request")).toEqual(["listening", "request", "closing", "closed"]);
    expect(lines[0]).toMatchObject({ level: "info", url: `http://127.0.0.1:${port}`, port, workers: 1, pid,
      message: `asedge: listening on http://127.0.0.1:${port} (bound to 127.0.0.1:${port}; pid ${pid})` });
    expect(lines[2]).toMatchObject({ level: "info", signal: "SIGTERM", message: "asedge: SIGTERM: closing (finishing requests in flight)…" });
    expect(lines[3]).toMatchObject({ level: "info", message: "asedge: closed", pid });
    for (const line of lines) expect(Date.parse(line.time)).not.toBeNaN();
  });

  it("--log text writes readable lines", async () => {
    const server = serve(["--log", "text"]);
    await exchange(await server.port, [rawRequest("GET", "/hi")]);
    await until(() => server.stdout().includes(" GET /hi 200 "));
    expect(server.stdout()).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z GET \/hi 200 23B [\d.]+ms\n/);
  });

  it("--metrics serves the Prometheus figures at /metrics (or the path given), before the app's routes", async () => {
    const server = serve(["--metrics", "/_metrics"]);
    const port = await server.port;
    await exchange(port, [rawRequest("GET", "/hi")]);
    const { responses } = await exchange(port, [rawRequest("GET", "/_metrics")]);
    expect(responses[0].status).toBe(200);
    expect(header(responses[0], "content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(responses[0].body.toString()).toMatch(/\nasedge_http_requests_total\{method="GET",route="\/hi",status="2xx"\} 1\n/);
  });

  it("--cors answers a preflight and adds Allow-Origin; --compress gzips a large body", async () => {
    const server = serve(["--cors", "https://a.example", "--compress"]);
    const port = await server.port;
    const preflight = await exchange(port, [rawRequest("OPTIONS", "/hi", [["Origin", "https://a.example"], ["Access-Control-Request-Method", "GET"]])]);
    expect(preflight.responses[0].status).toBe(204);
    expect(header(preflight.responses[0], "access-control-allow-origin")).toBe("https://a.example");
    const big = await exchange(port, [rawRequest("GET", "/big", [["Accept-Encoding", "gzip"]])]);
    expect(header(big.responses[0], "content-encoding")).toBe("gzip");
    expect(gunzipSync(big.responses[0].body).toString()).toBe("x".repeat(4096));
  });
});

describe("asedge serve --static", () => {
  it("serves files where no route answers; the app's routes win; a missing directory is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asedge-static-"));
    writeFileSync(join(dir, "page.html"), "<p>static</p>");
    writeFileSync(join(dir, "hi"), "a file named like a route");
    try {
      const server = serve(["--static", dir]);
      const port = await server.port;
      const { responses } = await exchange(port, [rawRequest("GET", "/page.html"), rawRequest("GET", "/hi"), rawRequest("GET", "/nothing")], { expect: 3 });
      expect(responses.map((r) => r.status)).toEqual([200, 200, 404]);
      expect(responses[0].body.toString()).toBe("<p>static</p>");
      expect(header(responses[0], "content-type")).toBe("text/html; charset=utf-8");
      expect(responses[1].body.toString()).toBe("hi from an entry module");
      const missing = spawn(process.execPath, [CLI, "serve", ENTRY, "--static", join(dir, "nope")]);
      let stderr = "";
      missing.stderr.on("data", (d) => { stderr += d; });
      const code = await new Promise((resolve) => missing.once("exit", resolve));
      expect(code).toBe(2);
      expect(stderr).toBe(`asedge: --static: ${join(dir, "nope")}: no such directory\nRun "asedge --help" for usage.\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parsing the wrapping flags", () => {
  const serveOf = (argv: string[]) => {
    const command = parseCommand(["serve", ...argv], {});
    if (command.command !== "serve") throw new Error("not serve");
    return command;
  };

  it.each([
    [["--log"], { log: "json" }],
    [["--log", "text"], { log: "text" }],
    [["--log", "app.ts"], { log: "json" }],
    [["--metrics"], { metrics: "/metrics" }],
    [["--metrics", "/m"], { metrics: "/m" }],
    [["--cors"], { cors: "*" }],
    [["--cors", "https://a.example"], { cors: "https://a.example" }],
    [["--compress", "--cors"], { compress: true, cors: "*" }],
    [["--static", "public"], { static: "public" }],
  ])("%j → %j", (argv, wrapping) => {
    expect(serveOf(argv).wrapping).toEqual(wrapping);
  });

  it("keeps an entry that follows a flag without its value", () => {
    expect(serveOf(["--log", "app.ts"]).entry).toBe("app.ts");
    expect(serveOf(["--log", "json", "--metrics"]).options.log).toEqual({ format: "json" });
  });

  it.each([
    [["--log=xml"], `--log: expected json or text, got "xml"`],
    [["--metrics=metrics"], `--metrics: expected a path such as /metrics, got "metrics"`],
    [["--cors=a.example"], `--cors: expected * or an origin such as https://app.example, got "a.example"`],
  ])("refuses %j", (argv, message) => {
    expect(() => serveOf(argv)).toThrow(new UsageError(message));
  });
});
