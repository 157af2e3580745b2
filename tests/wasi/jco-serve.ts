/**
 * Run a wasi:http component under `jco serve` on 127.0.0.1 for a test, and
 * stop it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";

export const JCO = fileURLToPath(new URL("../../node_modules/@bytecodealliance/jco/dist/jco.js", import.meta.url));

export interface JcoServer {
  port: number;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    }).on("error", reject);
  });
}

/** `jco serve component` once it listens; `nodeOptions` (if any) become its NODE_OPTIONS. */
/** Resolves once `child` prints `marker` on stdout or stderr; rejects with what it printed if it exits first. */
export function untilPrinted(child: ChildProcess, marker: string, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}): ${output}`)));
  });
}

export async function jcoServe(component: string, nodeOptions = ""): Promise<JcoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [JCO, "serve", component, "--port", String(port), "--host", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: jco serve runs the server in a child (node <tmp>/_run.js) that outlives a
    // SIGTERM to jco alone, so close() signals the whole group.
    detached: true,
    env: nodeOptions ? { ...process.env, NODE_OPTIONS: nodeOptions } : process.env,
  });
  await untilPrinted(child, "listening", "jco serve");
  return {
    port,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}
