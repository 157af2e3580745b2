/**
 * What `asedge serve` flags add around the app being served: an access log
 * (--log), CORS (--cors), compression (--compress), a /metrics route
 * (--metrics) and static files (--static), each the middleware of the same
 * name: the first three run before the app's routes (in that order: the log
 * sees every answer), /metrics is matched before them, and files are served
 * where no route of the app answered.
 */
import { statSync } from "node:fs";
import type { App } from "../app/app.js";
import type { Handler } from "../app/types.js";
import type { SlotApp } from "../slot/contract.js";
import type { LogFormat } from "../middleware/logger/format.js";
import { UsageError } from "./usage-error.js";

export interface Wrapping {
  log?: LogFormat;
  /** The allowed origin ("*" for any). */
  cors?: string;
  /** The path /metrics is served at. */
  metrics?: string;
  compress?: boolean;
  /** The directory files are served from. */
  static?: string;
}

/**
 * `app` with the flags' middleware around it; an AssemblyScript app (.wasm)
 * takes none. Each middleware is loaded only when its flag is given, so the
 * CLI's other commands load none of them (nor their dependencies).
 */
export async function wrapApp(app: App | SlotApp, wrapping: Wrapping, flags: string[]): Promise<App | SlotApp> {
  if (flags.length === 0) return app;
  if (wrapping.static !== undefined && !statSync(wrapping.static, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--static: ${wrapping.static}: no such directory`);
  }
  if (!isApp(app)) throw new UsageError(`${flags.join(", ")}: only for an App entry (a .js or .ts module), not an AssemblyScript .wasm`);
  const middleware: Handler[] = [];
  if (wrapping.log) middleware.push((await import("../middleware/logger/index.js")).logger({ format: wrapping.log }));
  if (wrapping.cors !== undefined) middleware.push((await import("../middleware/cors/index.js")).cors({ origin: wrapping.cors }));
  if (wrapping.compress) middleware.push((await import("../middleware/compress/index.js")).compress());
  const metrics = wrapping.metrics === undefined ? undefined : (await import("../middleware/metrics/index.js")).metrics;
  const serveStatic = wrapping.static === undefined ? undefined : (await import("../middleware/serve-static/index.js")).serveStatic;
  const path = wrapping.metrics;
  return app.wrapped({
    first: middleware,
    routes: path === undefined || !metrics ? undefined : (outer) => { outer.get(path, metrics()); },
    last: serveStatic === undefined ? undefined : [serveStatic({ root: wrapping.static })],
  });
}

/** An App (duck-typed: the entry may hold another copy of the class). */
function isApp(app: App | SlotApp): app is App {
  return typeof (app as App).wrapped === "function";
}
