/**
 * asedge/worker under Node (the `node` export condition): the same API with
 * the core read from disk, so a Worker app's unit tests can call
 * `app.request()` in plain Node. workerd and bundlers for Workers get index.ts.
 *
 * @example
 *   import app from "../src/index.js";          // imports from "asedge/worker"
 *   expect((await app.request("/users/1")).status).toBe(200);
 */
import { coreModule } from "../host/node/core-file.js";
import { registerCoreModule } from "../host/core/registry.js";

registerCoreModule(coreModule);

export * from "./api.js";
