/**
 * A socket a test writes to by hand, collecting what the server sends, for
 * tests that hold connections open between writes (slow clients, timeouts,
 * shutdown); and the waits they use.
 */
import net from "node:net";
import { parseResponses, type RawResponse } from "./raw-http.js";

/** Wait until `condition` holds (checked every 10 ms), at most `ms`; the assertion after it says what failed. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !(await condition()) && Date.now() < end;) await pause(10);
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket the test writes to by hand; collects what the server sends. */
export class Client {
  readonly socket: net.Socket;
  private received = Buffer.alloc(0);
  readonly connected: Promise<void>;
  readonly closed: Promise<void>;
  private isClosed = false;

  constructor(port: number) {
    this.socket = net.connect(port, "127.0.0.1");
    this.socket.setNoDelay(true);
    this.socket.on("data", (data) => { this.received = Buffer.concat([this.received, data]); });
    this.socket.on("error", () => {});
    this.connected = new Promise((resolve) => this.socket.once("connect", () => resolve()));
    this.closed = new Promise((resolve) => this.socket.once("close", () => { this.isClosed = true; resolve(); }));
  }

  async send(bytes: string | Buffer): Promise<void> {
    await this.connected;
    await new Promise<void>((resolve) => this.socket.write(bytes, () => resolve()));
  }

  get responses(): RawResponse[] {
    return parseResponses(this.received).responses;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Wait until `count` responses arrived (or the socket closed, or 5 s passed). */
  async waitFor(count: number): Promise<RawResponse[]> {
    const deadline = Date.now() + 5000;
    while (this.responses.length < count && !this.isClosed && Date.now() < deadline) await pause(5);
    return this.responses;
  }

  close(): void {
    this.socket.destroy();
  }
}
