/**
 * The contract between a host that parses requests into slots (the Node
 * host) and the application layer that answers them (App). One call per
 * request, integers in and out.
 */
import type { Core } from "../core.js";

export interface SlotApp {
  /** Attach to the core whose slots this app will be asked to answer (builds route tables). */
  bind(core: Core): void;
  /**
   * Answer the complete request parsed in `slot`: write the response into the
   * slot (respond()) and return its length, or a promise of it. The response
   * starts at REQ.RESPONSE_START. `close` asks for Connection: close. Never
   * throws or rejects: failures become 500 responses.
   */
  handleSlot(slot: number, close: boolean): number | Promise<number>;
}
