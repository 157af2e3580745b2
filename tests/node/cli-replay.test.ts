// `asedge proxy`, `asedge record`, `asedge replay` and `asedge har`, on the
// real binary, a real upstream and real sockets.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "../../host/cli/args.js";
import { startUpstream, type Upstream } from "../support/upstream.js";

const CLI = fileURLToPath(new URL("../../dist/host/cli.js", import.meta.url));
const children: ReturnType<typeof spawn>[] = [];
let upstream: Upstream;
let dir: string;
beforeAll(async () => {
  upstream = await startUpstream();
  dir = mkdtempSync(join(tmpdir(), "asedge-cli-replay-"));
});
afterEach(() => { for (const child of children.splice(0)) child.kill("SIGKILL"); });
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Start the CLI; resolves with its port once it listens. */
function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args, "-p", "0", "-H", "127.0.0.1"]);
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => { stdout += d; });
  child.stderr.on("data", (d) => { stderr += d; });
  const port = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", () => { const m = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout); if (m) resolve(Number(m[1])); });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const stop = () => new Promise<void>((resolve) => { child.once("exit", () => resolve()); child.kill("SIGTERM"); });
  return { port, stop };
}

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("asedge proxy, record, replay, har", () => {
  it("proxy --upstream forwards every request", async () => {
    const port = await run(["proxy", "--upstream", upstream.url]).port;
    const answer = await fetch(`http://127.0.0.1:${port}/anything?x=1`);
    expect(answer.headers.get("x-upstream")).toBe("1");
    expect(((await answer.json()) as { url: string }).url).toBe("/anything?x=1");
  });

  it("record --out writes a recording that replay serves without the upstream; har export/import round-trips it", async () => {
    const file = join(dir, "api.asrr");
    const recorder = run(["record", "--upstream", upstream.url, "--out", file, "--redact-header", "x-api-key"]);
    const port = await recorder.port;
    const live = await (await fetch(`http://127.0.0.1:${port}/users/1?b=2&a=1`, { headers: { "x-api-key": "k-1" } })).text();
    await (await fetch(`http://127.0.0.1:${port}/status/204`)).text();
    await recorder.stop();

    const replayer = run(["replay", file]);
    const replayPort = await replayer.port;
    const hits = upstream.hits.get("/users/1");
    const again = await fetch(`http://127.0.0.1:${replayPort}/users/1?a=1&b=2`);
    expect(await again.text()).toBe(live);
    expect(upstream.hits.get("/users/1")).toBe(hits);
    const miss = await fetch(`http://127.0.0.1:${replayPort}/users/2`);
    expect(miss.status).toBe(404);
    expect(((await miss.json()) as { closest: { url: string } }).closest.url).toBe("/users/1?b=2&a=1");
    await replayer.stop();

    const har = join(dir, "api.har");
    expect(cli(["har", "export", file, har]).status).toBe(0);
    const exported = readFileSync(har, "utf8");
    const log = JSON.parse(exported).log;
    expect(log.version).toBe("1.2");
    expect(log.entries.map((e: { request: { url: string } }) => e.request.url).sort()).toEqual(["http://localhost/status/204", "http://localhost/users/1?b=2&a=1"]);
    const users = log.entries.find((e: { request: { url: string } }) => e.request.url.includes("/users/1"));
    expect(users.request.headers).toContainEqual({ name: "x-api-key", value: "[REDACTED]" }); // --redact-header
    expect(cli(["har", "export", file]).stdout).toBe(exported); // stdout, byte-identical

    const imported = join(dir, "imported.asrr");
    const result = cli(["har", "import", har, imported]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain("2 exchanges appended");
    const reexported = join(dir, "again.har");
    cli(["har", "export", imported, reexported]);
    expect(readFileSync(reexported, "utf8")).toBe(exported);

    const fromImport = run(["replay", imported, "--mode", "lockdown"]);
    const importPort = await fromImport.port;
    expect(await (await fetch(`http://127.0.0.1:${importPort}/users/1?b=2&a=1`)).text()).toBe(live);
    expect((await fetch(`http://127.0.0.1:${importPort}/users/1?b=2&a=1`)).status).toBe(502); // lockdown: once recorded, once served
  });

  it("har: usage errors say what is wrong", () => {
    expect(cli(["har", "export", join(dir, "missing.asrr")]).stderr).toContain("missing.asrr: no such file");
    expect(cli(["har", "convert"]).stderr).toContain('unknown subcommand "convert"');
    writeFileSync(join(dir, "bad.har"), "{");
    expect(cli(["har", "import", join(dir, "bad.har"), join(dir, "x.asrr")]).stderr).toContain("not JSON");
    expect(cli(["har", "--help"]).stdout).toContain("asedge har export");
  });
});

describe("their arguments", () => {
  const usage = (argv: string[]) => { try { parseCommand(argv, {}); return ""; } catch (e) { expect(e).toBeInstanceOf(UsageError); return (e as Error).message; } };

  it("need what each command needs", () => {
    expect(usage(["proxy"])).toBe("proxy: --upstream URL is required");
    expect(usage(["record", "--upstream", "http://x"])).toBe("record: --out FILE is required (the recording to write)");
    expect(usage(["replay"])).toBe("replay: the recording file is required (asedge replay rec.bin)");
    expect(usage(["proxy", "--upstream", "ftp://x"])).toBe('--upstream: expected an http:// or https:// URL, got "ftp://x"');
    expect(usage(["replay", "r.asrr", "--mode", "record"])).toBe('--mode: replay takes replay or lockdown, got "record"');
    expect(usage(["record", "--upstream", "http://x", "--out", "r", "--mode", "lockdown"])).toBe('--mode: record takes record or replay-or-record, got "lockdown"');
    expect(usage(["serve", "--upstream", "http://x"])).toBe("--upstream is not an option of serve");
    expect(usage(["replay", "r.asrr", "--out", "x"])).toBe("--out is not an option of replay");
  });

  it("take the serve options and the fingerprint and redaction lists", () => {
    const command = parseCommand(["record", "--upstream", "http://127.0.0.1:9", "--out", "r.asrr", "-p", "4000", "--match-header", "accept",
      "--ignore-query", "ts", "--ignore-query", "nonce", "--redact-query", "token", "--chain", "--log"], {});
    expect(command).toMatchObject({
      command: "record", options: { port: 4000 }, wrapping: { log: "json" },
      replay: { upstream: "http://127.0.0.1:9", recording: "r.asrr", mode: "record", matchHeaders: ["accept"], ignoreQuery: ["ts", "nonce"], redactQuery: ["token"], chain: true },
    });
  });
});
