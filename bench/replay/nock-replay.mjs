// Peer: replay the way nock users do — every recorded exchange defined as a
// persisted nock interceptor, and a node:http server forwarding each request
// to the (intercepted) upstream. REC: the recording file.
import http from "node:http";
import { readFileSync } from "node:fs";
import nock from "nock";
import { Recording } from "../../dist/host/helper/replay/format.js";

const ORIGIN = "http://upstream.invalid";
for (const x of Recording.from(readFileSync(process.env.REC)).entries()) {
  nock(ORIGIN).persist().intercept(x.request.url, x.request.method).reply(x.response.status, Buffer.from(x.response.body), Object.fromEntries(x.response.headers));
}
nock.disableNetConnect();
http.createServer((req, res) => {
  const upstream = http.request(`${ORIGIN}${req.url}`, { method: req.method }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", () => res.writeHead(502).end());
  req.pipe(upstream);
}).listen(Number(process.env.PORT), "127.0.0.1");
