/**
 * hono is an optional peer dependency of asedge: only asedge/hono needs it.
 * Importing asedge/hono without it says so, instead of Node's "Cannot find
 * package 'hono' imported from …/dist/host/hono/wasm-router.js".
 */
export const ERR_HONO_MISSING = "asedge/hono needs hono, an optional peer dependency of asedge that is not installed: npm i hono";

/** Rethrow `error`, as ERR_HONO_MISSING when it is hono that could not be found. */
export function explainMissingHono(error: unknown): never {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code === "ERR_MODULE_NOT_FOUND" && /'hono(\/[^']*)?'/.test(message ?? "")) throw new Error(ERR_HONO_MISSING, { cause: error });
  throw error;
}
