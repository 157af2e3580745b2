/**
 * A user's Worker as users deploy it: bundled by wrangler (`deploy
 * --dry-run`, no credentials) and run in real workerd through miniflare.
 * Also checks what such a bundle must be: the core once, as a CompiledWasm
 * module, and no Node-only import.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "vitest";
import { Miniflare } from "miniflare";
import { COMPATIBILITY_DATE, MODULE_RULES } from "../worker/miniflare.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface BundledWorker {
  readonly mf: Miniflare;
  /** Bundle checks: one .wasm the size of build/asedge.wasm, imported by the entry; no `node:` import. */
  expectOneCoreModule(): void;
  dispose(): Promise<void>;
}

/** Bundle `entry` (relative to the repo root) with wrangler and start it in workerd. */
export async function bundleUserWorker(entry: string, bindings: Record<string, string> = {}): Promise<BundledWorker> {
  const name = entry.split("/").pop()!.replace(/\.ts$/, "");
  const outdir = mkdtempSync(join(tmpdir(), `asedge-${name}-`));
  await promisify(execFile)(process.execPath, [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir,
    "--name", `asedge-${name}`, entry,
  ], { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  const mf = new Miniflare({
    modules: true, scriptPath: join(outdir, `${name}.js`), modulesRoot: outdir,
    modulesRules: MODULE_RULES, compatibilityDate: COMPATIBILITY_DATE, bindings,
  });
  await mf.ready;
  return {
    mf,
    expectOneCoreModule() {
      const wasm = readdirSync(outdir).filter((file) => file.endsWith(".wasm"));
      expect(wasm).toHaveLength(1);
      expect(statSync(join(outdir, wasm[0])).size).toBe(statSync(join(ROOT, "build/asedge.wasm")).size);
      const js = readFileSync(join(outdir, `${name}.js`), "utf8");
      expect(js).toContain(`from "./${wasm[0]}"`);
      expect(js).not.toMatch(/from "node:/);
    },
    async dispose() {
      await mf.dispose();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
