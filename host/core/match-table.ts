/**
 * The one reader of the router's match table (layout: ROUTE_MATCH in
 * abi.ts, drawn there). Every host reads it through these functions, in u32
 * words: `words` is core memory (`core.words`, word index = address / 4) or a
 * copy of the records (fetch hosts copy them out of the slot into a plain
 * array: a typed array's own buffer costs ~0.35 µs on Deno), `table`,
 * `record` and `param` are word indices into it. Plain functions, no
 * allocation.
 *
 * @example
 *   let r = firstRecord(table);
 *   for (let i = 0; i < matchCount(words, table); i++, r = nextRecord(words, r)) {
 *     const route = routeId(words, r);
 *     for (let k = 0, p = firstParam(r); k < paramCount(words, r); k++, p = nextParam(p)) paramName(words, p);
 *   }
 */
import { ROUTE_MATCH } from "./abi.js";

/** Core memory as u32 words, or a copy of some of them. */
export type Words = Uint32Array | readonly number[];

const W = 4;
const COUNT = ROUTE_MATCH.COUNT / W;
const PATH_BASE = ROUTE_MATCH.PATH_BASE / W;
/** Words of the table header, a record (without params) and a param. */
export const HEADER_WORDS = ROUTE_MATCH.HEADER_SIZE / W;
export const RECORD_WORDS = ROUTE_MATCH.RECORD_SIZE / W;
export const PARAM_WORDS = ROUTE_MATCH.PARAM_SIZE / W;
const ROUTE_ID = ROUTE_MATCH.ROUTE_ID / W;
const PARAM_COUNT = ROUTE_MATCH.PARAM_COUNT / W;
const PARAM_NAME = ROUTE_MATCH.PARAM_NAME / W;
const PARAM_OFFSET = ROUTE_MATCH.PARAM_OFFSET / W;
const PARAM_LENGTH = ROUTE_MATCH.PARAM_LENGTH / W;

/** Word index of a table the core wrote at byte address `ptr`. */
export function tableAt(ptr: number): number {
  return ptr >>> 2;
}

/** Matches in the table. */
export function matchCount(words: Words, table: number): number {
  return words[table + COUNT];
}

/** Byte address param spans are relative to (the path, or its %-decoded copy). */
export function pathBase(words: Words, table: number): number {
  return words[table + PATH_BASE];
}

/** The first record of a table. */
export function firstRecord(table: number): number {
  return table + HEADER_WORDS;
}

export function routeId(words: Words, record: number): number {
  return words[record + ROUTE_ID];
}

export function paramCount(words: Words, record: number): number {
  return words[record + PARAM_COUNT];
}

/** The record after `record` (records are variable-sized: walk forward). */
export function nextRecord(words: Words, record: number): number {
  return record + RECORD_WORDS + words[record + PARAM_COUNT] * PARAM_WORDS;
}

/** The first param of a record; the k-th is firstParam + k × PARAM_WORDS. */
export function firstParam(record: number): number {
  return record + RECORD_WORDS;
}

export function nextParam(param: number): number {
  return param + PARAM_WORDS;
}

/** Index of the param's name in its route's param names. */
export function paramName(words: Words, param: number): number {
  return words[param + PARAM_NAME];
}

/** Start of the param's value, relative to pathBase. */
export function paramOffset(words: Words, param: number): number {
  return words[param + PARAM_OFFSET];
}

export function paramLength(words: Words, param: number): number {
  return words[param + PARAM_LENGTH];
}
