/**
 * Runs Workers built from dist/ in real workerd (miniflare), for the Worker
 * suites and the Worker benchmark.
 */
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { Miniflare, type MiniflareOptions } from "miniflare";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The compatibility date of wrangler.jsonc. */
export const COMPATIBILITY_DATE = "2026-04-01";

/** ES modules and the precompiled core, loaded from disk by following imports. */
export const MODULE_RULES: MiniflareOptions["modulesRules"] = [
  { type: "ESModule", include: ["**/*.js"] },
  { type: "CompiledWasm", include: ["**/*.wasm"] },
];

/**
 * workerd's output (console.error in the Worker, its "Uncaught exception"
 * reports), collected instead of printed: pass `handleRuntimeStdio` from
 * `runtimeLog()` in the options, and tests that provoke errors wait for
 * and assert what workerd wrote.
 */
export interface RuntimeLog {
  handleRuntimeStdio: NonNullable<MiniflareOptions["handleRuntimeStdio"]>;
  /** Everything written so far. */
  text(): string;
  /** Wait (up to 5 s) until the output contains `part`; resolves with it all. */
  waitFor(part: string): Promise<string>;
}

export function runtimeLog(): RuntimeLog {
  let text = "";
  return {
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => { text += chunk; });
      stderr.on("data", (chunk: Buffer) => { text += chunk; });
    },
    text: () => text,
    async waitFor(part) {
      for (let i = 0; i < 250 && !text.includes(part); i++) await new Promise((r) => setTimeout(r, 20));
      return text;
    },
  };
}

/** The reference Worker as `npm run build` emits it (dist/worker/reference.js). */
export function referenceWorker(options: Partial<MiniflareOptions> = {}): Miniflare {
  return new Miniflare({
    modules: true, modulesRoot: `${ROOT}dist`, modulesRules: MODULE_RULES,
    scriptPath: `${ROOT}dist/worker/reference.js`, compatibilityDate: COMPATIBILITY_DATE,
    ...options,
  } as MiniflareOptions);
}

/**
 * A TypeScript Worker from tests/ or bench/, transpiled in memory and placed
 * at its mirror path under dist/ so its relative imports reach the built modules.
 */
export function sourceWorker(relativePath: string, options: Partial<MiniflareOptions> = {}): Miniflare {
  const source = readFileSync(`${ROOT}${relativePath}`, "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  return new Miniflare({
    modules: true, modulesRoot: `${ROOT}dist`, modulesRules: MODULE_RULES,
    script: outputText, scriptPath: `${ROOT}dist/${relativePath.replace(/\.ts$/, ".js")}`,
    compatibilityDate: COMPATIBILITY_DATE,
    ...options,
  } as MiniflareOptions);
}
