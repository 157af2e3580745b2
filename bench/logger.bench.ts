// Access-log cost per request line: asedge's logger (format + batched write)
// vs pino writing the same fields, both to /dev/null through an asynchronous
// destination, in one process.
//   npx vite-node bench/logger.bench.ts
import { createWriteStream } from "node:fs";
import { cpus } from "node:os";
import { bench, group, run, summary } from "mitata";
import pino from "pino";
import { BatchSink, formatJson, formatText } from "../host/middleware/logger/index.js";

const entry = {
  time: Date.now(), method: "GET", path: "/users/12345", status: 200, bytes: 27, durationMs: 0.081, requestId: "3f1c9a", error: undefined,
};

const ours = new BatchSink(createWriteStream("/dev/null"), 8 * 1024);
const oursText = new BatchSink(createWriteStream("/dev/null"), 8 * 1024);
const log = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: "/dev/null", sync: false, minLength: 8 * 1024 }));

summary(() => {
  group("one access-log line (GET /users/12345 200)", () => {
    bench("asedge logger: formatJson + BatchSink", () => { ours.write(formatJson(entry)); }).baseline(true);
    bench("asedge logger: formatText + BatchSink", () => { oursText.write(formatText(entry)); });
    bench("pino: info({method, path, status, bytes, duration_ms, request_id})", () => {
      log.info({ method: entry.method, path: entry.path, status: entry.status, bytes: entry.bytes, duration_ms: entry.durationMs, request_id: entry.requestId });
    });
  });
});

console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`);
await run();
ours.flush();
oursText.flush();
