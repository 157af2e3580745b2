/**
 * With `--workers`, the primary serves nothing: without a check of its own
 * each worker would find out that the pool sizes do not fit, exit, and be
 * restarted until the primary gave up. So the primary lays out one core
 * with the options first (an existing Core call: configure() refuses sizes
 * the pool cannot hold) and a mistake is one usage error, before any fork.
 * The instance is dropped at once.
 */
import { Core } from "../core/core.js";
import { instantiateCore } from "../node/core-file.js";
import type { ServeOptions } from "../node/options.js";

/** Throw the core's ERR_CORE_POOL / ERR_CORE_LIMITS when `options` do not fit. */
export function checkPool(options: ServeOptions): void {
  new Core(instantiateCore(), options);
}
