// The instance's router: the implementation chosen at compile time (only
// trie/ so far), plus the scratch area the host writes patterns and method
// names into at start-up.

import { TrieRouter } from "./trie";

/** Bytes at routerScratch() for routeAdd patterns/method names and routeParamName. */
export const ROUTER_SCRATCH_SIZE: u32 = 4096;
export const ROUTER_SCRATCH = memory.data(<i32>ROUTER_SCRATCH_SIZE);

/** The Router (router.ts) in use, typed as its implementation so that calls are direct. */
export const router = new TrieRouter();
