// The AssemblyScript app API: import from here in an app file.
//
//   import { get, Context } from "../app";
//   function user(c: Context): void {
//     const id = c.req.param("id")!;
//     c.json().beginObject().key("id").string(id).endObject();
//     c.sendJson();
//   }
//   get("/users/:id", user);

export { Context, Handler } from "./context";
export { AppRequest, QueryPair } from "./request";
export { Json } from "./json";
export { on, get, post, put, del, patch, options, head, all, use, routeError } from "./app";
export { utf8String, utf16Length } from "./text";
export { sendCanonicalJson, canonicalNoRoom, CANONICAL_BUSY } from "./canonical";
