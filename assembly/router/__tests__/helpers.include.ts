// Test helpers shared by the router specs: register and match with AS
// strings, render a match table as text ("id{k=v,…} …").
import { TrieRouter } from "../trie";
import { Router, MATCH_HEADER_SIZE, MATCH_PATH_BASE } from "../router";

const OUT = memory.data(16384);
const IN = memory.data(4096);

/** The implementation under test (the contract's one implementation today), seen through the contract. */
export function newRouter(): Router {
  return new TrieRouter();
}

export function addRoute(r: Router, method: u32, pattern: string): i32 {
  const b = String.UTF8.encode(pattern);
  return r.add(method, 0, 0, changetype<usize>(b), b.byteLength);
}

export function addNamed(r: Router, method: string, pattern: string): i32 {
  const m = String.UTF8.encode(method);
  const b = String.UTF8.encode(pattern);
  return r.add(0, changetype<usize>(m), m.byteLength, changetype<usize>(b), b.byteLength);
}

/** Match and render: "0{} 2{0=a,1=b}", or "error N". */
export function matchText(r: Router, method: u32, path: string, name: string = "", outCap: u32 = 16384): string {
  const m = String.UTF8.encode(name);
  const nameLen = m.byteLength;
  memory.copy(IN, changetype<usize>(m), nameLen);
  const p = String.UTF8.encode(path);
  const pathPtr = IN + 256;
  memory.copy(pathPtr, changetype<usize>(p), p.byteLength);
  const n = r.match(method, IN, nameLen, pathPtr, p.byteLength, OUT, outCap);
  if (n < 0) return "error " + (-n).toString();
  const base = <usize>load<u32>(OUT + MATCH_PATH_BASE);
  let at = OUT + MATCH_HEADER_SIZE;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = load<u32>(at);
    const count = load<u32>(at, 4);
    at += 8;
    const params: string[] = [];
    for (let k: u32 = 0; k < count; k++, at += 12) {
      params.push(load<u32>(at).toString() + "=" + String.UTF8.decodeUnsafe(base + load<u32>(at, 4), load<u32>(at, 8)));
    }
    parts.push(id.toString() + "{" + params.join(",") + "}");
  }
  return parts.join(" ");
}
