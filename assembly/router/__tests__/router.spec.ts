// The shared router suite: every implementation of ../router.ts passes it
// (newRouter() in helpers.include.ts names the one under test).
import { newRouter, addRoute, addNamed, matchText } from "./helpers.include";
import { METHOD_ALL, MAX_PARAMS } from "../router";
import { RouteError } from "../errors";
import { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_PUT, METHOD_DELETE } from "../../http/methods";

describe("router: static and param routes", () => {
  it("matches static paths and nothing else", () => {
    const r = newRouter();
    expect(addRoute(r, METHOD_GET, "/hello")).toBe(0);
    expect(addRoute(r, METHOD_POST, "/hello")).toBe(1);
    expect(matchText(r, METHOD_GET, "/hello")).toBe("0{}");
    expect(matchText(r, METHOD_POST, "/hello")).toBe("1{}");
    expect(matchText(r, METHOD_PUT, "/hello")).toBe("");
    expect(matchText(r, METHOD_GET, "/hello/")).toBe("");
    expect(matchText(r, METHOD_GET, "/")).toBe("");
    expect(matchText(r, METHOD_GET, "")).toBe("");
  });

  it("returns every match in registration order with its own params", () => {
    const r = newRouter();
    addRoute(r, METHOD_ALL, "*");
    addRoute(r, METHOD_GET, "/entry/:id/*");
    addRoute(r, METHOD_GET, "/entry/:id/:action");
    addRoute(r, METHOD_GET, "*");
    expect(matchText(r, METHOD_GET, "/entry/123/show")).toBe("0{} 1{0=123} 2{0=123,1=show} 3{}");
    expect(matchText(r, METHOD_DELETE, "/entry/123/show")).toBe("0{}");
  });

  it("keeps the first value of a repeated param name", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/:id/:id");
    expect(matchText(r, METHOD_GET, "/1/2")).toBe("0{0=1}");
  });

  it("reads a label that is not a well-formed param as static text, like Hono", () => {
    const r = newRouter();
    expect(addRoute(r, METHOD_GET, "/users/:")).toBe(0);
    expect(addRoute(r, METHOD_GET, "/a/:id{")).toBe(1);
    expect(addRoute(r, METHOD_GET, "/b/:{x}")).toBe(2);
    expect(addRoute(r, METHOD_GET, "/c/:id{}")).toBe(3);
    expect(matchText(r, METHOD_GET, "/users/:")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/users/x")).toBe("");
    expect(matchText(r, METHOD_GET, "/a/:id{")).toBe("1{}");
    expect(matchText(r, METHOD_GET, "/a/x")).toBe("");
    expect(matchText(r, METHOD_GET, "/b/:{x}")).toBe("2{}");
    expect(matchText(r, METHOD_GET, "/b/x")).toBe("");
    expect(matchText(r, METHOD_GET, "/c/:id{}")).toBe("3{}");
    expect(matchText(r, METHOD_GET, "/c/x")).toBe("");
  });

  it("expands trailing optional params", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/v1/:version?/:platform?");
    expect(matchText(r, METHOD_GET, "/v1")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/v1/2")).toBe("0{0=2}");
    expect(matchText(r, METHOD_GET, "/v1/2/linux")).toBe("0{0=2,1=linux}");
    expect(matchText(r, METHOD_GET, "/v1/2/linux/x")).toBe("");
  });

  it("does not match an empty segment with a plain param", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/book/:id");
    expect(matchText(r, METHOD_GET, "/book/")).toBe("");
  });

  it("finds a child by key below a param whatever the key's first byte", () => {
    // Keys whose first bytes share a bit of the node's first-byte filter (b & 63),
    // an empty key and a non-ASCII one.
    const r = newRouter();
    const keys = ["a", "!", "", "é", "~x", "A"];
    for (let i = 0; i < keys.length; i++) addRoute(r, METHOD_GET, "/:p/" + keys[i]);
    addRoute(r, METHOD_GET, "/:p/:id");
    for (let i = 0; i < keys.length; i++) {
      const hits = matchText(r, METHOD_GET, "/1/" + keys[i]);
      expect(hits.startsWith(i.toString() + "{0=1}")).toBe(true, keys[i]);
    }
    expect(matchText(r, METHOD_GET, "/1/b")).toBe("6{0=1,1=b}");
  });

  it("routes paths without a leading slash (host-prefixed tables)", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "www1.example.com/hello");
    expect(matchText(r, METHOD_GET, "www1.example.com/hello")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/hello")).toBe("");
  });
});

describe("router: wildcards", () => {
  it("`*` at the end matches any rest, also none", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/path/*");
    expect(matchText(r, METHOD_GET, "/path")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/path/")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/path/to/file")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/pathfoo")).toBe("");
  });

  it("`*` in the middle matches one segment", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/wild/*/card");
    expect(matchText(r, METHOD_GET, "/wild/x/card")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/wild/x/y/card")).toBe("");
  });

  it("`abc*` matches a last segment starting with abc, and any rest", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/assets*");
    expect(matchText(r, METHOD_GET, "/assets")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/assets-v2")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/assets/app.js")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/asset")).toBe("");
  });
});

describe("router: regex params", () => {
  it("constrains a segment", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/post/:date{[0-9]+}/:title{[a-z]+}");
    expect(matchText(r, METHOD_GET, "/post/20210101/hello")).toBe("0{0=20210101,1=hello}");
    expect(matchText(r, METHOD_GET, "/post/123/123")).toBe("");
  });

  it("spans segments up to the next literal part", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/:dirs{.+}/file.html");
    addRoute(r, METHOD_GET, "/js/:file{[a-z0-9/]+\\.js}");
    expect(matchText(r, METHOD_GET, "/a/b/c/file.html")).toBe("0{0=a/b/c}");
    expect(matchText(r, METHOD_GET, "/js/chunk/1.js")).toBe("1{0=chunk/1.js}");
    expect(matchText(r, METHOD_GET, "/js/chunk/1xjs")).toBe("");
  });

  it("takes alternation and counted repetition", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/f/:kind{(?:foo|bar)}/*");
    addRoute(r, METHOD_GET, "/y/:year{[0-9]{4}}");
    expect(matchText(r, METHOD_GET, "/f/bar/x")).toBe("0{0=bar}");
    expect(matchText(r, METHOD_GET, "/f/baz/x")).toBe("");
    expect(matchText(r, METHOD_GET, "/y/2024")).toBe("1{0=2024}");
    expect(matchText(r, METHOD_GET, "/y/202")).toBe("");
  });
});

describe("router: methods", () => {
  it("ALL matches every method, a name matches only itself", () => {
    const r = newRouter();
    addRoute(r, METHOD_ALL, "/all");
    addNamed(r, "BREW", "/all");
    expect(matchText(r, METHOD_DELETE, "/all")).toBe("0{}");
    expect(matchText(r, 0, "/all", "BREW")).toBe("0{} 1{}");
    expect(matchText(r, 0, "/all", "brew")).toBe("0{}");
  });

  it("HEAD falls back to GET routes when no HEAD route matches", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/a");
    addRoute(r, METHOD_GET, "/b/:x");
    addRoute(r, METHOD_HEAD, "/b/:x");
    expect(matchText(r, METHOD_HEAD, "/a")).toBe("0{}");
    expect(matchText(r, METHOD_HEAD, "/b/1")).toBe("2{0=1}");
  });
});

describe("router: paths", () => {
  it("%-decodes like Hono's getPath, keeping reserved escapes and bad UTF-8", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/café");
    addRoute(r, METHOD_GET, "/u/:name");
    expect(matchText(r, METHOD_GET, "/caf%C3%A9")).toBe("0{}");
    expect(matchText(r, METHOD_GET, "/u/%41%2F%25%C3%A9")).toBe("1{0=A%2F%25é}");
    expect(matchText(r, METHOD_GET, "/u/%41%2F%25%C3")).toBe("1{0=%41%2F%25%C3}"); // one bad run stays whole
  });
});

describe("router: errors are codes", () => {
  it("refuses invalid routes without changing the table", () => {
    const r = newRouter();
    expect(addRoute(r, METHOD_GET, "")).toBe(-RouteError.INVALID_PATTERN);
    expect(addRoute(r, 77, "/x")).toBe(-RouteError.INVALID_METHOD);
    expect(addNamed(r, "", "/x")).toBe(-RouteError.INVALID_METHOD);
    expect(addRoute(r, METHOD_GET, "/:a{[}")).toBe(-RouteError.BAD_REGEX);
    expect(addRoute(r, METHOD_GET, "/:a{x}/:b{(?!y)}")).toBe(-RouteError.UNSUPPORTED_REGEX);
    let many = "";
    for (let i: u32 = 0; i <= MAX_PARAMS; i++) many += "/:p" + i.toString();
    expect(addRoute(r, METHOD_GET, many)).toBe(-RouteError.TOO_MANY_PARAMS);
    expect(addRoute(r, METHOD_GET, "/x")).toBe(0);
    expect(matchText(r, METHOD_GET, "/x")).toBe("0{}");
    expect(addRoute(r, METHOD_GET, "/y")).toBe(-RouteError.ADDED_AFTER_MATCH);
  });

  it("reports a match table that does not fit", () => {
    const r = newRouter();
    addRoute(r, METHOD_GET, "/x/:a");
    addRoute(r, METHOD_GET, "/x/*");
    expect(matchText(r, METHOD_GET, "/x/1", "", 8 + 20)).toBe("error " + RouteError.RESULT_TOO_LARGE.toString());
    expect(matchText(r, METHOD_GET, "/x/1", "", 8 + 28)).toBe("0{0=1} 1{}");
    expect(matchText(r, METHOD_GET, "/x/1", "", 4)).toBe("error " + RouteError.RESULT_TOO_LARGE.toString());
  });
});
