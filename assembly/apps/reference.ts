// The reference app (host/reference/app.ts) written as an AssemblyScript
// app: the same routes, answering the shared conformance list
// (tests/conformance/cases.ts) byte for byte like the TypeScript one.
// Handlers are top-level functions; middleware calls c.next().

import {
  Context, get, post, put, del, patch, options, all, use, sendCanonicalJson, canonicalNoRoom, CANONICAL_BUSY,
} from "../app";
import { readerErrorOffset } from "../json/reader";
import { JsonError, jsonErrorReason } from "../json/errors";
import { utf16Length } from "../app/text";

const HELLO = "Hello, World!";

function plaintext(c: Context): void {
  c.text(HELLO);
}

function json(c: Context): void {
  c.json().beginObject().key("message").string(HELLO).endObject();
  c.sendJson();
}

function user(c: Context): void {
  const id = c.req.param("id")!;
  c.json().beginObject().key("id").string(id).key("name").string("user-" + id).endObject();
  c.sendJson();
}

/** The request as JSON: method, url, path, query (repeated names → arrays), headers, body. */
function echo(c: Context): void {
  const req = c.req;
  const out = c.json().beginObject();
  out.key("method").string(req.method).key("url").string(req.target).key("path").string(req.path);
  out.key("query").beginObject();
  const pairs = req.queryPairs();
  for (let i = 0; i < pairs.length; i++) {
    const name = pairs[i].name;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = pairs[j].name == name;
    if (seen) continue;
    let count = 0;
    for (let j = i; j < pairs.length; j++) if (pairs[j].name == name) count++;
    out.key(name);
    if (count == 1) {
      out.string(pairs[i].value);
      continue;
    }
    out.beginArray();
    for (let j = i; j < pairs.length; j++) if (pairs[j].name == name) out.string(pairs[j].value);
    out.endArray();
  }
  out.endObject();
  out.key("headers").beginArray();
  for (let i: u32 = 0; i < req.headerCount; i++) {
    out.beginArray().string(req.headerNameAt(i)).string(req.headerValueAt(i)).endArray();
  }
  out.endArray();
  out.key("body").stringBytes(req.bodyPtr, req.bodyLength).endObject();
  c.sendJson();
}

/**
 * The body written back as JSON.stringify(JSON.parse(body)); else {error, offset}:
 * 400 not JSON, 413 too large to work out, 503 no large slot free for it.
 */
function canonical(c: Context): void {
  const n = sendCanonicalJson(c);
  if (n >= 0) return;
  const busy = n == CANONICAL_BUSY;
  const tooLarge = !busy && (canonicalNoRoom(n) || n == -JsonError.TOO_LARGE);
  const out = c.json().beginObject().key("error");
  if (busy) out.string("server busy");
  else out.string(jsonErrorReason(tooLarge ? JsonError.TOO_LARGE : -n));
  out.key("offset").int(busy || tooLarge ? 0 : readerErrorOffset).endObject();
  c.sendJson(busy ? 503 : tooLarge ? 413 : 400);
}

function apiVersion(c: Context): void {
  c.next();
  c.header("X-Api-Version", "1");
}

function items(c: Context): void {
  const out = c.json().beginObject().key("items").beginArray();
  out.beginObject().key("id").string("1").key("name").string("apple").key("price").number(1.25).endObject();
  out.beginObject().key("id").string("2").key("name").string("bread").key("price").number(2.5).endObject();
  out.beginObject().key("id").string("3").key("name").string("cheese").key("price").number(7.75).endObject();
  out.endArray().endObject();
  c.sendJson();
}

function createItem(c: Context): void {
  c.json().beginObject().key("created").bool(true)
    .key("length").int(utf16Length(c.req.bodyPtr, c.req.bodyLength)).endObject();
  c.sendJson(201);
}

function item(c: Context): void {
  c.json().beginObject().key("id").string(c.req.param("id")!).key("kind").string("item").endObject();
  c.sendJson();
}

function updateItem(c: Context): void {
  c.json().beginObject().key("id").string(c.req.param("id")!).key("updated").bool(true).endObject();
  c.sendJson();
}

function patchItem(c: Context): void {
  c.json().beginObject().key("id").string(c.req.param("id")!).key("patched").bool(true).endObject();
  c.sendJson();
}

function deleteItem(c: Context): void {
  c.empty(204);
}

function itemOptions(c: Context): void {
  c.header("Allow", "GET, POST, OPTIONS");
  c.empty(204);
}

function order(c: Context): void {
  c.json().beginObject().key("orderId").string(c.req.param("orderId")!).endObject();
  c.sendJson();
}

function orderLine(c: Context): void {
  c.json().beginObject()
    .key("orderId").string(c.req.param("orderId")!)
    .key("lineId").string(c.req.param("lineId")!).endObject();
  c.sendJson();
}

function comments(c: Context): void {
  c.json().beginObject()
    .key("userId").string(c.req.param("userId")!)
    .key("postId").string(c.req.param("postId")!)
    .key("comments").beginArray().endArray().endObject();
  c.sendJson();
}

function health(c: Context): void {
  c.text("ok");
}

function staticFile(c: Context): void {
  c.text("static:" + c.req.path.substring(8)); // after "/static/"
}

function file(c: Context): void {
  c.text("file:" + c.req.param("name")!);
}

function team(c: Context): void {
  c.json().beginObject()
    .key("team").string(c.req.param("team")!)
    .key("member").stringOrNull(c.req.param("member")).endObject();
  c.sendJson();
}

function status(c: Context): void {
  const code = c.req.param("code")!;
  const status = <u32>I32.parseInt(code);
  // The route's regex admits 000–999; a response can only carry 200–599.
  if (status < 200 || status > 599) c.text("invalid status " + code, 400);
  else c.text("status " + code, status);
}

function search(c: Context): void {
  const out = c.json().beginObject().key("q").stringOrNull(c.req.query("q")).key("tags").beginArray();
  const tags = c.req.queries("tag");
  for (let i = 0; i < tags.length; i++) out.string(tags[i]);
  out.endArray().endObject();
  c.sendJson();
}

function html(c: Context): void {
  c.html("<!doctype html><h1>Hello</h1>");
}

function redirect(c: Context): void {
  c.redirect("/json");
}

/** No timers inside WASM: the same answer as the TypeScript app's async route, synchronously. */
function asyncJson(c: Context): void {
  c.json().beginObject().key("message").string(HELLO).key("async").bool(true).endObject();
  c.sendJson();
}

/** AssemblyScript has no exceptions to catch: a failing handler answers the app's 500 itself. */
function failure(c: Context): void {
  c.internalError();
}

get("/plaintext", plaintext);
get("/json", json);
get("/users/:id", user);
all("/echo", echo);
all("/echo/*", echo);
post("/json/canonical", canonical);

use("/api/*", apiVersion);
get("/api/v1/items", items);
post("/api/v1/items", createItem);
get("/api/v1/items/:id", item);
put("/api/v1/items/:id", updateItem);
patch("/api/v1/items/:id", patchItem);
del("/api/v1/items/:id", deleteItem);
options("/api/v1/items", itemOptions);
get("/api/v1/orders/:orderId", order);
get("/api/v1/orders/:orderId/lines/:lineId", orderLine);
get("/api/v1/users/:userId/posts/:postId/comments", comments);
get("/api/v2/*/health", health);
get("/static/*", staticFile);
get("/files/:name{[a-z0-9_-]+\\.(txt|md)}", file);
get("/teams/:team/members/:member?", team);
get("/status/:code{[0-9]{3}}", status);
get("/search", search);
get("/html", html);
get("/redirect", redirect);
get("/async/json", asyncJson);
get("/error", failure);
