/**
 * Serving an AssemblyScript app .wasm on a slot host (the Node host): the
 * app's own instance is the core (its parser, slots and router), and each
 * request is one call — handle(slot) routes, runs the AS handlers and writes
 * the response into the slot. No JavaScript handler runs.
 *
 * @example
 *   import { serve, loadWasmApp } from "asedge";
 *   await serve(loadWasmApp("build/app.wasm"), { port: 3000 });
 */
import type { Core } from "../core/core.js";
import { GATHERED, type Peer, type ReplySink, type SlotApp, type SlotReply } from "../slot/contract.js";
import { RespondFlag } from "../core/abi.js";
import { instantiateApp, type AppExports } from "./exports.js";
import { microsSince } from "../core/metrics.js";

export class WasmSlotApp implements SlotApp {
  constructor(readonly module: WebAssembly.Module) {}

  /** The instance the host builds its Core on (the app's own: routes live in it). */
  instantiate(): AppExports {
    return instantiateApp(this.module);
  }

  /** Nothing to compile: the AS app registered its routes when its instance started. */
  bind(): void {}

  handleSlot(slot: number, close: boolean, core: Core, startedAt: number, _peer?: Peer, sink?: ReplySink): SlotReply {
    const api = core.exports as AppExports;
    const flags = RespondFlag.RELEASE | (close ? RespondFlag.CLOSE : 0);
    let length: number;
    try {
      length = api.handle(slot, flags, microsSince(startedAt));
    } catch {
      // A trap in an AS handler (throw, arena exhausted): the app's 500.
      // The instance stays usable: handle() resets its request state.
      length = api.handleFailed(slot, flags, microsSince(startedAt));
    }
    if (length >= 0) return sink?.gather(core, core.responseStart(slot), length) ? GATHERED : core.copyOut(core.responseStart(slot), length);
    api.release(slot); // respond() refused: the slot is still ours
    return null;
  }
}
