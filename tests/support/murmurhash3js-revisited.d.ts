// The part of murmurhash3js-revisited the fingerprint tests use (the package ships no types).
declare module "murmurhash3js-revisited" {
  /** Hex digest (h1 then h2, big-endian each) of the bytes, seed 0 unless given. */
  type Hash128 = (bytes: Uint8Array, seed?: number) => string;
  const murmur: { x64: { hash128: Hash128 } };
  export default murmur;
}
