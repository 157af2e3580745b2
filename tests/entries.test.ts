// asedge (Node), asedge/worker, asedge/bun and asedge/deno export the same App API: each
// re-exports host/api.ts, and adds only its platform's own names, listed here.
// Names are read with the TypeScript checker, so type exports count too.
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../", import.meta.url).pathname;
const ENTRIES = { node: "host/index.ts", workerd: "worker/index.ts", workerOnNode: "worker/node.ts", bun: "host/bun/index.ts", deno: "host/deno/index.ts" } as const;

/** Exported only by asedge for Node: the socket server, AS apps loaded from disk. */
const NODE_ONLY = ["serve", "NodeServer", "Server", "ServerStats", "ServeOptions", "ClusterOptions", "loadWasmApp", "WasmSlotApp",
  "AppSlotAdapter", "SlotApp", "SlotReply", "StreamReply"];
/** Exported only by asedge/bun: the Bun.listen server and its errors. */
const BUN_ONLY = ["serve", "BunServer", "Server", "ServerStats", "ServeOptions", "ERR_NOT_BUN", "ERR_BUN_WORKERS"];
/** Exported only by asedge/deno: the Deno.serve host, its options, stats and errors. */
const DENO_ONLY = ["serve", "DenoServer", "DenoServerStats", "DenoServeOptions", "DenoCoreOptions", "DenoServeInfo", "DenoNetAddr",
  "ERR_NOT_DENO", "ERR_DENO_SOCKET_OPTION", "FETCH_FAILED", "CLOSE_TIMEOUT_PASSED"];
/** Exported only by asedge/worker: the ES-module Worker wrapper. */
const WORKER_ONLY = ["toWorker", "WorkerHandler", "WorkerOptions"];

function exportedNames(): Record<keyof typeof ENTRIES, string[]> {
  const files = Object.values(ENTRIES).map((file) => ROOT + file);
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const names = (file: string) => {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(ROOT + file)!)!;
    return checker.getExportsOfModule(symbol).map((s) => s.name).sort();
  };
  return { node: names(ENTRIES.node), workerd: names(ENTRIES.workerd), workerOnNode: names(ENTRIES.workerOnNode), bun: names(ENTRIES.bun), deno: names(ENTRIES.deno) };
}

describe("entry points", () => {
  const names = exportedNames();
  const without = (list: string[], only: string[]) => list.filter((name) => !only.includes(name));

  it("export the same App API, platform-only names aside", () => {
    expect(without(names.node, NODE_ONLY)).toEqual(without(names.workerd, WORKER_ONLY));
    expect(names.node).toEqual(expect.arrayContaining(NODE_ONLY));
    expect(names.workerd).toEqual(expect.arrayContaining(WORKER_ONLY));
    expect(names.node).toContain("App");
  });

  it("asedge/bun exports the same App API, its host's names aside", () => {
    expect(without(names.bun, BUN_ONLY)).toEqual(without(names.workerd, WORKER_ONLY));
    expect(names.bun).toEqual(expect.arrayContaining(BUN_ONLY));
  });

  it("asedge/deno exports the same App API, its host's names aside", () => {
    expect(without(names.deno, DENO_ONLY)).toEqual(without(names.workerd, WORKER_ONLY));
    expect(names.deno).toEqual(expect.arrayContaining(DENO_ONLY));
  });

  it("asedge/worker exports the same names on workerd and on Node", () => {
    expect(names.workerOnNode).toEqual(names.workerd);
  });
});
