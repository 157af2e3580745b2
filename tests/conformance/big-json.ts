/**
 * Large JSON bodies for the canonical-JSON route, built from records that
 * exercise what the round trip rewrites: whitespace, number forms (2.50,
 * 1E2, -0, 1.5e-7, 20-digit integers), escapes and raw UTF-8, repeated keys
 * (the last value wins at the first key's place), array-index keys (first,
 * ascending) and objects over 16 members. Deterministic, exactly `bytes`
 * UTF-8 bytes long (whitespace pads before the last bracket).
 *
 * The expected answer is computed here independently of the WASM code, from
 * the route's contract: JSON.stringify(JSON.parse(body)) (V8's own).
 */

function record(i: number): string {
  const wide = Array.from({ length: 18 }, (_, k) => `"k${(k * 7 + i) % 18}" : ${k % 3 === 0 ? `"v${k}"` : k * i}`).join(", ");
  return `{ "id": ${i}, "name": "item-${i}", "price": ${i % 97}.${(i * 37) % 100}0, "hundreds": ${i % 9}E2, `
    + `"neg": -0, "tiny": 1.5e-7, "huge": 1234567890123456789${i % 10}, "ok": ${i % 2 === 0}, "none": null, `
    + `"text": "caf\\u00e9 \\"q\\" \\\\ \\/ \\n é ☃ 😀 #${i}", "tags": ["a", "b" , ${i % 5}, [], {}], `
    + `"dup": 1, "10": "ten", "2": "two", "dup": "last-${i}",\n  "wide": { ${wide} } }`;
}

/** A valid JSON text of exactly `bytes` UTF-8 bytes: {"records": [record…], "count": n}. */
export function bigJson(bytes: number): string {
  const end = (count: number) => `\n], "count": ${count}}`;
  let text = '{ "records": [\n';
  let count = 0;
  for (;;) {
    const next = (count ? ",\n" : "") + record(count);
    if (Buffer.byteLength(text + next + end(99_999)) > bytes) break;
    text += next;
    count++;
  }
  const pad = bytes - Buffer.byteLength(text + end(count));
  if (count === 0 || count > 99_999) throw new RangeError(`bigJson: no record layout for ${bytes} bytes`);
  return text + " ".repeat(pad) + end(count);
}

/** The route's answer for `body`, worked out by V8. */
export function canonicalOf(body: string): string {
  return JSON.stringify(JSON.parse(body));
}

/** `[0,0,…,0]` of exactly `bytes` bytes (odd): the tape's worst case, 12 bytes per 2 body bytes. */
export function zeros(bytes: number): string {
  return `[${"0,".repeat((bytes - 3) / 2)}0]`;
}
