// Hono's shared router cases (honojs/hono src/router/common.case.test.ts),
// restated as data: each case registers routes on a fresh router and expects,
// per request, every matching handler in order with its exact params.

export type Route = readonly [method: string, path: string, handler: string];
export type Hit = readonly [handler: string, params?: Record<string, string>];
export type Request = readonly [method: string, path: string, hits: readonly Hit[]];
export interface Case {
  readonly name: string;
  readonly routes: readonly Route[];
  readonly requests: readonly Request[];
}

const get = (path: string, handler = path): Route => ["GET", path, handler];
const all = (path: string, handler = path): Route => ["ALL", path, handler];

export const HONO_CASES: readonly Case[] = [
  {
    name: "Basic Usage > GET, post hello",
    routes: [get("/hello", "get hello"), ["POST", "/hello", "post hello"], ["PURGE", "/hello", "purge hello"]],
    requests: [
      ["GET", "/hello", [["get hello"]]],
      ["POST", "/hello", [["post hello"]]],
      ["PURGE", "/hello", [["purge hello"]]],
      ["PUT", "/hello", []],
      ["GET", "/", []],
    ],
  },
  {
    name: "Reserved words > Reserved words and named parameter",
    routes: [get("/entry/:constructor", "get entry")],
    requests: [["GET", "/entry/123", [["get entry", { constructor: "123" }]]]],
  },
  {
    name: "Reserved words > Reserved words and wildcard",
    routes: [get("/wild/*/card", "get wildcard")],
    requests: [["GET", "/wild/constructor/card", [["get wildcard"]]]],
  },
  {
    name: "Reserved words > Reserved words and optional named parameter",
    routes: [get("/api/animals/:constructor?", "animals")],
    requests: [["GET", "/api/animals", [["animals"]]]],
  },
  {
    name: "Complex > Named Param",
    routes: [get("/entry/:id", "get entry")],
    requests: [["GET", "/entry/123", [["get entry", { id: "123" }]]], ["GET", "/entry-123", []]],
  },
  {
    name: "Complex > Wildcard",
    routes: [get("/wild/*/card", "get wildcard")],
    requests: [["GET", "/wild/xxx/card", [["get wildcard"]]]],
  },
  {
    name: "Complex > Default",
    routes: [get("/api/abc", "get api"), get("/api/*", "fallback")],
    requests: [["GET", "/api/abc", [["get api"], ["fallback"]]], ["GET", "/api/def", [["fallback"]]]],
  },
  {
    name: "Complex > Regexp",
    routes: [get("/post/:date{[0-9]+}/:title{[a-z]+}", "get post")],
    requests: [
      ["GET", "/post/20210101/hello", [["get post", { date: "20210101", title: "hello" }]]],
      ["GET", "/post/onetwothree", []],
      ["GET", "/post/123/123", []],
    ],
  },
  {
    name: "Complex > Parameter with {.*} regexp",
    routes: [get("/files/:name{.*}", "file")],
    requests: [
      ["GET", "/files", []],
      ["GET", "/files/a", [["file", { name: "a" }]]],
      ["GET", "/files/a/b", [["file", { name: "a/b" }]]],
      ["GET", "/files/", [["file", { name: "" }]]],
    ],
  },
  {
    name: "Complex > /*",
    routes: [get("/api/*", "auth middleware"), get("/api", "top"), get("/api/posts", "posts"), get("/api/*", "fallback")],
    requests: [
      ["GET", "/api", [["auth middleware"], ["top"], ["fallback"]]],
      ["GET", "/api/posts", [["auth middleware"], ["posts"], ["fallback"]]],
    ],
  },
  {
    name: "Registration order > middleware -> handler",
    routes: [get("*", "bar"), get("/:type/:action", "foo")],
    requests: [["GET", "/posts/123", [["bar"], ["foo", { type: "posts", action: "123" }]]]],
  },
  {
    name: "Registration order > handler -> fallback",
    routes: [get("/:type/:action", "foo"), get("*", "fallback")],
    requests: [["GET", "/posts/123", [["foo", { type: "posts", action: "123" }], ["fallback"]]]],
  },
  {
    name: "Multi match > Blog",
    routes: [
      all("*", "middleware a"), get("*", "middleware b"), get("/entry", "get entries"),
      ["POST", "/entry/*", "middleware c"], ["POST", "/entry", "post entry"],
      get("/entry/:id", "get entry"), get("/entry/:id/comment/:comment_id", "get comment"),
    ],
    requests: [
      ["GET", "/", [["middleware a"], ["middleware b"]]],
      ["GET", "/entry/123", [["middleware a"], ["middleware b"], ["get entry", { id: "123" }]]],
      ["GET", "/entry/123/comment/456",
        [["middleware a"], ["middleware b"], ["get comment", { id: "123", comment_id: "456" }]]],
      ["POST", "/entry", [["middleware a"], ["middleware c"], ["post entry"]]],
      ["DELETE", "/entry", [["middleware a"]]],
    ],
  },
  {
    name: "Multi match > `params` per a handler",
    routes: [all("*", "middleware a"), get("/entry/:id/*", "middleware b"), get("/entry/:id/:action", "action")],
    requests: [["GET", "/entry/123/show",
      [["middleware a"], ["middleware b", { id: "123" }], ["action", { id: "123", action: "show" }]]]],
  },
  {
    name: "Multi match > hierarchy",
    routes: [get("/posts/:id/comments/:comment_id", "foo"), get("/posts/:id", "bar")],
    requests: [["GET", "/", []]],
  },
  {
    name: "Duplicate param name > self",
    routes: [get("/:id/:id", "foo")],
    requests: [["GET", "/123/456", [["foo", { id: "123" }]]]],
  },
  {
    name: "Duplicate param name > parent",
    routes: [get("/:id/:action", "foo"), get("/posts/:id", "bar")],
    requests: [["GET", "/posts/get", [["foo", { id: "posts", action: "get" }], ["bar", { id: "get" }]]]],
  },
  {
    name: "Duplicate param name > child",
    routes: [get("/posts/:id", "foo"), get("/:id/:action", "bar")],
    requests: [["GET", "/posts/get", [["foo", { id: "get" }], ["bar", { id: "posts", action: "get" }]]]],
  },
  {
    name: "page > GET /page",
    routes: [get("/page", "page"), all("*", "fallback")],
    requests: [["GET", "/page", [["page"], ["fallback"]]]],
  },
  {
    name: "star",
    routes: [get("/"), get("/*"), get("*"), get("/x"), get("/x/*")],
    requests: [
      ["GET", "/", [["/"], ["/*"], ["*"]]],
      ["GET", "/x", [["/*"], ["*"], ["/x"], ["/x/*"]]],
    ],
  },
  {
    name: "Suffix wildcard",
    routes: [get("/assets*", "assets")],
    requests: [
      ["GET", "/assets", [["assets"]]],
      ["GET", "/assets-v2", [["assets"]]],
      ["GET", "/assets/app.js", [["assets"]]],
      ["GET", "/asset", []],
    ],
  },
  {
    name: "Suffix wildcard > associates /assets* before /assets/app.js",
    routes: [["POST", "/assets*", "/assets*"], ["POST", "/assets/app.js", "/assets/app.js"]],
    requests: [["POST", "/assets/app.js", [["/assets*"], ["/assets/app.js"]]]],
  },
  {
    name: "Suffix wildcard > associates /assets/app.js before /assets*",
    routes: [["POST", "/assets/app.js", "/assets/app.js"], ["POST", "/assets*", "/assets*"]],
    requests: [["POST", "/assets/app.js", [["/assets/app.js"], ["/assets*"]]]],
  },
  {
    name: "Trailing wildcard",
    routes: [get("/path/*", "path")],
    requests: [["GET", "/path", [["path"]]], ["GET", "/path/to/file", [["path"]]], ["GET", "/pathfoo", []]],
  },
  {
    name: "Trailing wildcard after a label",
    routes: [get("/:name/*", "middleware"), get("/:id", "handler")],
    requests: [
      ["GET", "/abc", [["middleware", { name: "abc" }], ["handler", { id: "abc" }]]],
      ["GET", "/abc/sub", [["middleware", { name: "abc" }]]],
    ],
  },
  {
    name: "Trailing wildcard after a pattern label > GET /abc",
    routes: [get("/:name{[a-z]+}/*", "middleware"), get("/:id{[a-z]+}", "handler")],
    requests: [["GET", "/abc", [["middleware", { name: "abc" }], ["handler", { id: "abc" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > in reverse registration order",
    routes: [get("/reverse/:id{[a-z]+}", "handler"), get("/reverse/:name{[a-z]+}/*", "middleware")],
    requests: [["GET", "/reverse/abc", [["handler", { id: "abc" }], ["middleware", { name: "abc" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > ALL middleware",
    routes: [all("/all/:name{[a-z]+}/*", "middleware"), ["POST", "/all/:id{[a-z]+}", "handler"]],
    requests: [["POST", "/all/abc", [["middleware", { name: "abc" }], ["handler", { id: "abc" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > nested braces",
    routes: [get("/posts/:year{[0-9]{4}}/*", "middleware"), get("/posts/:yr{[0-9]{4}}/comments", "handler")],
    requests: [["GET", "/posts/2024/comments", [["middleware", { year: "2024" }], ["handler", { yr: "2024" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > regexp meta characters",
    routes: [get("/files/:kind{(?:foo|bar)}/*", "middleware"), get("/files/:type{(?:foo|bar)}/detail", "handler")],
    requests: [["GET", "/files/foo/detail", [["middleware", { kind: "foo" }], ["handler", { type: "foo" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > the default pattern",
    routes: [get("/user/:userId{[^/]+}/*", "middleware"), get("/user/:id/profile", "handler")],
    requests: [["GET", "/user/123/profile", [["middleware", { userId: "123" }], ["handler", { id: "123" }]]]],
  },
  {
    name: "Trailing wildcard after a pattern label > the default pattern in reverse registration order",
    routes: [get("/user/:id/profile", "handler"), get("/user/:userId{[^/]+}/*", "middleware")],
    requests: [["GET", "/user/123/profile", [["handler", { id: "123" }], ["middleware", { userId: "123" }]]]],
  },
  {
    name: "Trailing wildcard after a middle wildcard",
    routes: [get("/a/*/b/*", "b")],
    requests: [["GET", "/a/x/b", [["b"]]], ["GET", "/a/x/b/c", [["b"]]], ["GET", "/a/x/bz", []]],
  },
  {
    name: "Optional route",
    routes: [get("/api/animals/:type?", "animals"), get("/v1/:version?/:platform?", "result")],
    requests: [
      ["GET", "/api/animals/dog", [["animals", { type: "dog" }]]],
      ["GET", "/api/animals", [["animals"]]],
      ["GET", "/v1/123/abc", [["result", { version: "123", platform: "abc" }]]],
      ["GET", "/v1/123", [["result", { version: "123" }]]],
      ["GET", "/v1", [["result"]]],
    ],
  },
  {
    name: "All",
    routes: [get("/hello", "get hello"), all("/all", "get all")],
    requests: [["GET", "/all", [["get all"]]]],
  },
  {
    name: "long prefix, then star > GET only",
    routes: [get("/long/prefix/*", "long-prefix"), get("/long/*", "long"), get("*", "star1"), get("*", "star2")],
    requests: [
      ["GET", "/", [["star1"], ["star2"]]],
      ["GET", "/long/prefix", [["long-prefix"], ["long"], ["star1"], ["star2"]]],
      ["GET", "/long/prefix/test", [["long-prefix"], ["long"], ["star1"], ["star2"]]],
    ],
  },
  {
    name: "long prefix, then star > ALL and GET",
    routes: [all("/long/prefix/*", "long-prefix"), all("/long/*", "long"), get("*", "star1"), get("*", "star2")],
    requests: [
      ["GET", "/", [["star1"], ["star2"]]],
      ["GET", "/long/prefix", [["long-prefix"], ["long"], ["star1"], ["star2"]]],
      ["GET", "/long/prefix/test", [["long-prefix"], ["long"], ["star1"], ["star2"]]],
    ],
  },
  {
    name: "Including slashes > GET /js/main.js",
    routes: [get("/js/:filename{[a-z0-9/]+.js}", "any file"), get("/js/main.js", "main.js")],
    requests: [["GET", "/js/main.js", [["any file", { filename: "main.js" }], ["main.js"]]]],
  },
  {
    name: "Including slashes > nested files",
    routes: [get("/js/:filename{[a-z0-9/]+.js}", "any file")],
    requests: [
      ["GET", "/js/chunk/123.js", [["any file", { filename: "chunk/123.js" }]]],
      ["GET", "/js/chunk/nest/123.js", [["any file", { filename: "chunk/nest/123.js" }]]],
    ],
  },
  {
    name: "Capture simple multiple directories",
    routes: [get("/:dirs{.+}/file.html", "file.html")],
    requests: [
      ["GET", "/foo/bar/file.html", [["file.html", { dirs: "foo/bar" }]]],
      ["GET", "/foo/bar/baz/file.html", [["file.html", { dirs: "foo/bar/baz" }]]],
      ["GET", "/a/b/c/d/file.html", [["file.html", { dirs: "a/b/c/d" }]]],
    ],
  },
  {
    name: "Capture regex pattern has trailing wildcard",
    routes: [get("/:dir{[a-z]+}/*/file.html", "file.html")],
    requests: [["GET", "/foo/bar/file.html", [["file.html", { dir: "foo" }]]]],
  },
  {
    name: "Capture regex param with trailing wildcard on empty remainder",
    routes: [get("/:id{[0-9]+}/*", "regexp")],
    requests: [["GET", "/123", [["regexp", { id: "123" }]]]],
  },
  {
    name: "Capture regex param with trailing wildcard and sibling route",
    routes: [get("/regex-abc/:id{[0-9]+}/*", "middleware"), get("/regex-abc/:id{[0-9]+}/def", "regexp")],
    requests: [["GET", "/regex-abc/123/ghi", [["middleware", { id: "123" }]]]],
  },
  {
    name: "Capture complex multiple directories",
    routes: [
      get("/:first{.+}/middle-a/:reference?", "1"),
      get("/:first{.+}/middle-b/end-c/:uuid", "2"),
      get("/:first{.+}/middle-b/:digest", "3"),
    ],
    requests: [
      ["GET", "/part1/middle-b/latest", [["3", { first: "part1", digest: "latest" }]]],
      ["GET", "/part1/middle-b/end-c/latest", [["2", { first: "part1", uuid: "latest" }]]],
    ],
  },
  {
    name: "Capture multiple directories and optional",
    routes: [get("/:prefix{.+}/contents/:id?", "contents")],
    requests: [
      ["GET", "/foo/bar/contents", [["contents", { prefix: "foo/bar" }]]],
      ["GET", "/foo/bar/contents/123", [["contents", { prefix: "foo/bar", id: "123" }]]],
    ],
  },
  {
    name: "non ascii characters",
    routes: [all("/$/*", "middleware $"), get("/$/:name", "get $ name"), all("/()/*", "middleware ()"), get("/()/:name", "get () name")],
    requests: [
      ["GET", "/$/hono", [["middleware $"], ["get $ name", { name: "hono" }]]],
      ["GET", "/()/hono", [["middleware ()"], ["get () name", { name: "hono" }]]],
    ],
  },
  {
    name: "REST API",
    routes: [get("/users/:username{[a-z]+}", "profile"), get("/users/:username{[a-z]+}/posts", "posts")],
    requests: [
      ["GET", "/users/hono", [["profile", { username: "hono" }]]],
      ["GET", "/users/hono/posts", [["posts", { username: "hono" }]]],
    ],
  },
  {
    name: "Trailing slash",
    routes: [get("/book", "GET /book"), get("/book/:id", "GET /book/:id")],
    requests: [["GET", "/book", [["GET /book"]]], ["GET", "/book/", []]],
  },
  {
    name: "Same path",
    routes: [get("/hey", "Middleware A"), get("/hey", "Middleware B")],
    requests: [["GET", "/hey", [["Middleware A"], ["Middleware B"]]]],
  },
  {
    name: "Routing with a hostname",
    routes: [get("www1.example.com/hello", "www1"), get("www2.example.com/hello", "www2")],
    requests: [
      ["GET", "www1.example.com/hello", [["www1"]]],
      ["GET", "www2.example.com/hello", [["www2"]]],
      ["GET", "/hello", []],
    ],
  },
  {
    name: "static routes of ALL and GET",
    routes: [all("/foo", "foo"), get("/bar", "bar")],
    requests: [["GET", "/foo", [["foo"]]]],
  },
  {
    name: "ALL and Star",
    routes: [all("/x", "/x"), get("*", "star")],
    requests: [["GET", "/x", [["/x"], ["star"]]]],
  },
  {
    name: "GET star, ALL static, GET star...",
    routes: [get("*", "star1"), all("/x", "/x"), get("*", "star2"), get("*", "star3")],
    requests: [["GET", "/x", [["star1"], ["/x"], ["star2"], ["star3"]]]],
  },
  {
    name: "GET star, GET static, ALL star...",
    routes: [get("/y/*", "star1"), get("/y/a", "a"), all("/y/b/*", "star2"), get("/y/b/bar", "bar")],
    requests: [["GET", "/y/b/bar", [["star1"], ["star2"], ["bar"]]]],
  },
  {
    name: "ALL star, ALL star, GET static, ALL star...",
    routes: [all("*", "wildcard"), all("/a/*", "star1"), get("/a/foo", "foo"), all("/b/*", "star2"), get("/b/bar", "bar")],
    requests: [["GET", "/b/bar", [["wildcard"], ["star2"], ["bar"]]]],
  },
  {
    name: "Capture Group > Simple capturing group",
    routes: [["get", "/foo/:capture{(bar|baz)}", "ok"]],
    requests: [
      ["get", "/foo/bar", [["ok", { capture: "bar" }]]],
      ["get", "/foo/baz", [["ok", { capture: "baz" }]]],
      ["get", "/foo/qux", []],
    ],
  },
  {
    name: "Capture Group > Non-capturing group",
    routes: [["get", "/foo/:capture{(?:bar|baz)}", "ok"]],
    requests: [
      ["get", "/foo/bar", [["ok", { capture: "bar" }]]],
      ["get", "/foo/baz", [["ok", { capture: "baz" }]]],
      ["get", "/foo/qux", []],
    ],
  },
  {
    name: "Capture Group > Non-capturing group with prefix",
    routes: [["get", "/foo/:capture{ba(?:r|z)}", "ok"]],
    requests: [
      ["get", "/foo/bar", [["ok", { capture: "bar" }]]],
      ["get", "/foo/baz", [["ok", { capture: "baz" }]]],
      ["get", "/foo/qux", []],
    ],
  },
  {
    name: "Capture Group > Complex capturing group",
    routes: [["get", "/foo/:capture{ba(r|z)}", "ok"]],
    requests: [["get", "/foo/bar", [["ok", { capture: "bar" }]]]],
  },
  {
    name: "Unknown method",
    routes: [get("/", "index"), all("/all", "all")],
    requests: [["UNKNOWN_METHOD", "/", []], ["UNKNOWN_METHOD", "/all", [["all"]]]],
  },
];
