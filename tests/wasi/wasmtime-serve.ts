/**
 * Run a wasi:http component under `wasmtime serve` on 127.0.0.1 for a test,
 * and stop it again. The wasmtime version is pinned in .wasmtime-version (the
 * one place: .ci/run installs that version when it is missing). A missing or
 * other-version wasmtime fails the suite with how to install it.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, untilPrinted } from "./jco-serve.js";

export const WASMTIME_VERSION = readFileSync(fileURLToPath(new URL("../../.wasmtime-version", import.meta.url)), "utf8").trim();

export interface WasmtimeServer {
  port: number;
  /** The wasmtime binary used. */
  binary: string;
  close(): Promise<void>;
}

/** `wasmtime --version` of a binary, or undefined if it does not run. */
function versionOf(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

/** The pinned wasmtime: on PATH, else in ~/.cargo/bin; throws with how to install it. */
export function findWasmtime(): string {
  const candidates = [
    ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "wasmtime")),
    join(homedir(), ".cargo", "bin", "wasmtime"),
  ].filter((path) => existsSync(path));
  const seen: string[] = [];
  for (const binary of candidates) {
    const version = versionOf(binary);
    // "wasmtime 48.0.8 (...)" on release builds; "wasmtime 48.0.8" from cargo install.
    if (version?.split(/\s+/)[1] === WASMTIME_VERSION) return binary;
    seen.push(`${binary}: ${version ?? "does not run"}`);
  }
  throw new Error(
    `wasmtime ${WASMTIME_VERSION} (the pin in .wasmtime-version) was not found on PATH or in ~/.cargo/bin` +
      (seen.length ? ` (found: ${seen.join("; ")})` : "") +
      `. Install it with: cargo install wasmtime-cli --locked --version ${WASMTIME_VERSION}` +
      " (needs a Rust toolchain; tens of minutes on 2 cores; .ci/run does this when it is missing).",
  );
}

/** `wasmtime serve component` once it listens (it prints "Serving HTTP on http://…/"). */
export async function wasmtimeServe(component: string, args: string[] = []): Promise<WasmtimeServer> {
  const binary = findWasmtime();
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ["serve", ...args, "--addr", `127.0.0.1:${port}`, component], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await untilPrinted(child, "Serving HTTP on", "wasmtime serve");
  return {
    port,
    binary,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
