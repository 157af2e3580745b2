/**
 * asedge for Node: the App API and the Node host.
 *
 * @example
 *   import { App, serve } from "asedge";
 *   const app = new App().get("/users/:id", (c) => c.json({ id: c.req.param("id") }));
 *   await serve(app, { port: 3000 });
 */
import "./node/register-core.js";

export * from "./api.js";
// Node only: the socket server and AS apps loaded from disk.
export { serve, NodeServer, type Server, type ServerStats } from "./node/server.js";
export type { ServeOptions } from "./node/options.js";
export type { ClusterOptions } from "./node/cluster.js";
export { loadWasmApp } from "./wasm-app/load.js";
export { WasmSlotApp } from "./wasm-app/slot-app.js";
// Slot hosts: the contract an app answers a parsed request by, and the App's adapter to it.
export { AppSlotAdapter } from "./slot/app-adapter.js";
export type { SlotApp, SlotReply, StreamReply } from "./slot/contract.js";
