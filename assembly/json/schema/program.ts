// A compiled schema: a tree of SchemaNode structs built once at start-up in
// the runtime heap (never freed, never touched by requests except to read).
//
// SchemaNode (unmanaged, 56 bytes):
//   0 types      u32    allowed types, TYPE_* bits; 0 = any value
//   4 flags      u32    HAS_* bits: which bounds below are set
//   8 minimum    f64    numbers: value >= minimum
//  16 maximum    f64    numbers: value <= maximum
//  24 minLength  u32    strings: code points >= minLength
//  28 maxLength  u32    strings: code points <= maxLength
//  32 items      usize  arrays: SchemaNode of every element, 0 = any
//  36 props      usize  objects: PropEntry × propCount
//  40 propCount  u32
//  44 enumData   usize  allowed values, canonical JSON: [u32 length][bytes] × enumCount
//  48 enumCount  u32
//  52 (pad)      u32
//
// PropEntry (unmanaged, 16 bytes):
//   0 name       usize  member name, decoded UTF-8 (heap copy)
//   4 nameLen    u32
//   8 node       usize  SchemaNode, 0 = any value
//  12 required   u32    1 when listed in "required"

export const TYPE_STRING: u32 = 1;
export const TYPE_INTEGER: u32 = 2;
export const TYPE_NUMBER: u32 = 4;
export const TYPE_BOOLEAN: u32 = 8;
export const TYPE_ARRAY: u32 = 16;
export const TYPE_OBJECT: u32 = 32;
export const TYPE_NULL: u32 = 64;

export const HAS_MINIMUM: u32 = 1;
export const HAS_MAXIMUM: u32 = 2;
export const HAS_MIN_LENGTH: u32 = 4;
export const HAS_MAX_LENGTH: u32 = 8;
export const HAS_ENUM: u32 = 16;

/** Members one object schema may describe (required ones tracked in a u64). */
export const MAX_PROPS: u32 = 64;

@unmanaged
export class SchemaNode {
  types: u32 = 0;
  flags: u32 = 0;
  minimum: f64 = 0;
  maximum: f64 = 0;
  minLength: u32 = 0;
  maxLength: u32 = 0;
  items: usize = 0;
  props: usize = 0;
  propCount: u32 = 0;
  enumData: usize = 0;
  enumCount: u32 = 0;
  private _pad: u32 = 0;
}

@unmanaged
export class PropEntry {
  name: usize = 0;
  nameLen: u32 = 0;
  node: usize = 0;
  required: u32 = 0;
}

export const PROP_ENTRY_SIZE: usize = offsetof<PropEntry>();

// @ts-ignore: decorator
@inline export function propAt(node: SchemaNode, i: u32): PropEntry {
  return changetype<PropEntry>(node.props + <usize>i * PROP_ENTRY_SIZE);
}
