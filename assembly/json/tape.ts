// The tape: a parsed JSON text as a flat array of u32 words in caller memory
// (an arena or scratch region). Values are addressed by word index; nothing
// points into the tape from outside, so it can be dropped with its arena.
//
//   kind     words  layout (one box = one u32 word)
//   null       1    ┌──────┐                       KIND word: bits 0-7 kind,
//   false      1    │ KIND │                       bit 8 STRING has escapes,
//   true       1    └──────┘                       bit 9 STRING is an object key
//   number     3    ┌────────┬─────────┬──────────┐
//                   │ NUMBER │ f64 low │ f64 high │   correctly rounded double
//                   └────────┴─────────┴──────────┘
//   string     3    ┌────────┬────────┬────────┐
//                   │ STRING │ offset │ length │   body between the quotes, escapes
//                   └────────┴────────┴────────┘   intact; offset from input start
//   array      3+   ┌───────┬─────┬───────┐ elements… ┌───────────┐
//                   │ ARRAY │ end │ count │           │ ARRAY_END │
//                   └───────┴─────┴───────┘           └───────────┘
//   object     3+   ┌────────┬─────┬───────┐ (key string, value)… ┌────────────┐
//                   │ OBJECT │ end │ count │                      │ OBJECT_END │
//                   └────────┴─────┴───────┘                      └────────────┘
//
// end = index of the word just past the closing *_END word, so skipping a
// container is one load; count = elements (array) or members (object).
// The root value starts at index 0. Example: {"a":[1,true]} (15 words) →
//   index  0: OBJECT  15  1         object, end = 15, one member
//          3: STRING   2  1         key "a": input bytes [2, 3)
//          6: ARRAY   14  2         value, end = 14, two elements
//          9: NUMBER  1.0           f64 in words 10-11
//         12: TRUE
//         13: ARRAY_END
//         14: OBJECT_END

export const TAPE_NULL: u32 = 1;
export const TAPE_FALSE: u32 = 2;
export const TAPE_TRUE: u32 = 3;
export const TAPE_NUMBER: u32 = 4;
export const TAPE_STRING: u32 = 5;
export const TAPE_ARRAY: u32 = 6;
export const TAPE_OBJECT: u32 = 7;
export const TAPE_ARRAY_END: u32 = 8;
export const TAPE_OBJECT_END: u32 = 9;

/** KIND word bit: the string body contains backslash escapes. */
export const TAPE_HAS_ESCAPES: u32 = 1 << 8;

/** KIND word bit: the string is an object member's name. */
export const TAPE_IS_KEY: u32 = 1 << 9;

/** Words of a scalar node (containers: 3 head words + children + 1 end word). */
export const TAPE_SCALAR_WORDS: u32 = 3;

// @ts-ignore: decorator
@inline export function tapeWord(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function tapeKind(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 2)) & 0xff;
}

// @ts-ignore: decorator
@inline export function tapeNumber(tape: usize, i: u32): f64 {
  return load<f64>(tape + (<usize>i << 2), 4);
}

/** Index just past the value at i. */
export function tapeNext(tape: usize, i: u32): u32 {
  const k = tapeKind(tape, i);
  if (k == TAPE_ARRAY || k == TAPE_OBJECT) return tapeWord(tape, i + 1);
  if (k == TAPE_NUMBER || k == TAPE_STRING) return i + 3;
  return i + 1;
}
