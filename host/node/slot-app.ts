/**
 * The contract between a host that parses requests into slots (the Node
 * host) and the application layer that answers them (App). One call per
 * request, integers in and out.
 */
import type { Core } from "../core.js";
import type { CoreExports } from "../abi.js";
import type { SlotAnswer } from "../app/slot-response.js";

export type { SlotAnswer };

export interface SlotApp {
  /**
   * The instance to build the host's Core on, for apps that bring their own
   * .wasm (an AssemblyScript app, host/wasm-app/); default: the core .wasm.
   */
  instantiate?(): CoreExports;
  /** Attach to a core whose slots this app will be asked to answer (builds route tables). */
  bind(core: Core): void;
  /**
   * Answer the complete request parsed in `slot` of `core` (one the app was
   * bound to; an app may serve several cores): write the response into the
   * slot (respond()) and return its length, or a promise of it. The response
   * starts at REQ.RESPONSE_START; a body too large for the slot comes back
   * as a split answer (head length + tail bytes). `close` asks for
   * Connection: close. Never throws or rejects: failures become 500
   * responses; a negative length means no response could be written.
   */
  handleSlot(slot: number, close: boolean, core: Core): SlotAnswer | Promise<SlotAnswer>;
}
