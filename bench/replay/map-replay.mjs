// Peer: the floor of any replayer on node:http — the recording's answers in a
// Map keyed by method and exact URL (no fingerprint, no normalisation, no
// order), served by node:http. REC: the recording file.
import http from "node:http";
import { readFileSync } from "node:fs";
import { Recording } from "../../dist/host/helper/replay/format.js";

const answers = new Map();
for (const x of Recording.from(readFileSync(process.env.REC)).entries()) {
  answers.set(`${x.request.method} ${x.request.url}`, x.response);
}
http.createServer((req, res) => {
  const answer = answers.get(`${req.method} ${req.url}`);
  if (!answer) return res.writeHead(404).end();
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(answer.body);
}).listen(Number(process.env.PORT), "127.0.0.1");
