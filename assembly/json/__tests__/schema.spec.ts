import { compileSchema } from "../schema/compile";
import { validate, validateOutputPtr, validateOutputLength } from "../schema/validate";
import { parseJson, maxDepth } from "../reader";
import { JsonError } from "../errors";

const tape = heap.alloc(65536);
const out = heap.alloc(65536);

function compile(s: string): i32 {
  const b = String.UTF8.encode(s);
  const p = heap.alloc(b.byteLength);
  memory.copy(p, changetype<usize>(b), b.byteLength);
  return compileSchema(p, <u32>b.byteLength);
}

function check(id: i32, body: string, coerce: bool): string {
  const b = String.UTF8.encode(body);
  const n = parseJson(changetype<usize>(b), <u32>b.byteLength, tape, 16384, maxDepth);
  if (n < 0) return "parse error";
  const r = validate(<u32>id, changetype<usize>(b), tape, 0, out, 65536, coerce, false);
  return r.toString() + " " + String.UTF8.decodeUnsafe(validateOutputPtr, validateOutputLength);
}

const SCHEMA = ('{"type":"object","required":["id"],"properties":{"id":{"type":"integer","minimum":1},' +
    '"name":{"type":"string","minLength":1,"maxLength":3},"tags":{"type":"array","items":{"enum":["a","b"]}},' +
    '"on":{"type":"boolean"},"x":{"type":["number","null"],"maximum":2.5}}}');

// Compiled once, on first use (specs cannot close over locals).
let compiled: i32 = -1;
function schemaId(): i32 {
  if (compiled < 0) compiled = compile(SCHEMA);
  return compiled;
}

describe("schema", () => {

  it("compiles to an id", () => {
    expect(schemaId()).toBeGreaterThanOrEqual(0);
  });

  it("accepts a valid body and writes it back", () => {
    expect(check(schemaId(), '{"id":1,"name":"abc","tags":["a"],"on":false,"x":null}', false))
      .toBe('0 {"id":1,"name":"abc","tags":["a"],"on":false,"x":null}');
  });

  it("lists every error with a JSON Pointer path", () => {
    expect(check(schemaId(), '{"id":0.5,"name":"abcd","tags":["c"],"x":3}', false)).toBe(
      '4 [{"path":"/id","message":"expected integer"},{"path":"/name","message":"length must be <= 3"},' +
      '{"path":"/tags/0","message":"must be one of the allowed values"},{"path":"/x","message":"must be <= 2.5"}]');
  });

  it("reports missing required members", () => {
    expect(check(schemaId(), "{}", false)).toBe('1 [{"path":"/id","message":"is required"}]');
  });

  it("coerces query strings when asked", () => {
    expect(check(schemaId(), '{"id":"12","on":"true","x":"2.5"}', true)).toBe('0 {"id":12,"on":true,"x":2.5}');
    expect(check(schemaId(), '{"id":"12"}', false)).toBe('1 [{"path":"/id","message":"expected integer"}]');
    expect(check(schemaId(), '{"id":" 12"}', true)).toBe('1 [{"path":"/id","message":"expected integer"}]');
    expect(check(schemaId(), '{"id":"1.5"}', true)).toBe('1 [{"path":"/id","message":"expected integer"}]');
  });

  it("coerces a lone string to a one-element array where an array is wanted", () => {
    expect(check(schemaId(), '{"id":"1","tags":"a"}', true)).toBe('0 {"id":1,"tags":["a"]}');
    expect(check(schemaId(), '{"id":"1","tags":"c"}', true))
      .toBe('1 [{"path":"/tags/0","message":"must be one of the allowed values"}]');
    expect(check(schemaId(), '{"id":1,"tags":"a"}', false)).toBe('1 [{"path":"/tags","message":"expected array"}]');
  });

  it("only checks when asked: no output for a valid value, the same errors", () => {
    const b = String.UTF8.encode('{"id":"7"}');
    expect(parseJson(changetype<usize>(b), <u32>b.byteLength, tape, 16384, maxDepth)).toBeGreaterThan(0);
    expect(validate(<u32>schemaId(), changetype<usize>(b), tape, 0, out, 65536, true, true)).toBe(0);
    expect(validateOutputLength).toBe(0);
    expect(validate(<u32>schemaId(), changetype<usize>(b), tape, 0, out, 65536, false, true)).toBe(1);
    expect(String.UTF8.decodeUnsafe(validateOutputPtr, validateOutputLength))
      .toBe('[{"path":"/id","message":"expected integer"}]');
  });

  it("rejects malformed schemas", () => {
    expect(compile('{"type":"strin"}')).toBe(-JsonError.SCHEMA_INVALID);
    expect(compile('{"minimum":"1"}')).toBe(-JsonError.SCHEMA_INVALID);
    expect(compile('{"type":')).toBe(-JsonError.UNEXPECTED_END);
  });
});
