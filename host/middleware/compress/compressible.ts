/**
 * Which media types are worth compressing: text and structured text, yes;
 * formats that are already compressed (images, audio, video, zip, woff2…),
 * no. The `compressible` package (mime-db) would be the maintained table, but
 * mime-db is ≈ 200 KB of JSON, too much for a Worker bundle: this is a short
 * documented list instead, a superset of what Cloudflare's edge compresses
 * (developers.cloudflare.com, "Content compression").
 *
 *   yes  text/* (not text/event-stream: it must reach the client as written)
 *        any type with a +json, +xml or +text suffix
 *        application/ json javascript x-javascript ecmascript xml wasm
 *          x-www-form-urlencoded graphql x-protobuf yaml x-yaml toml
 *          vnd.ms-fontobject x-font-ttf x-font-opentype ttf otf x-sh x-perl
 *          x-httpd-cgi xhtml+xml (and the other suffixed types above)
 *        image/svg+xml image/x-icon image/vnd.microsoft.icon image/bmp
 *        font/ttf font/otf font/collection  multipart/mixed multipart/bag
 *   no   everything else, and a response without Content-Type
 */

const APPLICATION = new Set([
  "json", "javascript", "x-javascript", "ecmascript", "xml", "wasm", "x-www-form-urlencoded", "graphql",
  "x-protobuf", "yaml", "x-yaml", "toml", "vnd.ms-fontobject", "x-font-ttf", "x-font-opentype", "ttf", "otf",
  "x-sh", "x-perl", "x-httpd-cgi",
]);
const OTHER = new Set([
  "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon", "image/bmp",
  "font/ttf", "font/otf", "font/collection", "multipart/mixed", "multipart/bag",
]);

/** The media type of a Content-Type value: lower case, without parameters. */
export function mediaType(contentType: string): string {
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** Whether a response of this Content-Type is worth compressing (the default `filter`). */
export function isCompressible(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = mediaType(contentType);
  if (type.startsWith("text/")) return type !== "text/event-stream";
  if (type.endsWith("+json") || type.endsWith("+xml") || type.endsWith("+text")) return true;
  if (type.startsWith("application/")) return APPLICATION.has(type.slice("application/".length));
  return OTHER.has(type);
}
