import { compileRegex, regexMatch, Regex } from "../regex";
import { RouteError } from "../errors";

function compile(src: string, next: string = ""): Regex {
  const s = String.UTF8.encode(src);
  const n = String.UTF8.encode(next);
  const c = compileRegex(changetype<usize>(s), s.byteLength, changetype<usize>(n), n.byteLength);
  return changetype<Regex>(c.regex);
}

function errorOf(src: string): i32 {
  const s = String.UTF8.encode(src);
  return compileRegex(changetype<usize>(s), s.byteLength, 0, 0).error;
}

/** End of the match of `re` at the start of `input`, or -1. */
function run(re: Regex, input: string): i32 {
  const b = String.UTF8.encode(input);
  return regexMatch(re, changetype<usize>(b), 0, b.byteLength);
}

describe("regex params", () => {
  it("must match the whole input without a lookahead", () => {
    const re = compile("[0-9]+");
    expect(run(re, "2024")).toBe(4);
    expect(run(re, "2024x")).toBe(-1);
    expect(run(re, "")).toBe(-1);
  });

  it("classes, negation, escapes and dot", () => {
    expect(run(compile("[^/]+"), "a.b")).toBe(3);
    expect(run(compile("[^/]+"), "a/b")).toBe(-1);
    expect(run(compile("\\d\\w\\s"), "1_ ")).toBe(3);
    expect(run(compile("[\\d-]+"), "12-3")).toBe(4);
    expect(run(compile("\\D"), "1")).toBe(-1);
    expect(run(compile("a.c"), "abc")).toBe(3);
    expect(run(compile("[^]*"), "any/thing")).toBe(9);
    expect(run(compile("[]"), "a")).toBe(-1);
    expect(run(compile("é+"), "éé")).toBe(4);
  });

  it("alternation, groups and quantifiers", () => {
    expect(run(compile("(bar|baz)"), "baz")).toBe(3);
    expect(run(compile("ba(?:r|z)"), "bar")).toBe(3);
    expect(run(compile("ab?c*d+"), "acccdd")).toBe(6);
    expect(run(compile("[0-9]{4}"), "2024")).toBe(4);
    expect(run(compile("[0-9]{4}"), "202")).toBe(-1);
    expect(run(compile("a{2,}"), "aaaa")).toBe(4);
    expect(run(compile("(?:ab){1,2}"), "abab")).toBe(4);
    expect(run(compile("(?:ab){1,2}"), "ababab")).toBe(-1);
    expect(run(compile("a{x"), "a{x")).toBe(3); // '{' not a quantifier is a literal
  });

  it("a lookahead ends the match before /next, greedy then backtracking", () => {
    const re = compile(".+", "file.html");
    expect(run(re, "a/b/file.html")).toBe(3);
    expect(run(re, "a/b/file.htm")).toBe(-1);
    expect(run(compile(".+?", "x"), "a/x/x")).toBe(1);
  });

  it("anchors", () => {
    expect(run(compile("^a$"), "a")).toBe(1);
    expect(run(compile("a$b"), "ab")).toBe(-1);
  });

  it("gives up on pathological patterns instead of hanging", () => {
    expect(run(compile("(a*)*b"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).toBe(-1);
  });

  it("rejects what it does not support, and what is not a regex", () => {
    expect(errorOf("(?=a)")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("(?<n>a)")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("\\bx")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("(a)\\1")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("\\u0041")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("[é]")).toBe(RouteError.UNSUPPORTED_REGEX);
    expect(errorOf("(a")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("a)")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("[a")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("*a")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("a**")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("[z-a]")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("a{2,1}")).toBe(RouteError.BAD_REGEX);
    expect(errorOf("a\\")).toBe(RouteError.BAD_REGEX);
  });
});
