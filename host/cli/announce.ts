/**
 * What `asedge serve` says about itself (listening, closing, closed). With
 * `--log json` the lines are server events in the same JSON stream as the
 * access log (stdout, one batch, one order), so a log shipper reads one
 * format; otherwise readable lines on stdout, as asedge always printed them.
 *
 *   text  asedge: listening on http://localhost:3000 (bound to 0.0.0.0:3000: every interface; pid 42)
 *   json  {"time":"…","level":"info","event":"listening","message":"asedge: listening on …","url":"http://localhost:3000","port":3000,"pid":42}
 */
import { ServerEvents, type ServerLogOptions } from "../node/events.js";

type Fields = Record<string, string | number | undefined>;

export type Announce = (event: string, message: string, fields?: Fields) => void;

export function announcer(log: ServerLogOptions | undefined): Announce {
  if (log?.format !== "json") return (_event, message) => void process.stdout.write(`asedge: ${message}\n`);
  const events = new ServerEvents(log);
  return (event, message, fields = {}) => {
    events.emit("info", event, `asedge: ${message}`, { ...fields, pid: process.pid });
    events.flush(); // a line a person or a test waits for: out now, not at the next batch
  };
}
