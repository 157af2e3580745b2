/**
 * asedge for Cloudflare Workers: the App API, served by the WASM core that
 * this isolate instantiated once, at module scope.
 *
 * The core .wasm is imported as a precompiled module (wrangler's CompiledWasm
 * rule): Workers forbid compiling WebAssembly from bytes at run time. One
 * instance serves every request of the isolate; a request holds an arena
 * slot only while the router runs, so concurrent requests do not collide and
 * a handler awaiting a subrequest holds none.
 *
 * @example
 *   // src/index.ts of your Worker
 *   import { App } from "asedge/worker";
 *   const app = new App<{ KV: KVNamespace }>()
 *     .get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 *   export default app;                 // app.fetch is bound: a valid ES-module Worker
 */
import coreModule from "../build/asedge.wasm";
import { registerCoreModule } from "../host/core/registry.js";

// The isolate's first app gets the instance made here, at module scope; a
// second app in the same isolate gets its own (instantiating a precompiled
// module is allowed at run time, compiling bytes is not).
registerCoreModule(() => coreModule, { instantiateNow: true });

export * from "./api.js";
