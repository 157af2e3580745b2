/**
 * Content-Type by file name, from mrmime's table (`mimes`) (generated from mime-db,
 * pinned in package.json). Imported by the Node build only: on Workers the
 * assets binding sends the type.
 */
import { mimes } from "mrmime";

const UTF8_TYPES = /^(?:text\/|application\/(?:javascript|json|xml|manifest\+json)$|[^;]*\+(?:json|xml)$)/;

/** Content-Type for a file name: mrmime's type (or `overrides` by extension), `; charset=utf-8` on text types, octet-stream when unknown. */
export function mimeType(name: string, overrides?: Record<string, string>): string {
  const slash = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  const dot = name.lastIndexOf(".");
  const ext = dot <= slash + 1 ? "" : name.slice(dot + 1).toLowerCase();
  // Own keys only: mrmime's lookup("constructor") would return Object's.
  const type = overrides && Object.hasOwn(overrides, ext) ? overrides[ext] : Object.hasOwn(mimes, ext) ? mimes[ext] : undefined;
  if (!type) return "application/octet-stream";
  return UTF8_TYPES.test(type) && !type.includes(";") ? `${type}; charset=utf-8` : type;
}
