// Routes that answer a request's fingerprint, for the same checks on
// app.request, a Node socket and workerd.
import type { App } from "../../app/app.js";
import { requestFingerprint, type FingerprintOptions } from "./fingerprint.js";

/** The options of /fp/* (the test computes fingerprintOfParts with the same). */
export const OPTIONS: FingerprintOptions = { ignoreQuery: ["ts"], headers: ["accept", "X-Tenant"] };

/** /redact/*: the recorder's use of headerValue (a stand-in for its keyed hash). */
export const REDACT = (name: string, value: string): string => (name === "authorization" ? `len:${value.length}` : value);

export default (app: App) => app
  .all("/fp/*", async (c) => c.text(await requestFingerprint(c.req, OPTIONS)))
  .all("/raw/*", async (c) => c.text(await requestFingerprint(c.req, { body: "raw" })))
  .all("/ignore/*", async (c) => c.text(await requestFingerprint(c.req, { body: "ignore" })))
  .all("/redact/*", async (c) => c.text(await requestFingerprint(c.req, { headers: ["authorization"] }, REDACT)))
  // The fingerprint does not consume the body: the handler can still read it.
  .post("/then-read", async (c) => c.text(`${await requestFingerprint(c.req, OPTIONS)} ${await c.req.text()}`));
