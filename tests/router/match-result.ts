// Hono router results (either shape) as plain [handler, params] lists.
import type { ParamIndexMap, Params, Result } from "hono/router";

export type Flat = [handler: string, params: Record<string, string>][];

export function flatten(result: Result<string>): Flat {
  const [matches, stash] = result;
  return matches.map(([handler, map]) => {
    const params: Record<string, string> = {};
    for (const key of Object.keys(map)) {
      const value = stash ? stash[(map as ParamIndexMap)[key]] : (map as Params)[key];
      if (value !== undefined) params[key] = value;
    }
    return [handler, params];
  });
}
