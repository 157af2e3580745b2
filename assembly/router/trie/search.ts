// The search: a depth-first walk of the route tree over the segments of one
// path, visiting exactly the (node, segment) pairs Hono's TrieRouter visits
// breadth-first, then sorting the hits by registration order. No allocation:
// bindings, hits and params live in static memory.

import { Node, Leaf } from "./node";
import { bytesEqual } from "./bytes";
import { regexMatch } from "../regex";
import { PART_STAR, PART_SUFFIX } from "./pattern";
import { segStart, segEnd, segHash, segCount, childHash } from "./scan";
import { METHOD_ALL, MAX_MATCHES, MAX_PATTERN_SEGMENTS, MATCH_RECORD_SIZE, MATCH_PARAM_SIZE } from "../router";
import { METHOD_HEAD } from "../../http/methods";

/** Params of all hits of one search; more → RESULT_TOO_LARGE. */
const PARAM_POOL_SIZE: u32 = 1024;

// Hit i: leaf pointer, first param in the pool, param count.
const HIT_LEAF = memory.data(<i32>MAX_MATCHES * 4);
const HIT_PARAM_AT = memory.data(<i32>MAX_MATCHES * 4);
const HIT_ORDER = memory.data(<i32>MAX_MATCHES * 4);
// Param triples (nameIndex, offset, length), u32 each.
const PARAM_POOL = memory.data(<i32>PARAM_POOL_SIZE * 12);
// Bindings along the current tree path: (nameId, offset, length). The walk
// goes one tree level per binding, so MAX_PATTERN_SEGMENTS bounds it.
const BINDINGS = memory.data(<i32>MAX_PATTERN_SEGMENTS * 12 + 12);

let hitCount: u32 = 0;
let paramUsed: u32 = 0;
let bindDepth: u32 = 0;
/** A hit did not fit (MAX_MATCHES or the param pool). */
export let overflow = false;
/** A route registered for HEAD itself (not ALL) matched. */
export let sawHead = false;

// What the search looks for.
let wantMethod: u32 = 0;
let wantNamePtr: usize = 0;
let wantNameLen: u32 = 0;
let anyMethod = false;
let base: usize = 0;
let baseLen: u32 = 0;

// The child table (built by freeze): open addressing on (parent id, key).
let childTable: StaticArray<Node | null> = new StaticArray<Node | null>(1);
let childMask: u32 = 0;

export function useChildTable(table: StaticArray<Node | null>): void {
  childTable = table;
  childMask = <u32>table.length - 1;
}

/** Set the method filter; `any` keeps every leaf (static-table precompute). */
export function setMethod(method: u32, namePtr: usize, nameLen: u32, any: bool): void {
  wantMethod = method;
  wantNamePtr = namePtr;
  wantNameLen = nameLen;
  anyMethod = any;
}

@inline export function leafMatchesMethod(leaf: Leaf): bool {
  const m = leaf.method;
  if (m == METHOD_ALL) return true;
  if (wantMethod != 0) return m == wantMethod;
  return m == 0 && <u32>leaf.methodName.byteLength == wantNameLen
    && bytesEqual(changetype<usize>(leaf.methodName), wantNamePtr, wantNameLen);
}

/** Walk the tree for the path scanned by scanPath over base[..len). */
export function search(root: Node, pathBase: usize, pathLen: u32): void {
  hitCount = 0;
  paramUsed = 0;
  bindDepth = 0;
  overflow = false;
  sawHead = false;
  base = pathBase;
  baseLen = pathLen;
  if (segCount > 0) visit(root, 0);
  sortHits();
}

function childOf(node: Node, i: i32, start: u32, len: u32): Node | null {
  const h = segHash(i);
  let idx = childHash(node.id, h) & childMask;
  while (true) {
    // idx is masked to the power-of-two table size.
    const c = unchecked(childTable[idx]);
    if (c === null) return null;
    if (c.keyHash == h && c.parentId == node.id && <u32>c.keyBytes.byteLength == len
        && bytesEqual(changetype<usize>(c.keyBytes), base + start, len)) return c;
    idx = (idx + 1) & childMask;
  }
}

/** The bit of Node.childFirstBytes for a key or segment starting with byte b. */
@inline export function firstByteBit(b: u32): u64 {
  return <u64>1 << ((b + 1) & 63);
}

function visit(node: Node, i: i32): void {
  const start = segStart(i);
  const end = segEnd(i);
  const isLast = i == segCount - 1;
  const first = start < end ? <u32>load<u8>(base + start) : 0;
  const next = node.childFirstBytes & firstByteBit(first) ? childOf(node, i, start, end - start) : null;
  if (next) {
    if (isLast) {
      const star = next.star;
      if (star) pushLeaves(star);
      pushLeaves(next);
    } else {
      visit(next, i + 1);
    }
  }
  const patterns = node.patterns;
  for (let j = 0, n = patterns.length; j < n; j++) {
    const child = unchecked(patterns[j]);
    const kind = child.kind;
    if (kind == PART_STAR) {
      pushLeaves(child);
      if (!isLast) visit(child, i + 1);
      continue;
    }
    if (kind == PART_SUFFIX) {
      const plen = <u32>child.prefix.byteLength;
      if (plen <= end - start && bytesEqual(changetype<usize>(child.prefix), base + start, plen)) pushLeaves(child);
      continue;
    }
    const re = child.regex;
    if (re === null) {
      if (start == end) continue;
      bind(child.nameId, start, end - start);
      descend(child, i, isLast);
      bindDepth--;
      continue;
    }
    // Hono tries the regex on the whole rest of the path first (it may span '/').
    const m = regexMatch(re, base, start, baseLen);
    if (m >= 0) {
      bind(child.nameId, start, <u32>m - start);
      pushLeaves(child);
      const star = child.star;
      if (<u32>m == baseLen && star) pushLeaves(star);
      if (child.children.length) {
        let slashes = 0;
        for (let p = start; p < <u32>m; p++) if (load<u8>(base + p) == 0x2f) slashes++;
        const resume = i + slashes + 1;
        if (resume < segCount) visit(child, resume);
      }
      bindDepth--;
      continue;
    }
    if (!child.lookahead && regexMatch(re, base, start, end) >= 0) {
      bind(child.nameId, start, end - start);
      descend(child, i, isLast);
      bindDepth--;
    }
  }
}

/** A param node matched segment i: collect at the end, else go deeper. */
@inline function descend(child: Node, i: i32, isLast: bool): void {
  if (isLast) {
    pushLeaves(child);
    const star = child.star;
    if (star) pushLeaves(star);
  } else {
    visit(child, i + 1);
  }
}

@inline function bind(nameId: i32, off: u32, len: u32): void {
  const at = BINDINGS + <usize>bindDepth * 12;
  store<i32>(at, nameId);
  store<u32>(at, off, 4);
  store<u32>(at, len, 8);
  bindDepth++;
}

function pushLeaves(node: Node): void {
  const leaves = node.leaves;
  for (let j = 0, n = leaves.length; j < n; j++) {
    const leaf = unchecked(leaves[j]);
    if (!anyMethod && !leafMatchesMethod(leaf)) continue;
    const names = leaf.nameIds;
    const count = <u32>names.length;
    if (hitCount >= MAX_MATCHES || paramUsed + count > PARAM_POOL_SIZE) { overflow = true; return; }
    if (leaf.method == METHOD_HEAD) sawHead = true;
    store<usize>(HIT_LEAF + (<usize>hitCount << 2), changetype<usize>(leaf));
    store<u32>(HIT_PARAM_AT + (<usize>hitCount << 2), paramUsed);
    hitCount++;
    for (let k: u32 = 0; k < count; k++) {
      // The first binding of a name wins (Hono keeps a param once set).
      const id = unchecked(names[k]);
      let b: u32 = 0;
      while (b < bindDepth && load<i32>(BINDINGS + <usize>b * 12) != id) b++;
      const at = PARAM_POOL + <usize>paramUsed * 12;
      store<u32>(at, <u32>unchecked(leaf.nameIndexes[k]));
      store<u32>(at, load<u32>(BINDINGS + <usize>b * 12, 4), 4);
      store<u32>(at, load<u32>(BINDINGS + <usize>b * 12, 8), 8);
      paramUsed++;
    }
  }
}

@inline function hitLeaf(h: u32): Leaf {
  return changetype<Leaf>(load<usize>(HIT_LEAF + (<usize>h << 2)));
}

/** HIT_ORDER = hits by registration order (insertion sort: hits are few and mostly sorted). */
function sortHits(): void {
  for (let i: u32 = 0; i < hitCount; i++) {
    const score = hitLeaf(i).score;
    let j = i;
    while (j > 0) {
      const prev = load<u32>(HIT_ORDER + (<usize>(j - 1) << 2));
      if (hitLeaf(prev).score <= score) break;
      store<u32>(HIT_ORDER + (<usize>j << 2), prev);
      j--;
    }
    store<u32>(HIT_ORDER + (<usize>j << 2), i);
  }
}

export function hits(): u32 { return hitCount; }

/** The k-th hit in registration order. */
@inline export function orderedHit(k: u32): u32 { return load<u32>(HIT_ORDER + (<usize>k << 2)); }
@inline export function hitLeafAt(h: u32): Leaf { return hitLeaf(h); }
@inline export function hitParamCount(h: u32): u32 { return <u32>hitLeaf(h).nameIds.length; }
@inline export function hitParams(h: u32): usize {
  return PARAM_POOL + <usize>load<u32>(HIT_PARAM_AT + (<usize>h << 2)) * 12;
}

/**
 * Write the hits as match records at `at` (before `limit`), param offsets
 * shifted by `shift`. Returns the end, or 0 when they do not fit.
 */
export function writeHits(at: usize, limit: usize, shift: u32): usize {
  for (let k: u32 = 0; k < hitCount; k++) {
    const h = orderedHit(k);
    const n = hitParamCount(h);
    const size = <usize>MATCH_RECORD_SIZE + <usize>n * MATCH_PARAM_SIZE;
    if (at + size > limit) return 0;
    store<u32>(at, hitLeaf(h).routeId);
    store<u32>(at, n, 4);
    let p = hitParams(h);
    let q = at + MATCH_RECORD_SIZE;
    for (let i: u32 = 0; i < n; i++, p += 12, q += 12) {
      store<u32>(q, load<u32>(p));
      store<u32>(q, load<u32>(p, 4) + shift, 4);
      store<u32>(q, load<u32>(p, 8), 8);
    }
    at += size;
  }
  return at;
}
