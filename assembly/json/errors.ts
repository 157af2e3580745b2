// JSON errors: one append-only table shared by the reader, the writer, the
// canonical round trip and the schema compiler/validator. A code never changes
// meaning or number; new codes go at the end. Functions return -code; the
// reader also records the byte offset where it stopped (jsonErrorOffset).
//
// The only source of the table: scripts/generate-mirror.mjs reads the enum and
// REASONS into host/core/tables.generated.ts; tests/json/abi.test.ts checks
// the result against the built .wasm.

export enum JsonError {
  NONE = 0,
  UNEXPECTED_END = 1,         // input ended inside a value
  UNEXPECTED_BYTE = 2,        // a byte that cannot start or continue a value here
  INVALID_LITERAL = 3,        // not exactly true / false / null
  INVALID_NUMBER = 4,         // number grammar: digits after '-', '.', 'e' missing
  LEADING_ZERO = 5,           // 01, -00
  CONTROL_IN_STRING = 6,      // unescaped byte < 0x20 inside a string
  INVALID_ESCAPE = 7,         // backslash not followed by " \ / b f n r t u
  INVALID_UNICODE_ESCAPE = 8, // \u not followed by four hex digits
  INVALID_UTF8 = 9,           // malformed, overlong, surrogate or > U+10FFFF
  TRAILING_COMMA = 10,        // [1,] or {"a":1,}
  EXPECTED_KEY = 11,          // object member name is not a string
  EXPECTED_COLON = 12,        // missing ':' after a member name
  EXPECTED_COMMA_OR_END = 13, // missing ',' or closing bracket
  TRAILING_CONTENT = 14,      // bytes after the top-level value
  TOO_DEEP = 15,              // nesting deeper than maxDepth
  TOO_LARGE = 16,             // input longer than maxBytes
  TAPE_FULL = 17,             // the tape region is too small
  OUTPUT_FULL = 18,           // the output region is too small
  EMPTY_INPUT = 19,           // nothing but whitespace
  SCHEMA_INVALID = 20,        // schema text is not a supported schema
  SCHEMA_TOO_MANY = 21,       // no room for another compiled schema
  SCHEMA_UNKNOWN = 22,        // schema id not compiled
  INVALID_TAPE = 23,          // tape index does not point at a value
  INVALID_SLOT = 24,          // schemaValidateText, jsonCanonicalText: the slot is not handed out (a host bug)
}

/** One past the last code: table size. */
export const JSON_ERROR_COUNT: u32 = 25;

const REASONS: StaticArray<string> = [
  "ok",
  "unexpected end of input",
  "unexpected character",
  "invalid literal",
  "invalid number",
  "leading zero in number",
  "control character in string",
  "invalid escape",
  "invalid unicode escape",
  "invalid UTF-8",
  "trailing comma",
  "expected string key",
  "expected colon",
  "expected comma or closing bracket",
  "unexpected content after value",
  "nesting too deep",
  "JSON text too large",
  "tape full",
  "output full",
  "empty input",
  "invalid schema",
  "too many schemas",
  "unknown schema",
  "invalid tape index",
  "invalid slot",
];

/** Short reason for a code (a static string: no allocation). */
export function jsonErrorReason(code: u32): string {
  return code < JSON_ERROR_COUNT ? unchecked(REASONS[code]) : "internal error";
}
