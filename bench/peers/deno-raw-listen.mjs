// Ceiling, not a peer: a raw Deno.listen server that answers every request
// with one canned /plaintext response (as raw-net.mjs does on Node): what a
// socket host on Deno.listen could reach at most. Run with deno.
const REPLY = new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 13\r\n\r\nHello, World!");
const CR = 13, LF = 10;

async function answer(conn) {
  conn.setNoDelay(true);
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
      let count = 0;
      for (let i = 3; i < n; i++) if (buffer[i] === LF && buffer[i - 1] === CR && buffer[i - 2] === LF && buffer[i - 3] === CR) count++;
      if (count === 0) continue;
      const out = count === 1 ? REPLY : new Uint8Array(REPLY.length * count);
      if (count > 1) for (let k = 0; k < count; k++) out.set(REPLY, k * REPLY.length);
      for (let written = 0; written < out.length;) written += await conn.write(out.subarray(written));
    }
  } catch {
    // reset by the client
  }
  try { conn.close(); } catch { /* already closed */ }
}

for await (const conn of Deno.listen({ port: Number(Deno.env.get("PORT")), hostname: "127.0.0.1" })) answer(conn);
