// The part of `ws` (installed with miniflare) that bench/profile-runtime.ts uses: it ships no types.
declare module "ws" {
  export default class WebSocket {
    constructor(url: string);
    once(event: "open" | "error", listener: (value?: unknown) => void): this;
    on(event: "message", listener: (data: unknown) => void): this;
    send(data: string): void;
    close(): void;
  }
}
