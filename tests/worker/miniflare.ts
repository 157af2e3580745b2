/**
 * Runs Workers built from dist/ in real workerd (miniflare), for the Worker
 * suites and the Worker benchmark.
 */
import { readFileSync } from "node:fs";
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
