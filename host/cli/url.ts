/**
 * The line `asedge serve` prints once it listens: a URL a person can open
 * (an all-interfaces bind is reached at localhost) and the address bound.
 */
import { isIPv6 } from "node:net";

/** Addresses that bind every interface. */
const ANY = new Set(["0.0.0.0", "::", "[::]"]);

/** A URL for `hostname:port` that a browser on this machine opens. */
export function clickableUrl(hostname: string, port: number): string {
  if (ANY.has(hostname)) return `http://localhost:${port}`;
  return `http://${isIPv6(hostname) ? `[${hostname}]` : hostname}:${port}`;
}

/** "listening on http://localhost:3000 (bound to 0.0.0.0:3000: every interface; pid 42)". */
export function listeningLine(hostname: string, port: number, workers: number): string {
  const bound = `${isIPv6(hostname) ? `[${hostname}]` : hostname}:${port}`;
  const scope = ANY.has(hostname) ? ": every interface" : "";
  const many = workers > 1 ? `, ${workers} workers` : "";
  return `listening on ${clickableUrl(hostname, port)} (bound to ${bound}${scope}${many}; pid ${process.pid})`;
}
