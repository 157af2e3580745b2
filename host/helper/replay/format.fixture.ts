// A recording read where it is posted: the request body is a recording
// file's bytes (made on Node, zlib's CRC), loaded, verified with the JS CRC
// and looked up on each host, workerd included (format.ts is runtime-free).
import type { App } from "../../app/app.js";
import { Recording } from "./format.js";

export default (app: App) => app
  .post("/lookup/:fingerprint/:occurrence", async (c) => {
    const recording = Recording.from(new Uint8Array(await c.req.arrayBuffer()));
    recording.verify();
    const session = c.req.header("x-session") ?? "";
    const x = recording.lookup(c.req.param("fingerprint"), session, Number(c.req.param("occurrence")));
    const counts = { "x-size": String(recording.size), "x-torn": String(recording.torn), "x-count": String(recording.count(c.req.param("fingerprint"), session)) };
    if (!x) return c.body(null, 404, counts);
    // Appending in the Worker, then reading the result back, must give the same exchange.
    const again = Recording.from(new Uint8Array([...recording.toBytes(), ...Recording.empty().add({ ...x, occurrence: x.occurrence + 1000 })]));
    const copy = again.lookup(x.fingerprint, session, x.occurrence + 1000)!;
    return c.body(copy.response.body, x.response.status as 200, {
      ...counts, "x-method": x.request.method, "x-url": x.request.url, "x-request-body": String(x.request.body.length),
      "x-response-headers": JSON.stringify(x.response.headers),
    });
  })
  .onError((error, c) => c.text(error.message, 500));
