/**
 * Request validation as middleware, Hono's `validator` style, with a JSON
 * Schema subset checked inside WASM (assembly/json/schema/). The schema is
 * compiled into each core once, by the first request that core serves; every
 * request is then one call that parses and validates in a request arena: on
 * the Node host the request's own (a body is checked where it lies), on fetch
 * hosts a slot taken for that call.
 *
 * Targets: "json" (the body; Content-Type must be JSON when one is sent),
 * "query" (a name sent once is a string, repeated an array of strings),
 * "param" (route params), "header" (lower-case names). Query, param and
 * header values are strings, coerced where the schema asks for another type:
 * "12" → 12, "true" → true, "a" → ["a"] for an array. JSON bodies are not
 * coerced.
 *
 * Failure answers, all application/json:
 *   400 {"error":"validation failed","target":"json","issues":[{"path":"/price","message":"must be >= 0"}]}
 *   400 {"error":"invalid JSON","target":"json","issues":[{"path":"","message":"trailing comma at byte 12"}]}
 *   413 {"error":"too large to validate","target":"json","issues":[]}  (the request's arena has no room: raise arenaBytes)
 *   415 {"error":"expected a JSON body","target":"json","issues":[]}  (a Content-Type that is not JSON)
 *   503 {"error":"server busy","target":"json","issues":[]}  (fetch hosts: no free slot for the call)
 *
 * @example
 *   const item = { type: "object", required: ["name"],
 *     properties: { name: { type: "string", minLength: 1 }, price: { type: "number", minimum: 0 } } } as const;
 *   app.post("/items", validator("json", item), (c) => {
 *     const body = c.req.valid<Infer<typeof item>>("json");
 *     return c.json({ created: body.name }, 201);
 *   });
 *   app.get("/search", validator("query", { type: "object", properties: { page: { type: "integer", minimum: 1 } } }),
 *     (c) => c.json(c.req.valid("query")));   // ?page=2 → {"page":2}
 */
import type { Core } from "../core/core.js";
import { JSON_ERRORS, JsonError, NO_SLOT, SCHEMA_CHECK_ONLY, SCHEMA_COERCE } from "../core/abi.js";
import type { AppRequest } from "./request.js";
import type { Context } from "./context.js";
import type { Handler, Next } from "./types.js";
import { bodyInArena, bodyToCopy, bytesInArena, releaseSlot, takeSlot, textInArena, type ArenaSpan } from "./arena.js";
import type { JsonSchema, ValidationTarget } from "./schema.js";
import { singleOrAll } from "./query.js";

export const ERR_SCHEMA_NOT_JSON = "asedge: validator(): the schema must be a JSON object";
export const ERR_SCHEMA_INVALID = "asedge: validator(): the schema is not a supported JSON Schema";
export const ERR_SCHEMA_NO_ROOM = "asedge: validator(): the request's arena has no room to compile the schema";
export const ERR_VALIDATE = "asedge: validator(): validation failed inside WASM";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** What one WASM validation call left, read before the slot went back. */
interface Checked {
  result: number;
  /** The coerced value or the issue list (JSON text). */
  output: string;
  /** Where the reader stopped, for a syntax error. */
  offset: number;
}

/** Validation middleware for one target; `c.req.valid(target)` then holds the checked (and coerced) value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- usable on any route, as a Handler<any path>
export function validator<E = any>(target: ValidationTarget, schema: JsonSchema): Handler<any, E> {
  const text = JSON.stringify(schema); // fails here, at start-up, for what JSON cannot hold
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new TypeError(ERR_SCHEMA_NOT_JSON);
  const schemaBytes = new TextEncoder().encode(text);
  const ids = new WeakMap<Core, number>();
  const flags = target === "json" ? SCHEMA_CHECK_ONLY : SCHEMA_COERCE;

  return async (c: Context, next: Next) => {
    const req = c.req;
    let copy: Uint8Array | undefined;
    if (target === "json") {
      const type = req.header("content-type");
      if (type !== undefined && !JSON_TYPE.test(type)) return fail(c, target, 415, "expected a JSON body");
      copy = await bodyToCopy(req); // before a fetch host's slot is taken: none is held across an await
    }
    const slot = takeSlot(req);
    if (slot === NO_SLOT) return fail(c, target, 503, "server busy");
    let checked: Checked;
    try {
      const id = ids.get(req.core) ?? compile(req.core, slot, schemaBytes, ids);
      const input = target === "json" ? bodyInArena(req, slot, copy) : textInArena(req.core, slot, JSON.stringify(inputOf(req, target)));
      checked = check(req, slot, id, input, flags);
    } finally {
      releaseSlot(req, slot);
    }
    const { result, output } = checked;
    if (result > 0) return fail(c, target, 400, "validation failed", output);
    if (result < 0) return failed(c, target, -result, checked.offset);
    req.addValidatedData(target, JSON.parse(target === "json" ? await req.text() : output));
    await next();
  };
}

/** Compile the schema into `core` (once per core), through `slot`'s arena. */
function compile(core: Core, slot: number, schemaBytes: Uint8Array, ids: WeakMap<Core, number>): number {
  const span = bytesInArena(core, slot, schemaBytes);
  if (span.ptr === 0) throw new Error(ERR_SCHEMA_NO_ROOM);
  const id = core.exports.schemaCompile(span.ptr, span.length);
  if (id < 0) throw new Error(`${ERR_SCHEMA_INVALID} (${JSON_ERRORS[-id]?.[1] ?? -id})`);
  ids.set(core, id);
  return id;
}

/** Parse and validate `input` in one WASM call; the output (coerced value or issue list) is read at once. */
function check(req: AppRequest, slot: number, id: number, input: ArenaSpan, flags: number): Checked {
  if (input.ptr === 0) return { result: -JsonError.TOO_LARGE, output: "", offset: 0 }; // no room even for the input
  const { core } = req;
  const api = core.exports;
  const result = api.schemaValidateText(id, slot, input.ptr, input.length, flags);
  if (result < 0) return { result, output: "", offset: api.jsonErrorOffset() };
  return { result, output: core.utf8(api.schemaOutputPtr(), api.schemaOutputLength()), offset: 0 };
}

/** The strings of a non-body target as one object. */
function inputOf(req: AppRequest, target: Exclude<ValidationTarget, "json">): Record<string, string | string[]> {
  if (target === "param") return req.param();
  if (target === "header") return req.header();
  return singleOrAll(req.queries());
}

/** A negative schemaValidateText result: the arena was too small, or the body is not JSON. */
function failed(c: Context, target: ValidationTarget, code: number, offset: number) {
  if (code === JsonError.TAPE_FULL || code === JsonError.OUTPUT_FULL || code === JsonError.TOO_LARGE) {
    return fail(c, target, 413, "too large to validate");
  }
  const syntax = code <= JsonError.TOO_DEEP || code === JsonError.EMPTY_INPUT; // the reader's own errors
  if (!syntax) throw new Error(`${ERR_VALIDATE}: ${JSON_ERRORS[code]?.[1] ?? code}`);
  const issue = JSON.stringify({ path: "", message: `${JSON_ERRORS[code]?.[1] ?? "invalid JSON"} at byte ${offset}` });
  return fail(c, target, 400, "invalid JSON", `[${issue}]`);
}

function fail(c: Context, target: ValidationTarget, status: number, error: string, issues = "[]") {
  const body = `{"error":${JSON.stringify(error)},"target":"${target}","issues":${issues}}`;
  return c.body(body, status, { "content-type": "application/json" });
}
