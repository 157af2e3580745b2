/**
 * The body hash behind strong ETags: a synchronous, non-cryptographic 64-bit
 * hash in plain JavaScript (two 32-bit multiply-xor lanes, each finished with
 * murmur3's avalanche; the shape of bryc's cyrb53, kept to 64 bits). Strings
 * are hashed by UTF-16 code unit, so a string body is never encoded to UTF-8
 * just to be hashed; bytes by byte. Same input, same hash, on every host.
 *
 * Why not Web Crypto's SHA-1/SHA-256 (the only hashes Node and Workers
 * share)? It is asynchronous (a promise per response, and a body encoded to
 * bytes first) and, measured in bench/results/middleware.md, several times
 * slower for the bodies APIs send (under 16 KB); an ETag needs to tell
 * versions of one resource apart, not resist an adversary (a client only
 * ever fools itself with a collision).
 */

/** 16 hex digits: the 64-bit hash of a string's code units or of bytes. */
export function hash64(body: string | Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  if (typeof body === "string") {
    for (let i = 0; i < body.length; i++) {
      const ch = body.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  } else {
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex8(h2 >>> 0) + hex8(h1 >>> 0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}
