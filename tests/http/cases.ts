/**
 * Loader for the readable parser cases in tests/http/cases/*.cases (format:
 * tests/http/cases/README.md).
 */
import { readFileSync, readdirSync } from "node:fs";

export interface Limits { maxHeaderBytes: number; maxHeaders: number; maxTargetLength: number; maxBodyBytes: number }

export interface Case {
  file: string;
  name: string;
  input: Uint8Array;
  limits: Limits;
  error?: string;
  errorAt?: number;
  needMore?: boolean;
  llhttpAccepts?: boolean;
  /** Why llhttp rejects this input at an earlier byte than we do ("llhttp rejects earlier: …"). */
  llhttpEarlier?: string;
  method?: string;
  target?: string;
  path?: string;
  query?: string;
  version?: string;
  headers: [string, string][];
  trailers: [string, string][];
  body?: string;
  flags?: string[];
  length?: number;
}

/** Undo the escapes \r \n \t \\ \xHH and \[c*N] (byte c, N times) into latin1 text. */
export function unescape(s: string): string {
  s = s.replace(/\\\[(.)\*(\d+)\]/g, (_, c: string, n: string) => c.repeat(Number(n)));
  return s.replace(/\\(x[0-9a-fA-F]{2}|[rnt\\])/g, (_, e: string) =>
    e[0] === "x" ? String.fromCharCode(parseInt(e.slice(1), 16))
      : e === "r" ? "\r" : e === "n" ? "\n" : e === "t" ? "\t" : "\\");
}

const DEFAULT_LIMITS: Limits = { maxHeaderBytes: 0, maxHeaders: 0, maxTargetLength: 0, maxBodyBytes: 0 };

function field(line: string): [string, string] {
  const colon = line.indexOf(":");
  return [line.slice(0, colon), unescape(line.slice(colon + 1).trim())];
}

export function parseCases(file: string, text: string): Case[] {
  const cases: Case[] = [];
  let c: Case | undefined;
  let raw = "";
  const finish = () => {
    if (!c) return;
    c.input = Uint8Array.from(unescape(raw), (ch) => ch.charCodeAt(0));
    cases.push(c);
  };
  text.split("\n").forEach((line, n) => {
    if (line.startsWith("### ")) {
      finish();
      c = { file, name: line.slice(4).trim(), input: new Uint8Array(), limits: { ...DEFAULT_LIMITS }, headers: [], trailers: [] };
      raw = "";
      return;
    }
    if (!line.trim() || line.startsWith("#")) return;
    if (!c) throw new Error(`${file}:${n + 1}: text before the first ### case`);
    if (line.startsWith(">")) { raw += line.slice(2); return; }
    const sp = line.indexOf(" ");
    const key = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? "" : line.slice(sp + 1);
    switch (key) {
      case "limits":
        for (const kv of rest.split(/\s+/)) {
          const [k, v] = kv.split("=");
          if (!(k in c.limits)) throw new Error(`${file}:${n + 1}: unknown limit ${k}`);
          c.limits[k as keyof Limits] = Number(v);
        }
        break;
      case "error": {
        const m = /^(\w+)(?: at (\d+))?$/.exec(rest);
        if (!m) throw new Error(`${file}:${n + 1}: bad error line`);
        c.error = m[1];
        if (m[2] !== undefined) c.errorAt = Number(m[2]);
        break;
      }
      case "need-more": c.needMore = true; break;
      case "llhttp": {
        const earlier = /^rejects earlier: (.+)$/.exec(rest.trim());
        if (earlier) c.llhttpEarlier = earlier[1];
        else if (rest.trim() === "accepts") c.llhttpAccepts = true;
        else throw new Error(`${file}:${n + 1}: bad llhttp line`);
        break;
      }
      case "method": c.method = rest; break;
      case "target": c.target = unescape(rest); break;
      case "path": c.path = unescape(rest); break;
      case "query": c.query = unescape(rest); break;
      case "version": c.version = rest; break;
      case "header": c.headers.push(field(rest)); break;
      case "trailer": c.trailers.push(field(rest)); break;
      case "body": c.body = unescape(rest); break;
      case "flags": c.flags = rest.trim() === "-" ? [] : rest.trim().split(/\s+/); break;
      case "length": c.length = Number(rest); break;
      default: throw new Error(`${file}:${n + 1}: unknown line "${line}"`);
    }
  });
  finish();
  return cases;
}

/** Every case of every file in tests/http/cases. */
export function loadCases(): Case[] {
  const dir = new URL("./cases/", import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith(".cases")).sort()
    .flatMap((f) => parseCases(f, readFileSync(new URL(f, dir), "utf8")));
}
