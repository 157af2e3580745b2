// Limits are owned by the caller (the host), set once through the ABI and
// read by the parser. Defaults follow Node's http server where it has one.
//
// Limits (unmanaged, 16 bytes, all fields u32; one static instance):
//
//   off field            counts                                      beyond it
//   ─── ───────────────  ──────────────────────────────────────────  ─────────
//     0 maxHeaderBytes   request-line + header section (+ trailers)  431
//     4 maxHeaders       header fields; also each slot's table size  431
//     8 maxTargetLength  request-target bytes                        414
//    12 maxBodyBytes     decoded body bytes                          413

@unmanaged
export class Limits {
  maxHeaderBytes: u32;
  maxHeaders: u32;
  maxTargetLength: u32;
  maxBodyBytes: u32;
}

export const DEFAULT_MAX_HEADER_BYTES: u32 = 16 * 1024;
export const DEFAULT_MAX_HEADERS: u32 = 100;
export const DEFAULT_MAX_TARGET_LENGTH: u32 = 8 * 1024;
export const DEFAULT_MAX_BODY_BYTES: u32 = 1024 * 1024;

/**
 * Bytes of chunk extensions one chunk may carry, counted as llhttp counts
 * them (names and values, quotes included; not the ';' and '=' between
 * them): beyond it CHUNK_EXTENSIONS_TOO_LARGE (413). llhttp's limit (16 KiB,
 * Node ≥ 20.11 / 18.19, CVE-2024-22019). A constant, not a field of Limits:
 * configure() takes the limits positionally in many callers, and no server
 * needs more (extensions carry no data anyone uses).
 */
export const MAX_CHUNK_EXTENSION_BYTES: u32 = 16 * 1024;

/** The instance's limits (one per instance, like the pool). */
export const limits: Limits = changetype<Limits>(memory.data(offsetof<Limits>()));
limits.maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
limits.maxHeaders = DEFAULT_MAX_HEADERS;
limits.maxTargetLength = DEFAULT_MAX_TARGET_LENGTH;
limits.maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
