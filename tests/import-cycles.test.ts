// No runtime import cycles in host/ and worker/: a module in a cycle can be
// read before it finished evaluating (a class still in its TDZ, a constant
// still undefined), and which one depends on which entry imported first.
// Imports are read from each file as TypeScript emits it (transpileModule),
// so type-only imports, which vanish at run time, do not count. The same
// graph shows what `asedge serve` loads before it answers: the modules of the
// other sub-commands and of the cluster load on demand (dynamic imports).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../", import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|^\s*import\s*"(\.{1,2}\/[^"]+)"/gm;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /(?<!\.test|\.d)\.ts$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)));
}

/** The relative modules `file` imports at run time (paths from the root, .ts). */
function runtimeImports(file: string): string[] {
  const { outputText } = ts.transpileModule(readFileSync(join(ROOT, file), "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return [...outputText.matchAll(IMPORT)]
    .map((m) => relative(ROOT, resolve(dirname(join(ROOT, file)), m[1] ?? m[2])).replace(/\.js$/, ".ts"));
}

/** Each cycle found by a depth-first walk, as the path that closes it ("a → b → a"). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string) => {
    const at = stack.indexOf(file);
    if (at >= 0) return void found.push([...stack.slice(at), file].join(" → "));
    if (done.has(file)) return;
    stack.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    stack.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return found;
}

describe("runtime imports", () => {
  const files = [...sources("host"), ...sources("worker")];
  const graph = new Map(files.map((file) => [file, runtimeImports(file)]));

  it("are read from the sources (the walk sees the known edges)", () => {
    expect(graph.get("host/index.ts")).toContain("host/node/register-core.ts"); // `import "./x.js"`
    expect(graph.get("host/node/register-core.ts")).toContain("host/core/registry.ts");
    expect(graph.get("host/app/request.ts")).not.toContain("host/core/core.ts"); // `import type`
  });

  it("form no cycle in host/ and worker/", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("of the CLI leave out what `asedge serve` of the reference app does not run", () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit("host/cli.ts");
    expect(reached).toContain("host/node/server.ts");
    const onDemand = ["host/index.ts", "host/cli/build.ts", "host/cli/init.ts", "host/cli/watch.ts", "host/cli/entry.ts",
      "host/cli/replay.ts", "host/cli/pool.ts", "host/node/cluster.ts", "host/node/cluster-metrics.ts", "host/wasm-app/load.ts"];
    expect(onDemand.filter((file) => reached.has(file))).toEqual([]);
  });
});
