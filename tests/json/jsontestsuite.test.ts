// The JSONTestSuite parsing corpus (nst/JSONTestSuite test_parsing/, vendored
// with its MIT license in ./JSONTestSuite/): every file's raw bytes through
// the WASM reader and writer (jsonCanonical).
//   y_  must be accepted and written back byte-identical to
//       JSON.stringify(JSON.parse(text))
//   n_  must be rejected
//   i_  implementation-defined: the verdict below, per file
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { canonicalBytes, core } from "./core.js";
import { JsonError, type JsonErrorName } from "../../host/core/abi.js";

const DIR = fileURLToPath(new URL("./JSONTestSuite/test_parsing/", import.meta.url));
const files = readdirSync(DIR).filter((name) => name.endsWith(".json")).sort();
const read = (name: string) => new Uint8Array(readFileSync(DIR + name));
const ofKind = (prefix: string) => files.filter((name) => name.startsWith(prefix));

/** JSON.stringify(JSON.parse(text)) for UTF-8 bytes (invalid UTF-8 throws). */
const jsCanonical = (bytes: Uint8Array) =>
  JSON.stringify(JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes)));

/** Accepted like JSON.parse: huge/tiny numbers round to ±Infinity (written null) or 0; lone surrogate escapes are kept. */
const SAME_AS_JSON_PARSE = "accept";

// Rejected although a JavaScript caller decoding the bytes first would get a
// value: the reader takes bytes, so it checks what TextDecoder would repair.
const INVALID_UTF8 = "RFC 8259 §8.1: JSON text is UTF-8; TextDecoder would substitute U+FFFD";
const BOM = "RFC 8259 §8.1: a BOM must not be sent; the reader does not skip one (TextDecoder strips it before JSON.parse)";
const NOT_UTF8 = "UTF-16 text: JSON.parse rejects it too once decoded as UTF-8";

/** Every i_ file's verdict: "accept" (same as JSON.parse), or the rejection and why. */
const IMPLEMENTATION_DEFINED: Record<string, typeof SAME_AS_JSON_PARSE | [JsonErrorName, string]> = {
  "i_number_double_huge_neg_exp.json": SAME_AS_JSON_PARSE,
  "i_number_huge_exp.json": SAME_AS_JSON_PARSE,
  "i_number_neg_int_huge_exp.json": SAME_AS_JSON_PARSE,
  "i_number_pos_double_huge_exp.json": SAME_AS_JSON_PARSE,
  "i_number_real_neg_overflow.json": SAME_AS_JSON_PARSE,
  "i_number_real_pos_overflow.json": SAME_AS_JSON_PARSE,
  "i_number_real_underflow.json": SAME_AS_JSON_PARSE,
  "i_number_too_big_neg_int.json": SAME_AS_JSON_PARSE,
  "i_number_too_big_pos_int.json": SAME_AS_JSON_PARSE,
  "i_number_very_big_negative_int.json": SAME_AS_JSON_PARSE,
  "i_object_key_lone_2nd_surrogate.json": SAME_AS_JSON_PARSE,
  "i_string_1st_surrogate_but_2nd_missing.json": SAME_AS_JSON_PARSE,
  "i_string_1st_valid_surrogate_2nd_invalid.json": SAME_AS_JSON_PARSE,
  "i_string_incomplete_surrogate_and_escape_valid.json": SAME_AS_JSON_PARSE,
  "i_string_incomplete_surrogate_pair.json": SAME_AS_JSON_PARSE,
  "i_string_incomplete_surrogates_escape_valid.json": SAME_AS_JSON_PARSE,
  "i_string_invalid_lonely_surrogate.json": SAME_AS_JSON_PARSE,
  "i_string_invalid_surrogate.json": SAME_AS_JSON_PARSE,
  "i_string_inverted_surrogates_U+1D11E.json": SAME_AS_JSON_PARSE,
  "i_string_lone_second_surrogate.json": SAME_AS_JSON_PARSE,
  "i_string_UTF-8_invalid_sequence.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_UTF8_surrogate_U+D800.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_invalid_utf-8.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_iso_latin_1.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_lone_utf8_continuation_byte.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_not_in_unicode_range.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_overlong_sequence_2_bytes.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_overlong_sequence_6_bytes.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_overlong_sequence_6_bytes_null.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_truncated-utf-8.json": ["INVALID_UTF8", INVALID_UTF8],
  "i_string_UTF-16LE_with_BOM.json": ["UNEXPECTED_BYTE", NOT_UTF8],
  "i_string_utf16BE_no_BOM.json": ["UNEXPECTED_BYTE", NOT_UTF8],
  "i_string_utf16LE_no_BOM.json": ["UNEXPECTED_BYTE", NOT_UTF8],
  "i_structure_UTF-8_BOM_empty_object.json": ["UNEXPECTED_BYTE", BOM],
  "i_structure_500_nested_arrays.json": ["TOO_DEEP", "default depth limit 64 (jsonConfigure raises it: see below)"],
};

describe("JSONTestSuite test_parsing", () => {
  it("the vendored corpus is complete", () => {
    expect([ofKind("y_").length, ofKind("n_").length, ofKind("i_").length]).toEqual([95, 188, 35]);
    expect(ofKind("i_")).toEqual(Object.keys(IMPLEMENTATION_DEFINED).sort());
  });

  it.each(ofKind("y_"))("%s is accepted and written as JSON.stringify(JSON.parse(text))", (name) => {
    const bytes = read(name);
    expect(canonicalBytes(bytes)).toEqual({ ok: true, text: jsCanonical(bytes) });
  });

  it.each(ofKind("n_"))("%s is rejected", (name) => {
    expect(canonicalBytes(read(name)).ok).toBe(false);
  });

  it.each(ofKind("i_"))("%s", (name) => {
    const bytes = read(name);
    const verdict = IMPLEMENTATION_DEFINED[name];
    if (verdict === SAME_AS_JSON_PARSE) {
      expect(canonicalBytes(bytes)).toEqual({ ok: true, text: jsCanonical(bytes) });
    } else {
      expect(canonicalBytes(bytes)).toMatchObject({ ok: false, code: JsonError[verdict[0]] });
    }
  });

  describe("with the depth limit raised", () => {
    afterAll(() => core.jsonConfigure(0, 0));

    it("i_structure_500_nested_arrays.json is accepted", () => {
      core.jsonConfigure(500, 0);
      const bytes = read("i_structure_500_nested_arrays.json");
      expect(canonicalBytes(bytes)).toEqual({ ok: true, text: jsCanonical(bytes) });
    });
  });
});
