/**
 * Form bodies: application/x-www-form-urlencoded and multipart/form-data,
 * for c.req.formData() and c.req.parseBody().
 *
 *   body (≤ maxBodyBytes: already in WASM memory on the Node host, read
 *   │     streamed and counted on fetch hosts, ./body.ts)
 *   ├─ urlencoded ─ count "&" (maxParts) ─ URLSearchParams ─────────────┐
 *   └─ multipart ── boundary from Content-Type ─ count delimiters        ├─ FormData ─ per-entry limits
 *                   (maxParts, before any parsing) ─ the platform's     │  (maxFieldBytes, maxFileBytes)
 *                   multipart parser: Response.formData() ─────────────┘
 *
 * The multipart parser is the platform's (undici on Node, workerd's own on
 * Workers): maintained, on every host, no dependency. The whole body is
 * bounded before it is parsed, so the part count is checked on the bytes
 * first and sizes on the entries after. Failures are FormError: 400 for a
 * malformed body, 413 over a limit, 415 for a body that is not a form
 * (formData() only; parseBody() answers {} there, as Hono's does); the
 * default onError answers with that status and message.
 */
import type { AppRequest } from "./request.js";

export const ERR_FORM_TYPE = "asedge: expected a form body (application/x-www-form-urlencoded or multipart/form-data)";
export const ERR_FORM_BOUNDARY = "asedge: a multipart/form-data Content-Type needs a boundary (1 to 70 characters)";
export const ERR_FORM_MALFORMED = "asedge: malformed multipart/form-data body";
export const ERR_FORM_PARTS = "asedge: the form has more parts than maxParts";
export const ERR_FORM_FIELD_SIZE = "asedge: a form field is larger than maxFieldBytes";
export const ERR_FORM_FILE_SIZE = "asedge: a form file is larger than maxFileBytes";

/** A form body that cannot be read: `status` is what the default onError answers. */
export class FormError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super(message);
  }
}

export interface FormLimits {
  /** Fields and files together (default 1000). */
  maxParts?: number;
  /** Bytes of one text field, UTF-8 (default 1 MiB). */
  maxFieldBytes?: number;
  /** Bytes of one file (default: no limit beyond the body's maxBodyBytes). */
  maxFileBytes?: number;
}

export const FORM_LIMITS: Required<FormLimits> = { maxParts: 1000, maxFieldBytes: 1024 * 1024, maxFileBytes: Infinity };

export interface ParseBodyOptions extends FormLimits {
  /** Every value of a repeated name as an array (a name ending in "[]" always is one). */
  all?: boolean;
  /** "a.b" names become nested objects ({ a: { b } }). */
  dot?: boolean;
}

export type BodyValue = string | File;
export type ParsedBody = Record<string, BodyValue | BodyValue[] | ParsedBodyNested>;
interface ParsedBodyNested { [key: string]: BodyValue | BodyValue[] | ParsedBodyNested }

const URLENCODED = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data";
const BOUNDARY = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i;
const encoder = new TextEncoder();

/** The media type of a Content-Type value, lower case ("" when none). */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The request's form as FormData (throws FormError). */
export async function readForm(req: AppRequest, limits: FormLimits = {}): Promise<FormData> {
  const { maxParts, maxFieldBytes, maxFileBytes } = { ...FORM_LIMITS, ...limits };
  const contentType = req.header("content-type") ?? "";
  const type = mediaType(contentType);
  let form: FormData;
  if (type === URLENCODED) {
    const text = await req.text();
    if (text.length > 0 && count(text, "&") + 1 > maxParts) throw new FormError(413, `${ERR_FORM_PARTS} (${maxParts})`);
    form = new FormData();
    new URLSearchParams(text).forEach((value, name) => form.append(name, value));
  } else if (type === MULTIPART) {
    const match = BOUNDARY.exec(contentType);
    if (!match) throw new FormError(400, ERR_FORM_BOUNDARY);
    const body = new Uint8Array(await req.arrayBuffer());
    // Each part starts at a delimiter; the closing one ends the last.
    if (delimiters(body, encoder.encode(`--${match[1] ?? match[2]}`)) - 1 > maxParts) throw new FormError(413, `${ERR_FORM_PARTS} (${maxParts})`);
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new FormError(400, ERR_FORM_MALFORMED);
    }
  } else {
    throw new FormError(415, ERR_FORM_TYPE);
  }
  let parts = 0;
  form.forEach((value) => {
    if (++parts > maxParts) throw new FormError(413, `${ERR_FORM_PARTS} (${maxParts})`);
    if (typeof value === "string") {
      if (value.length > maxFieldBytes / 3 && encoder.encode(value).length > maxFieldBytes) {
        throw new FormError(413, `${ERR_FORM_FIELD_SIZE} (${maxFieldBytes})`);
      }
    } else if (value.size > maxFileBytes) {
      throw new FormError(413, `${ERR_FORM_FILE_SIZE} (${maxFileBytes})`);
    }
  });
  return form;
}

/** Hono's parseBody shape: last value wins unless `all` or a "[]" name; `dot` nests. {} for a body that is not a form. */
export async function parseForm(req: AppRequest, options: ParseBodyOptions = {}): Promise<ParsedBody> {
  const type = mediaType(req.header("content-type"));
  if (type !== URLENCODED && type !== MULTIPART) return Object.create(null) as ParsedBody;
  const form = await req.formData(options);
  const body: ParsedBody = Object.create(null);
  form.forEach((value, key) => {
    const list = options.all || key.endsWith("[]");
    if (!list) body[key] = value;
    else {
      const seen = body[key];
      if (Array.isArray(seen)) seen.push(value);
      else body[key] = seen === undefined ? (key.endsWith("[]") ? [value] : value) : [seen as BodyValue, value];
    }
  });
  return options.dot ? nest(body) : body;
}

/** "a.b.c" names as nested objects; names that would reach a prototype stay flat. */
function nest(body: ParsedBody): ParsedBody {
  for (const key of Object.keys(body)) {
    if (!key.includes(".")) continue;
    const path = key.split(".");
    if (path.some((segment) => segment === "" || segment === "__proto__" || segment === "constructor" || segment === "prototype")) continue;
    let at: ParsedBodyNested = body;
    let ok = true;
    for (const segment of path.slice(0, -1)) {
      const next = at[segment];
      if (next === undefined) at = at[segment] = Object.create(null) as ParsedBodyNested;
      else if (typeof next === "object" && !Array.isArray(next) && !(next instanceof File)) at = next;
      else { ok = false; break; }
    }
    if (!ok) continue;
    at[path[path.length - 1]] = body[key];
    delete body[key];
  }
  return body;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let at = text.indexOf(ch); at !== -1; at = text.indexOf(ch, at + 1)) n++;
  return n;
}

/** How many times `needle` occurs in `bytes`. */
function delimiters(bytes: Uint8Array, needle: Uint8Array): number {
  let n = 0;
  const first = needle[0];
  const last = bytes.length - needle.length;
  outer: for (let at = bytes.indexOf(first); at !== -1 && at <= last; at = bytes.indexOf(first, at + 1)) {
    for (let i = 1; i < needle.length; i++) if (bytes[at + i] !== needle[i]) continue outer;
    n++;
    at += needle.length - 1;
  }
  return n;
}
