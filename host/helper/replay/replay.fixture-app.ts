// The replay fixture's app, for either build: POST /_load takes a recording's
// bytes, everything else is answered from it (replay mode).
import type { App } from "../../app/app.js";
import { Recording } from "./format.js";
import type { ReplayMiddleware, ReplayOptions, ReplayStore } from "./replay.js";

export function replayFixture(replay: (options: ReplayOptions) => ReplayMiddleware) {
  let current = Recording.empty();
  const store: ReplayStore = {
    lookup: (f, s, o) => current.lookup(f, s, o), count: (f, s) => current.count(f, s), entries: () => current.entries(),
  };
  const middleware = replay({ recording: store });
  return (app: App) => app
    .post("/_load", async (c) => {
      current = Recording.from(new Uint8Array(await c.req.arrayBuffer()));
      middleware.reset();
      return c.text(String(current.size));
    })
    .all("*", middleware);
}
