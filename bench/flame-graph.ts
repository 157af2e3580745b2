/**
 * A V8 .cpuprofile (`node --cpu-prof`) as an SVG flame graph, plus the
 * heaviest frames as text. The process's idle time is left out: widths are
 * shares of the time the server was busy. Same-named children of one frame
 * are merged, so a function reached by one path is one box.
 *
 *   npx vite-node bench/flame-graph.ts -- in.cpuprofile out.svg "title" [requests]
 *
 * With `requests` (how many the profiled run answered, e.g. from wrk), the
 * text summary gives µs per request as well as shares.
 */
import { readFileSync, writeFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; startTime: number; endTime: number }

/** One box: a function at one call path, with its samples (own and below). */
interface Frame { name: string; self: number; total: number; children: Map<string, Frame> }

const WIDTH = 1200;
const ROW = 16;
const MIN_LABEL_PX = 30;
const IGNORED = new Set(["(idle)"]);

const [input, output, title = "CPU profile", requestsArg] = process.argv.slice(2).filter((a) => a !== "--");
if (!input || !output) throw new Error("usage: vite-node bench/flame-graph.ts -- in.cpuprofile out.svg [title] [requests]");
const profile = JSON.parse(readFileSync(input, "utf8")) as Profile;

/** "fn file:line" with the file's last two path parts (enough to find it in host/ or node:). */
function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, "").split("/").slice(-2).join("/");
  return file ? `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}` : functionName || "(anonymous)";
}

function buildTree(): { root: Frame; busy: number; all: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const root: Frame = { name: "all busy time", self: 0, total: 0, children: new Map() };
  const walk = (node: ProfileNode, into: Frame): void => {
    for (const childId of node.children ?? []) {
      const child = byId.get(childId)!;
      const name = frameName(child);
      if (IGNORED.has(name)) continue;
      let frame = into.children.get(name);
      if (!frame) into.children.set(name, (frame = { name, self: 0, total: 0, children: new Map() }));
      frame.self += hits.get(childId) ?? 0;
      walk(child, frame);
    }
  };
  walk(profile.nodes[0], root);
  const sum = (f: Frame): number => (f.total = f.self + [...f.children.values()].reduce((s, c) => s + sum(c), 0));
  const busy = sum(root);
  return { root, busy, all: profile.samples.length };
}

/** Where the code lives: asedge's host JS, WASM, Node's JS internals, or native (the engine, bindings). */
function kind(name: string): "asedge JS" | "WASM" | "Node JS" | "native" {
  if (/ (node|slot|app|core|reference|middleware)\/[\w-]+\.js:/.test(name)) return "asedge JS";
  if (name.startsWith("wasm-function")) return "WASM";
  if (/ node:|internal\/|streams\/|process\/|bootstrap\/|perf\//.test(name)) return "Node JS";
  return "native"; // syscalls behind bindings (writeBuffer is the socket write), GC, program
}

const COLOURS = { "asedge JS": "#e8a04a", WASM: "#9b7fd1", "Node JS": "#6fa8dc", native: "#b7b7b7" };

function colour(name: string): string {
  return COLOURS[kind(name)];
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function svg(root: Frame, busy: number, all: number): string {
  const rects: string[] = [];
  let depth = 0;
  const place = (frame: Frame, x: number, level: number): void => {
    depth = Math.max(depth, level);
    const width = (frame.total / busy) * WIDTH;
    if (width < 0.3) return;
    const share = ((100 * frame.total) / busy).toFixed(1);
    const label = width >= MIN_LABEL_PX ? frame.name.slice(0, Math.floor(width / 6.5)) : "";
    rects.push(`<g><title>${escape(frame.name)}: ${share} % of busy time (${frame.total} samples, ${frame.self} own)</title>` +
      `<rect x="${x.toFixed(1)}" y="LEVEL${level}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame.name)}"/>` +
      (label ? `<text x="${(x + 3).toFixed(1)}" y="TEXT${level}">${escape(label)}</text>` : "") + "</g>");
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      place(child, childX, level + 1);
      childX += (child.total / busy) * WIDTH;
    }
  };
  place(root, 0, 0);
  const top = 50;
  const height = top + (depth + 1) * ROW + 40;
  // Flame orientation: the root at the bottom, callees above their callers.
  const y = (level: number) => top + (depth - level) * ROW;
  const body = rects.join("\n")
    .replace(/LEVEL(\d+)/g, (_, l) => String(y(Number(l))))
    .replace(/TEXT(\d+)/g, (_, l) => String(y(Number(l)) + ROW - 4));
  const idle = ((100 * (all - busy)) / all).toFixed(0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">\n` +
    `<text x="4" y="18" font-family="sans-serif" font-size="14">${escape(title)}</text>\n` +
    `<text x="4" y="36" font-family="sans-serif" font-size="11">width = share of busy samples (${busy} of ${all}; idle ${idle} % left out). ` +
    `orange: asedge host JS · purple: WASM · blue: Node internals · grey: native (syscalls, GC). Hover a box for its figures.</text>\n` +
    `${body}\n<text x="4" y="${height - 12}" font-family="sans-serif" font-size="11">made by bench/flame-graph.ts from node --cpu-prof</text>\n</svg>\n`;
}

/** Own and total samples per function name over the whole tree. */
function heaviest(root: Frame): { own: Map<string, number>; total: Map<string, number> } {
  const own = new Map<string, number>();
  const total = new Map<string, number>();
  const visit = (frame: Frame, onPath: Set<string>): void => {
    own.set(frame.name, (own.get(frame.name) ?? 0) + frame.self);
    if (!onPath.has(frame.name)) total.set(frame.name, (total.get(frame.name) ?? 0) + frame.total); // recursion counted once
    const path = new Set(onPath).add(frame.name);
    for (const child of frame.children.values()) visit(child, path);
  };
  for (const child of root.children.values()) visit(child, new Set());
  return { own, total };
}

const { root, busy, all } = buildTree();
writeFileSync(output, svg(root, busy, all));
const requests = Number(requestsArg) || 0;
const seconds = (profile.endTime - profile.startTime) / 1e6;
const usPerSample = (seconds * 1e6) / all;
const line = ([name, n]: [string, number]) => {
  const perRequest = requests ? `  ${((n * usPerSample) / requests).toFixed(3).padStart(7)} µs/req` : "";
  return `${((100 * n) / busy).toFixed(1).padStart(5)} %${perRequest}  ${name}`;
};
const { own, total } = heaviest(root);
const top = (map: Map<string, number>, k: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, k).map(line).join("\n");
console.log(`${busy} busy of ${all} samples over ${seconds.toFixed(1)} s${requests ? `, ${requests} requests: ${((busy * usPerSample) / requests).toFixed(2)} µs busy per request` : ""}`);
const byKind = new Map<string, number>();
for (const [name, n] of own) {
  const k = ["writeBuffer", "(garbage collector)", "(program)"].includes(name) ? name : kind(name);
  byKind.set(k, (byKind.get(k) ?? 0) + n);
}
console.log(`— own time by kind —\n${top(byKind, 10)}`);
console.log(`— own time —\n${top(own, 30)}\n— total time (with callees) —\n${top(total, 40)}`);
