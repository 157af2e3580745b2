// The route tree: one node per distinct part key under a parent (Hono's
// TrieRouter Node), built at start-up with managed objects that the hot path
// only reads.

import { Regex } from "../regex";
import { PART_STATIC } from "./pattern";
import { bytesHash } from "./scan";

/** One registered path (a route, or one expansion of its optional params). */
export class Leaf {
  routeId: u32 = 0;
  method: u32 = 0;            // method id, METHOD_ALL, or 0 = by name
  methodName: ArrayBuffer = new ArrayBuffer(0);
  score: u32 = 0;             // registration order across all leaves
  /** Interned name ids of this path's params, first occurrence order … */
  nameIds: StaticArray<i32> = new StaticArray<i32>(0);
  /** … and each one's index in the route's param names. */
  nameIndexes: StaticArray<i32> = new StaticArray<i32>(0);
}

export class Node {
  id: i32 = 0;
  parentId: i32 = -1;
  keyHash: u32 = 0;           // bytesHash(keyBytes), checked before comparing bytes
  /** UTF-8 bytes of the key under the parent (the label, `label#next`, `*`…). */
  keyBytes: ArrayBuffer;
  kind: u8 = PART_STATIC;     // the pattern this node matches as (PART_*)
  nameId: i32 = -1;           // PART_PARAM
  regex: Regex | null = null; // PART_PARAM with `{re}`
  lookahead: bool = false;    // the regex ends in (?=/next)
  prefix: ArrayBuffer = new ArrayBuffer(0); // PART_SUFFIX
  children: Array<Node> = [];
  /** firstByteBit of each child key's first byte (0 for ""): a segment outside it has no child by key. */
  childFirstBytes: u64 = 0;
  /** Children that have a pattern, in the order they got it. */
  patterns: Array<Node> = [];
  star: Node | null = null;   // the child keyed `*`
  leaves: Array<Leaf> = [];
  keyString: string;

  constructor(key: string) {
    this.keyString = key;
    this.keyBytes = String.UTF8.encode(key);
    this.keyHash = bytesHash(changetype<usize>(this.keyBytes), this.keyBytes.byteLength);
  }

  childByKey(key: string): Node | null {
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children[i];
      if (c.keyString == key) return c;
    }
    return null;
  }
}
