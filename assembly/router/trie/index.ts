// The trie implementation of the router contract (../router.ts): a segment
// tree with Hono TrieRouter semantics for dynamic routes, a child table hashed
// on (parent, segment), and a whole-path table that answers static paths in
// one probe with results precomputed at freeze time (the first match).

import { Node, Leaf } from "./node";
import { bytesEqual } from "./bytes";
import { compileRegex, Regex } from "../regex";
import { expandOptional, splitPattern, classify, Part, PART_STATIC, PART_STAR, PART_PARAM, PART_SUFFIX } from "./pattern";
import { scanPath, segCount, pathHash, sawPercent, childHash } from "./scan";
import {
  firstByteBit, search, setMethod, useChildTable, writeHits, hits, orderedHit, hitLeafAt, hitParamCount, hitParams,
  leafMatchesMethod, overflow, sawHead,
} from "./search";
import { RouteError } from "../errors";
import { decodePath, hasPercent } from "../percent";
import {
  METHOD_ALL, MAX_ROUTES, MAX_PARAMS, MAX_PATTERN_BYTES, MAX_PATTERN_SEGMENTS, MAX_METHOD_NAME_BYTES,
  MATCH_HEADER_SIZE, MATCH_COUNT, MATCH_PATH_BASE, MATCH_RECORD_SIZE, MATCH_PARAM_SIZE,
  ROUTER_DECODE_PATH, validRouteMethod, Router,
} from "../router";
import { METHOD_COUNT, METHOD_GET, METHOD_HEAD } from "../../http/methods";

/** A route's param names (UTF-8), index = the nameIndex of match records. */
class Route {
  names: Array<ArrayBuffer> = [];
}

/** A static path with every hit of every method precomputed (method filter at match). */
class StaticEntry {
  key: ArrayBuffer;
  hash: u32;
  /** Flat: per hit leaf pointer, param count, (nameIndex, offset, length) × count. */
  hits: StaticArray<u32>;
  constructor(key: ArrayBuffer, hash: u32, hits: StaticArray<u32>) {
    this.key = key; this.hash = hash; this.hits = hits;
  }
}

/** One expansion, checked and ready to insert. */
class Prepared {
  parts: Array<Part> = [];
  regexes: Array<Regex | null> = [];
  names: Array<string> = [];
  isStatic: bool = true;
  path: string = "";
}

export class TrieRouter extends Router {
  root: Node = new Node("");
  nodes: Array<Node> = [];
  routes: Array<Route> = [];
  nameIds: Map<string, i32> = new Map();
  staticPaths: Array<string> = [];
  score: u32 = 0;
  frozen: bool = false;
  staticTable: StaticArray<StaticEntry | null> = new StaticArray<StaticEntry | null>(1);
  staticMask: u32 = 0;
  childTable: StaticArray<Node | null> = new StaticArray<Node | null>(1);

  constructor() {
    super();
    this.nodes.push(this.root);
  }

  /** Register a route; returns its id (≥ 0) or -RouteError. */
  add(methodId: u32, methodPtr: usize, methodLen: u32, patternPtr: usize, patternLen: u32): i32 {
    if (!validRouteMethod(methodId)) return -RouteError.INVALID_METHOD;
    if (methodId == 0 && (methodLen == 0 || methodLen > MAX_METHOD_NAME_BYTES)) return -RouteError.INVALID_METHOD;
    if (patternLen == 0 || patternLen > MAX_PATTERN_BYTES) return -RouteError.INVALID_PATTERN;
    if (this.frozen) return -RouteError.ADDED_AFTER_MATCH;
    if (<u32>this.routes.length >= MAX_ROUTES) return -RouteError.TABLE_FULL;

    // Check every expansion before touching the tree: a failed add changes nothing.
    const expansions = expandOptional(String.UTF8.decodeUnsafe(patternPtr, patternLen));
    const prepared: Array<Prepared> = [];
    const route = new Route();
    const routeNames: Array<string> = [];
    for (let e = 0; e < expansions.length; e++) {
      const p = new Prepared();
      p.path = expansions[e];
      const labels = splitPattern(p.path);
      if (<u32>labels.length > MAX_PATTERN_SEGMENTS) return -RouteError.TOO_MANY_SEGMENTS;
      for (let i = 0; i < labels.length; i++) {
        const part = classify(labels[i], i + 1 < labels.length ? labels[i + 1] : null);
        let regex: Regex | null = null;
        if (part.kind != PART_STATIC) p.isStatic = false;
        if (part.kind == PART_PARAM) {
          if (!p.names.includes(part.name)) p.names.push(part.name);
          if (!routeNames.includes(part.name)) routeNames.push(part.name);
          if (part.regex.length) {
            const src = String.UTF8.encode(part.regex);
            const next = String.UTF8.encode(part.next);
            const compiled = compileRegex(changetype<usize>(src), src.byteLength, changetype<usize>(next), next.byteLength);
            if (compiled.error) return -compiled.error;
            regex = compiled.regex;
          }
        }
        p.parts.push(part);
        p.regexes.push(regex);
      }
      prepared.push(p);
    }
    if (<u32>routeNames.length > MAX_PARAMS) return -RouteError.TOO_MANY_PARAMS;

    const routeId = this.routes.length;
    for (let i = 0; i < routeNames.length; i++) route.names.push(String.UTF8.encode(routeNames[i]));
    this.routes.push(route);
    const methodName = methodId == 0 ? copyBytes(methodPtr, methodLen) : new ArrayBuffer(0);
    for (let e = 0; e < prepared.length; e++) {
      this.insert(prepared[e], routeId, methodId, methodName, routeNames);
    }
    return routeId;
  }

  private insert(p: Prepared, routeId: i32, methodId: u32, methodName: ArrayBuffer, routeNames: Array<string>): void {
    let cur = this.root;
    for (let i = 0; i < p.parts.length; i++) {
      const part = p.parts[i];
      let child = cur.childByKey(part.key);
      if (child === null) {
        child = new Node(part.key);
        child.id = this.nodes.length;
        child.parentId = cur.id;
        this.nodes.push(child);
        cur.children.push(child);
        cur.childFirstBytes |= firstByteBit(child.keyBytes.byteLength ? load<u8>(changetype<usize>(child.keyBytes)) : 0);
        if (part.key == "*") cur.star = child;
      }
      if (part.kind != PART_STATIC && child.kind == PART_STATIC) {
        child.kind = part.kind;
        if (part.kind == PART_PARAM) {
          child.nameId = this.internName(part.name);
          child.regex = p.regexes[i];
          child.lookahead = part.next.length > 0;
        } else if (part.kind == PART_SUFFIX) {
          child.prefix = String.UTF8.encode(part.regex);
        }
        cur.patterns.push(child);
      }
      cur = child;
    }
    const leaf = new Leaf();
    leaf.routeId = routeId;
    leaf.method = methodId;
    leaf.methodName = methodName;
    leaf.score = this.score++;
    leaf.nameIds = new StaticArray<i32>(p.names.length);
    leaf.nameIndexes = new StaticArray<i32>(p.names.length);
    for (let k = 0; k < p.names.length; k++) {
      leaf.nameIds[k] = this.internName(p.names[k]);
      leaf.nameIndexes[k] = routeNames.indexOf(p.names[k]);
    }
    cur.leaves.push(leaf);
    if (p.isStatic && !this.staticPaths.includes(p.path)) this.staticPaths.push(p.path);
  }

  private internName(name: string): i32 {
    if (this.nameIds.has(name)) return this.nameIds.get(name);
    const id = this.nameIds.size;
    this.nameIds.set(name, id);
    return id;
  }

  /** Build the lookup tables; the table is read-only from here on. */
  freeze(): void {
    this.frozen = true;
    const table = new StaticArray<Node | null>(tableSize(this.nodes.length));
    const mask = <u32>table.length - 1;
    for (let i = 1; i < this.nodes.length; i++) {
      const node = this.nodes[i];
      let idx = childHash(node.parentId, node.keyHash) & mask;
      while (table[idx] !== null) idx = (idx + 1) & mask;
      table[idx] = node;
    }
    this.childTable = table;
    useChildTable(table);

    const statics = new StaticArray<StaticEntry | null>(tableSize(this.staticPaths.length));
    const smask = <u32>statics.length - 1;
    for (let i = 0; i < this.staticPaths.length; i++) {
      const path = this.staticPaths[i];
      const key = String.UTF8.encode(path.startsWith("/") ? path.slice(1) : path);
      const keyPtr = changetype<usize>(key);
      scanPath(keyPtr, 0, key.byteLength);
      if (segCount < 0) continue;
      setMethod(0, 0, 0, true);
      search(this.root, keyPtr, key.byteLength);
      if (overflow) continue;
      const entry = new StaticEntry(key, pathHash, packHits());
      let idx = pathHash & smask;
      while (statics[idx] !== null) idx = (idx + 1) & smask;
      statics[idx] = entry;
    }
    this.staticTable = statics;
    this.staticMask = smask;
  }

  /**
   * Match a request (see ../router.ts for the result table). Returns the
   * number of matches, or -RouteError.
   */
  match(methodId: u32, methodPtr: usize, methodLen: u32, pathPtr: usize, pathLen: u32, outPtr: usize, outCap: u32): i32 {
    if (!this.frozen) this.freeze();
    useChildTable(this.childTable);
    if (methodId >= METHOD_COUNT) return -RouteError.INVALID_METHOD;
    if (outCap < MATCH_HEADER_SIZE) return -RouteError.RESULT_TOO_LARGE;
    let limit = outPtr + outCap;
    let base = pathPtr;
    store<u32>(outPtr + MATCH_COUNT, 0);
    store<u32>(outPtr + MATCH_PATH_BASE, <u32>base);
    if (pathLen == 0) return 0; // no segments at all (Hono: "" matches nothing)
    // Decoding keeps every '/' as written (%2F stays encoded), so the scan of
    // the raw path tells whether to decode, and only a decoded path is rescanned.
    const start: u32 = load<u8>(base) == 0x2f ? 1 : 0;
    scanPath(base, start, pathLen);
    if ((this.flags & ROUTER_DECODE_PATH) && (segCount < 0 ? hasPercent(pathPtr, pathLen) : sawPercent)) {
      // Decode like Hono's getPath into the end of out; spans point there.
      const room = <usize>pathLen * 3;
      if (<usize>outCap < <usize>MATCH_HEADER_SIZE + room + 4) return -RouteError.RESULT_TOO_LARGE;
      base = (outPtr + outCap - room) & ~3;
      pathLen = decodePath(pathPtr, pathLen, base);
      limit = base;
      store<u32>(outPtr + MATCH_PATH_BASE, <u32>base);
      scanPath(base, start, pathLen);
    }
    if (segCount < 0) return -RouteError.PATH_TOO_DEEP;

    let count = this.matchStatic(methodId, methodPtr, methodLen, base, start, pathLen, outPtr, limit);
    if (count == -1) count = this.matchTree(methodId, methodPtr, methodLen, base, pathLen, outPtr, limit);
    if (count >= 0) store<u32>(outPtr + MATCH_COUNT, <u32>count);
    return count;
  }

  /** The static table's answer, or -1 when the path is not a static route. */
  private matchStatic(methodId: u32, methodPtr: usize, methodLen: u32, base: usize, start: u32, pathLen: u32, outPtr: usize, limit: usize): i32 {
    const keyLen = pathLen - start;
    let idx = pathHash & this.staticMask;
    while (true) {
      // idx is masked to the power-of-two table size.
      const entry = unchecked(this.staticTable[idx]);
      if (entry === null) return -1;
      if (entry.hash == pathHash && <u32>entry.key.byteLength == keyLen
          && bytesEqual(changetype<usize>(entry.key), base + start, keyLen)) {
        setMethod(methodId, methodPtr, methodLen, false);
        let count = writeStaticHits(entry.hits, outPtr + MATCH_HEADER_SIZE, limit, start);
        if (methodId == METHOD_HEAD && !sawHeadStatic) {
          setMethod(METHOD_GET, 0, 0, false);
          count = writeStaticHits(entry.hits, outPtr + MATCH_HEADER_SIZE, limit, start);
        }
        return count;
      }
      idx = (idx + 1) & this.staticMask;
    }
  }

  private matchTree(methodId: u32, methodPtr: usize, methodLen: u32, base: usize, pathLen: u32, outPtr: usize, limit: usize): i32 {
    setMethod(methodId, methodPtr, methodLen, false);
    search(this.root, base, pathLen);
    if (methodId == METHOD_HEAD && !sawHead && !overflow) {
      setMethod(METHOD_GET, 0, 0, false);
      search(this.root, base, pathLen);
    }
    if (overflow) return -RouteError.RESULT_TOO_LARGE;
    if (writeHits(outPtr + MATCH_HEADER_SIZE, limit, 0) == 0) return -RouteError.RESULT_TOO_LARGE;
    return <i32>hits();
  }

  paramCount(routeId: u32): i32 {
    if (routeId >= <u32>this.routes.length) return -RouteError.UNKNOWN_ROUTE;
    return this.routes[routeId].names.length;
  }

  /** Copy the k-th param name of a route to dst (≤ cap bytes); its length or -RouteError. */
  paramName(routeId: u32, k: u32, dst: usize, cap: u32): i32 {
    if (routeId >= <u32>this.routes.length) return -RouteError.UNKNOWN_ROUTE;
    const names = this.routes[routeId].names;
    if (k >= <u32>names.length) return -RouteError.UNKNOWN_ROUTE;
    const name = names[k];
    const n = <u32>min(<u32>name.byteLength, cap);
    memory.copy(dst, changetype<usize>(name), n);
    return <i32>n;
  }
}

let sawHeadStatic = false;

/** Copy the current search hits (sorted) into a flat array for a StaticEntry. */
function packHits(): StaticArray<u32> {
  let words: i32 = 0;
  for (let k: u32 = 0; k < hits(); k++) words += 2 + 3 * <i32>hitParamCount(orderedHit(k));
  const out = new StaticArray<u32>(words);
  let w = 0;
  for (let k: u32 = 0; k < hits(); k++) {
    const h = orderedHit(k);
    const n = hitParamCount(h);
    out[w++] = <u32>changetype<usize>(hitLeafAt(h));
    out[w++] = n;
    const p = hitParams(h);
    for (let i: u32 = 0; i < n * 3; i++) out[w++] = load<u32>(p + (<usize>i << 2));
  }
  return out;
}

/**
 * Write the precomputed hits that pass the method filter at `at`, param
 * offsets shifted by `shift`. Returns the count, or -RESULT_TOO_LARGE.
 */
function writeStaticHits(packed: StaticArray<u32>, at: usize, limit: usize, shift: u32): i32 {
  const src = changetype<usize>(packed);
  const end = src + (<usize>packed.length << 2);
  let count = 0;
  sawHeadStatic = false;
  for (let p = src; p < end;) {
    const leaf = changetype<Leaf>(<usize>load<u32>(p));
    const n = load<u32>(p, 4);
    const size = <usize>MATCH_RECORD_SIZE + <usize>n * MATCH_PARAM_SIZE;
    if (leafMatchesMethod(leaf)) {
      if (at + size > limit) return -RouteError.RESULT_TOO_LARGE;
      if (leaf.method == METHOD_HEAD) sawHeadStatic = true;
      store<u32>(at, leaf.routeId);
      store<u32>(at, n, 4);
      for (let i: u32 = 0; i < n; i++) {
        const q = p + 8 + <usize>i * 12;
        const r = at + 8 + <usize>i * 12;
        store<u32>(r, load<u32>(q));
        store<u32>(r, load<u32>(q, 4) + shift, 4);
        store<u32>(r, load<u32>(q, 8), 8);
      }
      at += size;
      count++;
    }
    p += size;
  }
  return count;
}

function copyBytes(ptr: usize, len: u32): ArrayBuffer {
  const buf = new ArrayBuffer(len);
  memory.copy(changetype<usize>(buf), ptr, len);
  return buf;
}

/** A power of two ≥ 2n (load ≤ 1/2), at least 8. */
function tableSize(n: i32): i32 {
  let size = 8;
  while (size < n * 2) size <<= 1;
  return size;
}
